"""Builds templates/verzoekschrift.docx: a python-docx document with docxtpl (Jinja) tags.

Run `python -m scripts.make_templates` after changing it; the generated .docx is committed.
Loops and conditions are paragraph tags ({%p %}) or table-row tags ({%tr %}) so no empty
paragraph or row is left behind; every {{ }} sits in a single run so Word cannot split it.
"""

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from models.documents import deterministic_zip

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class Builder:
    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(4)
        for name, size in (("Title", 16), ("Heading 1", 12.5), ("Heading 2", 11)):
            style = self.doc.styles[name]
            style.font.name = "Arial"
            style.font.size = Pt(size)

    def p(self, text: str = "", bold: bool = False, italic: bool = False, style: str | None = None, align=None):
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold, italic
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def labelled(self, label: str, text: str):
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(text)
        return paragraph

    def tag(self, text: str):
        """A paragraph holding only a {%p ... %} tag: docxtpl removes it when rendering."""
        return self.doc.add_paragraph(text)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return deterministic_zip(out.getvalue())

    def h1(self, text: str):
        return self.doc.add_heading(text, level=1)

    def h2(self, text: str):
        return self.doc.add_heading(text, level=2)

    def table(self, headers: list[str], loop: str, cells: list[str], end: str = "{%tr endfor %}"):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers):
            cell.text = ""
            cell.paragraphs[0].add_run(header).bold = True
        for row_text in ([loop] + [""] * (len(headers) - 1), cells, [end] + [""] * (len(headers) - 1)):
            row = table.add_row()
            for cell, text in zip(row.cells, row_text):
                cell.text = text
        return table


def add_field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def build_verzoekschrift() -> bytes:
    b = Builder()
    b.p("Aan de kinderrechter van de {{ court.name }}", bold=True)
    b.p("te {{ court.location }}")
    b.p()
    b.p("{{ title }}", style="Title")
    b.labelled("Betreft: ", "{{ measure.name }} ({{ measure.articles }})")
    b.labelled("Verificatiecode: ", "{{ verification_code }}")
    b.p()
    b.p("Geeft eerbiedig te kennen:", bold=True)
    b.p("{{ requester.name }}, werkzaam bij {{ requester.organisation }}, die dit verzoek doet als "
        "{{ requester.capacity }}, hierna te noemen: verzoeker.")

    b.h1("1. De minderjarige(n)")
    b.table(["Naam", "Geboortedatum", "Woonplaats"], "{%tr for c in children %}",
            ["{{ c.name }}", "{{ c.date_of_birth }}", "{{ c.residence }}"])

    b.h1("2. Belanghebbenden")
    b.tag("{%p for p in parties %}")
    b.p("{{ p.name }}, {{ p.relation }}, {{ p.gezag }}{% if p.lawyer %}; advocaat: {{ p.lawyer }}{% endif %}")
    b.tag("{%p endfor %}")

    b.h1("3. Het verzoek")
    b.p("Verzoeker verzoekt de kinderrechter {{ measure.court_request }}, voor de duur van {{ measure.duration }} "
        "({{ measure.duration_article }}), op grond van {{ measure.articles }}.")
    b.h2("Samenvatting")
    b.p("{{ summary }}")

    b.h1("4. De feiten")
    b.p("Hieronder staan de feiten, elk met bron, datum en wie het bevestigde. De beoordeling volgt in de "
        "paragrafen daarna.", italic=True)
    b.tag("{%p for f in facts %}")
    b.labelled("{{ f.number }}. ", "{{ f.text }}")
    b.p("Bron: {{ f.source }}; datum: {{ f.date }}; bevestigd door: {{ f.confirmed_by }}.", italic=True)
    b.tag("{%p endfor %}")

    b.h1("5. De zorgen")
    b.tag("{%p for z in concerns %}")
    b.p("– {{ z }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not concerns %}")
    b.p("De zorgen blijken uit de feiten en de gronden hieronder.")
    b.tag("{%p endif %}")

    b.h1("6. De wettelijke grond")
    b.labelled("Grond: ", "{{ ground_option_label }}")
    b.tag("{%p for g in grounds %}")
    b.p("{{ g.question }} ({{ g.article }})", bold=True)
    b.p("{{ g.answer }}")
    b.p("Onderbouwd met feit(en): {{ g.facts }}.", italic=True)
    b.tag("{%p endfor %}")

    b.h1("7. Subsidiariteit: overwogen lichtere middelen")
    b.tag("{%p for a in alternatives %}")
    b.p("{{ a.kind|capitalize }}: {{ a.description }}", bold=True)
    b.labelled("Geprobeerd: ", "{{ a.tried }}")
    b.labelled("Resultaat: ", "{{ a.result }}")
    b.labelled("Waarom dit niet volstaat: ", "{{ a.why_insufficient }}")
    b.tag("{%p endfor %}")

    b.h1("8. Proportionaliteit, doelmatigheid en doelen")
    b.p("{{ proportionality }}")
    b.tag("{%p if duration_reason %}")
    b.labelled("Waarom deze duur: ", "{{ duration_reason }}")
    b.tag("{%p endif %}")
    b.labelled("Doelmatigheid: ", "{{ effectiveness }}")
    b.tag("{%p if acceptable_term %}")
    b.labelled("Aanvaardbare termijn voor het kind: ", "{{ acceptable_term }}")
    b.tag("{%p endif %}")
    b.p("Doelen van de maatregel:", bold=True)
    b.tag("{%p for goal in goals %}")
    b.p("– {{ goal }}")
    b.tag("{%p endfor %}")

    b.h1("9. Standpunten van de belanghebbenden (hoor en wederhoor)")
    b.tag("{%p for s in positions %}")
    b.p("{{ s.name }} ({{ s.relation }})", bold=True)
    b.p("Uitgenodigd om op het concept te reageren {{ s.invited }}{% if s.deadline %}, met een reactietermijn tot "
        "{{ s.deadline }}{% endif %}.")
    b.tag("{%p if s.responded %}")
    b.p("Standpunt: {{ s.position }}; ontvangen op {{ s.response_date }}{% if s.on_behalf_of %}, namens "
        "belanghebbende door {{ s.on_behalf_of }}{% endif %}. In eigen woorden:")
    b.p("“{{ s.text }}”", italic=True)
    b.tag("{%p else %}")
    b.p("{{ s.text }}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")

    b.h1("10. De mening van het kind")
    b.tag("{%p for v in child_views %}")
    b.p("{{ v.name }}", bold=True)
    b.tag("{%p if v.heard %}")
    b.p("Gehoord door {{ v.obtained_by }} op {{ v.obtained_at }} ({{ v.method }}).")
    b.tag("{%p if v.words %}")
    b.p("In de eigen woorden van het kind:")
    b.p("“{{ v.words }}”", italic=True)
    b.tag("{%p endif %}")
    b.tag("{%p if v.summary %}")
    b.labelled("Samenvatting van de professional: ", "{{ v.summary }}")
    b.tag("{%p endif %}")
    b.tag("{%p else %}")
    b.p("Niet gehoord, omdat {{ v.not_heard_reason }}. {{ v.explanation }}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not child_views %}")
    b.p("Geen van de kinderen heeft de leeftijd om gehoord te worden (art. 809 Rv); hun belang is in de gronden "
        "beschreven.")
    b.tag("{%p endif %}")

    b.h1("11. Tegenspraak")
    b.p("Dit verzoek is vóór indiening getoetst door professionals uit andere regio's die niet bij het gezin "
        "betrokken zijn, met een jurist en een gedragswetenschapper (tegenspraak). Het panel keurde revisie "
        "{{ tegenspraak.revision_number }} goed op {{ tegenspraak.approved_on }}.")
    b.table(["Naam", "Rol", "Regio", "Oordeel", "Datum"], "{%tr for m in tegenspraak.members %}",
            ["{{ m.name }}", "{{ m.role }}", "{{ m.region }}", "{{ m.verdict }}", "{{ m.date }}"])
    b.p()
    b.tag("{%p for m in tegenspraak.members %}")
    b.labelled("Toelichting {{ m.name }}: ", "{{ m.reasons }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if tegenspraak.escalation %}")
    b.labelled("Afwijkend advies en escalatie: ", "{{ tegenspraak.escalation }}")
    b.tag("{%p endif %}")
    b.h2("Ondertekening")
    b.tag("{%p for s in tegenspraak.signoffs %}")
    b.labelled("{{ s.name }} ({{ s.role }}), {{ s.date }}: ", "{{ s.declaration }}")
    b.tag("{%p endfor %}")
    b.labelled("Getoetste revisie (SHA-256): ", "{{ tegenspraak.revision_hash }}")

    b.h1("12. Bijlagen")
    b.tag("{%p for a in attachments %}")
    b.p("{{ loop.index }}. {{ a }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not attachments %}")
    b.p("Geen bijlagen.")
    b.tag("{%p endif %}")

    b.h1("Verzoek")
    b.p("Redenen waarom verzoeker de kinderrechter verzoekt {{ measure.court_request }}, voor de duur van "
        "{{ measure.duration }}, met zodanige beslissing als de kinderrechter juist acht.")
    b.p()
    b.p("Aldus gedaan te {{ place }}, op {{ date }}.")
    b.p()
    b.p("{{ signatory.name }}", bold=True)
    b.p("{{ signatory.function }}, {{ signatory.organisation }}")
    b.p()
    b.p("{{ verification_hint }}", italic=True)

    footer = b.doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Verificatiecode {{ verification_code }} — pagina ")
    add_field(footer, "PAGE")
    footer.add_run(" van ")
    add_field(footer, "NUMPAGES")

    return b.bytes()


def footer(b: Builder, text: str) -> None:
    paragraph = b.doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text + " — pagina ")
    add_field(paragraph, "PAGE")
    paragraph.add_run(" van ")
    add_field(paragraph, "NUMPAGES")


def build_family_letter() -> bytes:
    """Plain Dutch (B1) for the parents: what is asked and why, what happens next, their rights, whom to call."""
    b = Builder()
    b.p("{{ organisation }}", bold=True)
    b.p("{{ place }}, {{ date }}")
    b.p()
    b.p("Aan: {{ recipients }}")
    b.p("Over: ons verzoek aan de kinderrechter over {{ children }}", bold=True)
    b.p()
    b.p("Beste {{ recipients }},")
    b.p("Wij hebben de kinderrechter gevraagd om een {{ measure_name }} voor {{ children }}. In deze brief leest u "
        "wat dat betekent, waarom wij dat vragen en wat er nu gebeurt.")
    b.h1("Wat vragen wij?")
    b.p("{{ plain }}")
    b.p("Wij vragen dit voor {{ duration }}.")
    b.h1("Waarom?")
    b.p("{{ summary }}")
    b.tag("{%p if goals %}")
    b.p("Dit willen wij bereiken:")
    b.tag("{%p for goal in goals %}")
    b.p("– {{ goal }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.h1("Wat gebeurt er nu?")
    b.tag("{%p for step in next_steps %}")
    b.p("– {{ step }}")
    b.tag("{%p endfor %}")
    b.h1("Uw rechten")
    b.tag("{%p for right in rights %}")
    b.labelled("{{ right.title }}. ", "{{ right.text }}")
    b.tag("{%p endfor %}")
    b.h1("Vragen?")
    b.p("Bel of mail {{ contact.name }} van {{ organisation }}: {{ contact.email }}.")
    b.p()
    b.p("Met vriendelijke groet,")
    b.p("{{ contact.name }}")
    b.p("{{ organisation }}")
    footer(b, "Kenmerk {{ verification_code }}")
    return b.bytes()


def build_child_letter() -> bytes:
    b = Builder()
    b.p("{{ place }}, {{ date }}")
    b.p()
    b.p("Hoi {{ name }},", bold=True)
    b.p("Wij hebben de kinderrechter iets gevraagd over jou. In deze brief leggen we uit wat.")
    b.h1("Wat hebben we gevraagd?")
    b.p("{{ plain }}")
    b.h1("Waarom?")
    b.p("{{ why }}")
    b.h1("Wat vind jij?")
    b.tag("{%p if heard %}")
    b.p("Je hebt ons verteld wat jij ervan vindt. Dat hebben we aan de rechter doorgegeven, in jouw eigen woorden.")
    b.tag("{%p else %}")
    b.p("Je mag zelf aan de rechter vertellen wat jij ervan vindt. De rechter nodigt je daarvoor uit.")
    b.tag("{%p endif %}")
    b.h1("Wat gebeurt er nu?")
    b.p("De rechter leest het verzoek en praat met jou en je ouders. Daarna beslist de rechter.")
    b.h1("Wil je met iemand praten?")
    b.p("Dat kan met {{ contact }}, of met een vertrouwenspersoon van het AKJ. Die is er alleen voor jou.")
    footer(b, "Kenmerk {{ verification_code }}")
    return b.bytes()


def build_report() -> bytes:
    """For the file: the whole tegenspraak, per criterion, with verdicts, revisions and their differences."""
    b = Builder()
    b.p("{{ title }}", style="Title")
    b.labelled("Verzoek: ", "{{ request_label }}")
    b.labelled("Regio: ", "{{ region }}")
    b.labelled("Catalogusversie: ", "{{ catalogue_version }}")
    b.labelled("Getoetste revisie: ", "{{ revision_number }} (SHA-256 {{ revision_hash }})")
    b.h1("1. Panel")
    b.table(["Naam", "Rol", "Regio", "Oordeel", "Datum"], "{%tr for m in members %}",
            ["{{ m.name }}", "{{ m.role }}", "{{ m.region }}", "{{ m.verdict }}", "{{ m.date }}"])
    b.tag("{%p for m in members %}")
    b.labelled("Motivering {{ m.name }}: ", "{{ m.reasons }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if escalation %}")
    b.labelled("Escalatie: ", "{{ escalation }}")
    b.tag("{%p endif %}")
    b.h1("2. Beoordeling per criterium")
    b.table(["Criterium", "Beoordelaar", "Oordeel", "Motivering"], "{%tr for a in assessments %}",
            ["{{ a.criterion }}", "{{ a.reviewer }}", "{{ a.outcome }}", "{{ a.reasoning }}"])
    b.h1("3. Automatische controles (intake)")
    b.tag("{%p for w in warnings %}")
    b.p("– Waarschuwing: {{ w }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not warnings %}")
    b.p("Geen waarschuwingen.")
    b.tag("{%p endif %}")
    b.h1("4. Revisies en wijzigingen")
    b.tag("{%p for r in revisions %}")
    b.labelled("Revisie {{ r.number }} ({{ r.date }}): ", "{{ r.note }} — SHA-256 {{ r.hash }}")
    b.tag("{%p for c in r.changes %}")
    b.p("   {{ c }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.h1("5. Ondertekening")
    b.tag("{%p for s in signoffs %}")
    b.labelled("{{ s.name }} ({{ s.role }}), {{ s.date }}: ", "{{ s.declaration }}")
    b.tag("{%p endfor %}")
    footer(b, "Tegenspraakverslag {{ verification_code }}")
    return b.bytes()


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    for name, build in (("verzoekschrift.docx", build_verzoekschrift), ("gezinsbrief.docx", build_family_letter),
                        ("kinderbrief.docx", build_child_letter), ("tegenspraakverslag.docx", build_report)):
        path = TEMPLATES / name
        path.write_bytes(build())
        print(path)


if __name__ == "__main__":
    main()
