"""The court request (verzoekschrift) and the tegenspraak report, as docxtpl templates."""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from scripts.make_templates import Builder, add_field, footer


def build_verzoekschrift() -> bytes:
    b = Builder()
    b.p("Aan de kinderrechter van de {{ court.name }}", bold=True)
    b.p("te {{ court.location }}")
    b.p()
    b.p("{{ title }}", style="Title")
    b.labelled("Betreft: ", "{{ measure.name }} ({{ measure.articles }})")
    b.labelled("Ons kenmerk: ", "{{ reference }}")
    b.p()
    b.p("Geeft eerbiedig te kennen:", bold=True, keep_with_next=True)
    b.p("{{ organisation.name }}, gevestigd te {{ organisation.place }}{% if organisation.full_address %} "
        "({{ organisation.full_address }}){% endif %}, dat dit verzoek doet als {{ requester.capacity }}, in deze "
        "vertegenwoordigd door {{ requester.name }}, {{ requester.function }}; hierna te noemen: verzoeker.")

    b.h1("1. {{ minors_label }}")
    b.table(["Naam", "Geboortedatum", "Woonadres"], "{%tr for c in children %}",
            ["{{ c.name }}", "{{ c.date_of_birth }}", "{{ c.residence }}"])

    b.h1("2. Belanghebbenden")
    b.tag("{%p for p in parties %}")
    b.p("{{ p.name }}, {{ p.relation }}, {{ p.gezag }}, wonende te {{ p.address }}"
        "{% if p.lawyer %}; advocaat: {{ p.lawyer }}{% endif %}.")
    b.tag("{%p endfor %}")

    b.h1("3. Het verzoek")
    b.p("Verzoeker verzoekt de kinderrechter {{ measure.court_request }}, voor de duur van {{ measure.duration }} "
        "({{ measure.duration_article }}), op grond van {{ measure.articles }}.")
    b.tag("{%p if institution %}")
    b.labelled("Uitvoerende instelling: ", "{{ institution.name }} ({{ institution.label }}).")
    b.tag("{%p endif %}")
    b.h2("Samenvatting")
    b.p("{{ summary }}")

    b.h1("4. De feiten")
    b.p("Hieronder staan de feiten, elk met bron, datum en wie het bevestigde. Meningen en oordelen van "
        "professionals staan apart in paragraaf 5.", italic=True)
    b.tag("{%p for f in facts %}")
    b.labelled("{{ f.number }}. ", "{{ f.text }}")
    b.p("Bron: {{ f.source }}; datum: {{ f.date }}; bevestigd door: {{ f.confirmed_by }}.", italic=True)
    b.tag("{%p endfor %}")

    b.h1("5. Meningen en oordelen van professionals")
    b.tag("{%p for o in opinions %}")
    b.labelled("Oordeel van {{ o.held_by }}{% if o.date %} ({{ o.date }}){% endif %}: ", "{{ o.text }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not opinions %}")
    b.p("In dit verzoek zijn geen meningen of oordelen opgenomen; het rust op de feiten in paragraaf 4.")
    b.tag("{%p endif %}")

    b.h1("6. De zorgen")
    b.tag("{%p for z in concerns %}")
    b.p("– {{ z }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not concerns %}")
    b.p("De zorgen blijken uit de feiten en de gronden hieronder.")
    b.tag("{%p endif %}")

    b.h1("7. De wettelijke grond")
    b.labelled("Grond: ", "{{ ground_option_label }}")
    b.tag("{%p for g in grounds %}")
    b.p("{{ g.question }} ({{ g.article }})", bold=True, keep_with_next=True)
    b.p("{{ g.answer }}")
    b.p("Onderbouwd met feit(en): {{ g.facts }}.", italic=True)
    b.tag("{%p endfor %}")

    b.h1("8. Subsidiariteit: overwogen lichtere middelen")
    b.tag("{%p for a in alternatives %}")
    b.p("{{ a.kind|capitalize }}: {{ a.description }}", bold=True, keep_with_next=True)
    b.labelled("Geprobeerd: ", "{{ a.tried }}")
    b.labelled("Resultaat: ", "{{ a.result }}")
    b.labelled("Waarom dit niet volstaat: ", "{{ a.why_insufficient }}")
    b.tag("{%p endfor %}")

    b.h1("9. Proportionaliteit, doelmatigheid en doelen")
    b.p("{{ proportionality }}")
    b.tag("{%p if duration_reason %}")
    b.labelled("Waarom deze duur: ", "{{ duration_reason }}")
    b.tag("{%p endif %}")
    b.labelled("Doelmatigheid: ", "{{ effectiveness }}")
    b.tag("{%p if acceptable_term %}")
    b.labelled("Aanvaardbare termijn voor het kind: ", "{{ acceptable_term }}")
    b.tag("{%p endif %}")
    b.p("Doelen van de maatregel:", bold=True, keep_with_next=True)
    b.tag("{%p for goal in goals %}")
    b.p("– {{ goal }}")
    b.tag("{%p endfor %}")

    b.h1("10. Standpunten van de belanghebbenden (hoor en wederhoor)")
    b.tag("{%p for s in positions %}")
    b.p("{{ s.name }} ({{ s.relation }})", bold=True, keep_with_next=True)
    b.p("{{ s.invitation }}.")
    b.tag("{%p if s.responded %}")
    b.p("Standpunt: {{ s.position }}; ontvangen op {{ s.response_date }}{% if s.on_behalf_of %}, namens "
        "belanghebbende door {{ s.on_behalf_of }}{% endif %}. In eigen woorden:")
    b.p("“{{ s.text }}”", italic=True)
    b.tag("{%p else %}")
    b.p("{{ s.text }}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")

    b.h1("11. De mening van het kind")
    b.tag("{%p for v in child_views %}")
    b.p("{{ v.name }}{% if v.age is not none %} ({{ v.age }} jaar){% endif %}", bold=True, keep_with_next=True)
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
    b.p("{{ v.not_heard }}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")

    b.h1("12. Tegenspraak")
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
    b.h2("Ondertekening door het panel")
    b.tag("{%p for s in tegenspraak.signoffs %}")
    b.labelled("{{ s.name }} ({{ s.role }}), {{ s.date }}: ", "{{ s.declaration }}")
    b.tag("{%p endfor %}")
    b.labelled("Getoetste revisie (SHA-256): ", "{{ tegenspraak.revision_hash }}")

    b.h1("13. Bijlagen")
    b.tag("{%p for a in attachments %}")
    b.p("{{ loop.index }}. {{ a }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not attachments %}")
    b.p("Geen bijlagen.")
    b.tag("{%p endif %}")

    b.h1("Verzoek")
    b.p("Redenen waarom verzoeker de kinderrechter verzoekt {{ measure.court_request }}, voor de duur van "
        "{{ measure.duration }}{% if institution %}, met {{ institution.name }} als uitvoerende instelling{% endif %}"
        "{% if measure.provisional_enforceability %}, de beschikking uitvoerbaar bij voorraad te verklaren"
        "{% endif %}, met zodanige beslissing als de kinderrechter juist acht.", keep_with_next=True)
    b.p(keep_with_next=True)
    b.p("Aldus gedaan te {{ place }}, op {{ date }}.", keep_with_next=True)
    b.p("{{ organisation.name }},", keep_with_next=True)
    b.p("namens deze:", keep_with_next=True)
    b.p(keep_with_next=True)
    b.p(keep_with_next=True)
    b.p("______________________________", keep_with_next=True)
    b.p("{{ signatory.name }}", bold=True, keep_with_next=True)
    b.p("{{ signatory.function }}, {{ signatory.organisation }}")
    b.p()
    b.p("{{ verification_hint }}", italic=True)

    footer = b.doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ reference }} — verificatiecode {{ verification_code }} — pagina ")
    add_field(footer, "PAGE")
    footer.add_run(" van ")
    add_field(footer, "NUMPAGES")

    return b.bytes()


def build_report() -> bytes:
    """For the file: why the panel let the request go ahead, per criterion; who reviewed and why they are
    independent; what the family said; what changed between revisions."""
    b = Builder()
    b.p("{{ title }}", style="Title")
    b.labelled("Kenmerk: ", "{{ reference }}")
    b.labelled("Verzoek: ", "{{ request_label }}")
    b.labelled("Opgesteld door: ", "{{ drafted_by }}")
    b.labelled("Catalogusversie: ", "{{ catalogue_version }}")
    b.labelled("Getoetste revisie: ", "{{ revision_number }} (SHA-256 {{ revision_hash }})")
    b.h1("1. Het panel en zijn onafhankelijkheid")
    b.table(["Naam", "Rol", "Regio", "Oordeel", "Datum"], "{%tr for m in members %}",
            ["{{ m.name }}", "{{ m.role }}", "{{ m.region }}", "{{ m.verdict }}", "{{ m.date }}"])
    b.tag("{%p for m in members %}")
    b.p("{{ m.name }} ({{ m.role }})", bold=True, keep_with_next=True)
    b.labelled("Onafhankelijk: ", "{{ m.independence }}")
    b.labelled("Motivering van het oordeel: ", "{{ m.reasons }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if escalation %}")
    b.labelled("Escalatie: ", "{{ escalation }}")
    b.tag("{%p endif %}")
    b.h1("2. Bevindingen per criterium")
    b.p("Per criterium de gezamenlijke bevinding van het panel; waar leden verschilden, staat wie wat vond.",
        italic=True, keep_with_next=True)
    b.table(["Criterium", "Bevinding van het panel", "Waarom"], "{%tr for f in findings %}",
            ["{{ f.criterion }}", "{{ f.finding }}", "{{ f.reasons }}"])
    b.h1("3. Hoor en wederhoor")
    b.tag("{%p for s in positions %}")
    b.labelled("{{ s.name }} ({{ s.relation }}): ", "{{ s.invitation }}; {% if s.responded %}reageerde op "
               "{{ s.response_date }}: {{ s.position }}.{% else %}{{ s.text }}{% endif %}")
    b.tag("{%p endfor %}")
    b.tag("{%p for v in child_views %}")
    b.labelled("{{ v.name }}{% if v.age is not none %} ({{ v.age }} jaar){% endif %}: ",
               "{% if v.heard %}gehoord op {{ v.obtained_at }} door {{ v.obtained_by }} ({{ v.method }}).{% else %}"
               "{{ v.not_heard }}{% endif %}")
    b.tag("{%p endfor %}")
    b.h1("4. Automatische controles (intake)")
    b.tag("{%p for w in warnings %}")
    b.p("– Waarschuwing: {{ w }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not warnings %}")
    b.p("Geen waarschuwingen.")
    b.tag("{%p endif %}")
    b.h1("5. Revisies en wijzigingen")
    b.tag("{%p for r in revisions %}")
    b.labelled("Revisie {{ r.number }} ({{ r.date }}): ", "{{ r.note }} — SHA-256 {{ r.hash }}")
    b.tag("{%p for c in r.changes %}")
    b.p("   {{ c }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.h1("6. Ondertekening")
    b.tag("{%p for s in signoffs %}")
    b.labelled("{{ s.name }} ({{ s.role }}), {{ s.date }}: ", "{{ s.declaration }}")
    b.tag("{%p endfor %}")
    footer(b, "Tegenspraakverslag {{ reference }} — {{ verification_code }}")
    return b.bytes()
