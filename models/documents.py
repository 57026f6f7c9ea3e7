"""Rendering .docx documents from the templates in `templates/`, and reading them back.

Pure: no database, no framework. A missing field fails loudly (StrictUndefined); user text with
`&` or `<` is escaped (autoescape), so it cannot break the document's XML.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
LEFTOVER_TAG_PATTERN = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def _local(d: date | datetime) -> date | datetime:
    if isinstance(d, datetime) and d.tzinfo is not None:
        return d.astimezone(AMSTERDAM)
    return d


def format_date_nl(d: date | datetime) -> str:
    """'22 november 2026' (the date in the Netherlands for an aware datetime)."""
    d = _local(d)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_datetime_nl(dt: datetime) -> str:
    """'22 november 2026 om 14:05'."""
    local = _local(dt)
    return f"{format_date_nl(local)} om {local:%H:%M}"


class _CompilingOnceEnvironment(Environment):
    """docxtpl hands Jinja the same patched XML on every render of a template; compile it once."""

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: dict[str, object] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
        return template


_ENV = _CompilingOnceEnvironment(undefined=StrictUndefined, autoescape=True)


@dataclass(frozen=True)
class DocumentProperties:
    """What Word, a PDF reader and a court's document system show as the document's own properties."""

    title: str
    author: str  # the organisation that makes the document, not a person or a library
    created: datetime  # render time
    subject: str = ""
    keywords: str = ""
    language: str = "nl-NL"


def render_docx(template_name: str, context: dict, properties: DocumentProperties | None = None) -> bytes:
    template = DocxTemplate(TEMPLATES_DIR / template_name)
    template.render(context, _ENV)
    if properties is not None:
        core = template.docx.core_properties
        created = properties.created.astimezone(UTC).replace(tzinfo=None)  # OOXML stores UTC ('Z')
        core.title, core.author, core.last_modified_by = properties.title, properties.author, properties.author
        core.created = core.modified = created
        core.subject, core.keywords, core.language = properties.subject, properties.keywords, properties.language
        core.revision, core.comments = 1, ""
    out = io.BytesIO()
    template.save(out)
    return deterministic_zip(out.getvalue())


def deterministic_zip(data: bytes) -> bytes:
    """Same content, same bytes: fixed entry timestamps and order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()


def _table_text(table) -> list[str]:
    parts = []
    for row in table.rows:
        for cell in row.cells:
            parts += [p.text for p in cell.paragraphs]
            for nested in cell.tables:
                parts += _table_text(nested)
    return parts


def docx_text(data: bytes) -> str:
    """All text of a .docx: body paragraphs, tables, headers and footers, one line each."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += _table_text(table)
    for section in doc.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
            for table in part.tables:
                parts += _table_text(table)
    return "\n".join(parts)
