"""Builds the .docx templates in templates/: python-docx documents with docxtpl (Jinja) tags.

The document builders live in scripts/template_court.py (verzoekschrift, tegenspraakverslag) and
scripts/template_letters.py (letters to the family); this module holds the shared layout.

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
        set_document_language(self.doc, LANGUAGE)
        set_default_font(self.doc, FONT)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.widow_control = True
        for name, size in (("Title", 16), ("Heading 1", 12.5), ("Heading 2", 11)):
            style = self.doc.styles[name]
            style.font.size = Pt(size)
            # A heading never ends a page: it stays with the paragraph it introduces.
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.keep_together = True

    def p(self, text: str = "", bold: bool = False, italic: bool = False, style: str | None = None, align=None,
          keep_with_next: bool = False):
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold, italic
        if align is not None:
            paragraph.alignment = align
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
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
        set_row_properties(table.rows[0], header=True)
        for row_text in ([loop] + [""] * (len(headers) - 1), cells, [end] + [""] * (len(headers) - 1)):
            row = table.add_row()
            set_row_properties(row, header=False)
            for cell, text in zip(row.cells, row_text):
                cell.text = text
        return table


LANGUAGE = "nl-NL"
# Arial in the document; where Arial is missing (LibreOffice on Debian) Liberation Sans stands in: it has
# Arial's metrics, so Word and the PDF break lines alike. scripts/install_system_deps.sh installs it.
FONT = "Arial"


def set_document_language(doc, language: str) -> None:
    """Proofing and PDF language: the default run language, the theme font language, the core property."""
    rpr = _doc_defaults_rpr(doc)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    settings = doc.settings.element
    for old in settings.findall(qn("w:themeFontLang")):
        settings.remove(old)
    theme_lang = OxmlElement("w:themeFontLang")
    theme_lang.set(qn("w:val"), language)
    # CT_Settings is a sequence: themeFontLang comes right before clrSchemeMapping.
    settings.find(qn("w:clrSchemeMapping")).addprevious(theme_lang)
    # Dutch number and list separators ("1,5"; "a; b").
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")
    doc.core_properties.language = language


def set_default_font(doc, font: str) -> None:
    """One font everywhere: the document default, and no style falling back to the theme's fonts."""
    rpr = _doc_defaults_rpr(doc)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    for style_fonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in [a for a in style_fonts.attrib if a.endswith("Theme")]:
            del style_fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            style_fonts.set(qn(attr), font)


def _doc_defaults_rpr(doc):
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    return rpr


def set_row_properties(row, header: bool) -> None:
    """A row never splits across pages; a header row repeats at the top of every page the table spans."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        for old in trpr.findall(qn(tag)):
            trpr.remove(old)
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


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


def footer(b: Builder, text: str) -> None:
    paragraph = b.doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text + " — pagina ")
    add_field(paragraph, "PAGE")
    paragraph.add_run(" van ")
    add_field(paragraph, "NUMPAGES")


def template_builders():
    """(file name, builder) for every template in templates/."""
    from scripts.template_court import build_report, build_verzoekschrift
    from scripts.template_letters import build_child_letter, build_family_letter

    return [("verzoekschrift.docx", build_verzoekschrift), ("tegenspraakverslag.docx", build_report),
            ("gezinsbrief.docx", build_family_letter), ("kinderbrief.docx", build_child_letter)]


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    for name, build in template_builders():
        path = TEMPLATES / name
        path.write_bytes(build())
        print(path)


if __name__ == "__main__":
    main()
