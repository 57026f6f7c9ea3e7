"""Texts for the family per reader (each parent or carer, the child), per measure, as validated data.

The texts live in `texts/<language>.yaml`. They are checked when loaded, and a broken file fails loudly:
every text for the child is free of "u"/"uw" (it is written to the child, in the "jij"-form), and a
{placeholder} may only name a value the engine fills in (PLACEHOLDERS). Legal facts such as the hearing age
are placeholders filled from the catalogue, never written into a text.
"""

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models.errors import CatalogueError

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
# "u" and "uw" as words: the polite form, which a text for a child must not use.
POLITE_FORM = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)
PLACEHOLDERS = frozenset({
    "court",               # the region's rechtbank
    "hearing_age",         # catalogue: hearing.child_hearing_age
    "organisation",        # the RVT as an organisation (Region.legal_name)
    "organisation_reach",  # its postal address and e-mail
    "complaints",          # its complaints committee (Region.complaints)
    "gemeente",            # "de gemeente <residence>" of the parent, or "uw gemeente"
    "team",                # the indiener's team
    "contact_name", "contact_phone", "contact_email",  # the indiener, with the team's phone and e-mail
})


class TextsError(CatalogueError):
    code = "texts_invalid"
    message = "De teksten voor het gezin zijn ongeldig."


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def fill(text: str, values: dict[str, object]) -> str:
    """`text` with its placeholders filled; a placeholder without a value fails loudly."""
    missing = placeholders(text) - set(values)
    if missing:
        raise TextsError(f"Geen waarde voor {', '.join(sorted(missing))} in: {text[:60]}…")
    return text.format_map(values)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _no_polite_form(text: str) -> str:
    found = POLITE_FORM.search(text)
    if found:
        raise ValueError(f"a text for the child uses {found.group(0)!r} (write 'jij'/'je'): {text[:60]}…")
    return text


class Titled(_Strict):
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Right(Titled):
    code: str
    only_if: Literal["contra_expertise"] | None = None  # a flag of the catalogue's measure

    def applies(self, measure) -> bool:
        return self.only_if is None or bool(getattr(measure, self.only_if))


class ParentsMeasureText(_Strict):
    one: str = Field(min_length=1, description="Voor de ouder van één kind")
    many: str = Field(min_length=1, description="Voor de ouder van meer kinderen")


class MeasureTexts(_Strict):
    parents: ParentsMeasureText
    child: str = Field(min_length=1)

    _child = field_validator("child")(_no_polite_form)


class ParentTexts(_Strict):
    next_steps: list[str] = Field(min_length=1)
    rights: list[Right] = Field(min_length=1)
    complaints_unknown: str
    contact: str
    thanks: str


class ChildTexts(_Strict):
    who_reads: str
    heard: str
    not_heard: str
    why: str
    next: str
    options_intro: str
    options: list[Titled] = Field(min_length=1)
    unsafe: str
    contact: str
    empty: str
    thanks: str

    @model_validator(mode="after")
    def _jij_form(self):
        for text in _strings(self):
            _no_polite_form(text)
        return self


class Texts(_Strict):
    language: str
    measures: dict[str, MeasureTexts]
    parents: ParentTexts
    child: ChildTexts

    @model_validator(mode="after")
    def _known_placeholders(self):
        for text in _strings(self):
            unknown = placeholders(text) - PLACEHOLDERS
            if unknown:
                raise ValueError(f"unknown placeholder(s) {sorted(unknown)} in: {text[:60]}…")
        return self

    def measure(self, code: str) -> MeasureTexts:
        try:
            return self.measures[code]
        except KeyError:
            raise TextsError(f"Er zijn geen teksten voor het gezin voor de maatregel '{code}' "
                             f"(models/texts/{self.language}.yaml).") from None

    def missing_measures(self, catalogue) -> list[str]:
        """Measures of `catalogue` without texts: must be empty for every catalogue in use."""
        return [code for code in catalogue.measures if code not in self.measures]

    def parent_rights(self, measure) -> list[Right]:
        return [r for r in self.parents.rights if r.applies(measure)]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields for s in _strings(getattr(value, name))]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def load_texts_file(path: Path) -> Texts:
    try:
        texts = Texts.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise TextsError(f"De teksten voor het gezin in {path.name} zijn ongeldig: {exc}") from exc
    if texts.language != path.stem:
        raise TextsError(f"Tekstbestand {path.name} heeft taal {texts.language}; bestandsnaam en taal moeten gelijk "
                         "zijn.")
    return texts


@lru_cache(maxsize=None)
def get_texts(language: str = "nl") -> Texts:
    """Documents and the portal are in Dutch; other languages can be added as files next to nl.yaml."""
    return load_texts_file(TEXTS_DIR / f"{language}.yaml")
