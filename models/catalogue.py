"""The legal catalogue: measures, grounds, durations, requesters, panels and deadlines as versioned data.

Files live in `catalogue_data/<version>.yaml`. Each is validated on load; a request stores
the version it was submitted under and is always judged by that version.
"""

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from models.errors import CatalogueError, Problem, UnknownCatalogueVersion, UnknownMeasure

PANEL_ROLES = ("tegenspreker", "jurist", "gedragswetenschapper")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GroundElement(_Strict):
    code: str
    article: str
    question: str
    contradicted_by: list[str] = []  # words that say the opposite of this element: they block (ground_contradicted)
    doubted_by: list[str] = []  # words that only cast doubt on it: a warning for the panel (ground_doubtful, 2026.2)


class GroundOption(_Strict):
    """All elements of one option are required; a measure's options are alternatives ('or')."""

    code: str
    label: str
    elements: list[GroundElement] = Field(min_length=1)


class RequesterRule(_Strict):
    capacity: str
    condition: str | None = None


class AttachmentRule(_Strict):
    code: str
    label: str
    article: str
    when_capacity_in: list[str] | None = None
    unless_flag: str | None = None

    def applies(self, capacity: str, flags: dict[str, bool]) -> bool:
        if self.when_capacity_in is not None and capacity not in self.when_capacity_in:
            return False
        if self.unless_flag and flags.get(self.unless_flag):
            return False
        return True


class PartyRules(_Strict):
    parents_without_gezag: bool
    carers: bool


class SpoedVariant(_Strict):
    name: str
    article: str
    max_duration_months: int = Field(ge=1)
    conditions: str
    verified: bool = True


class Measure(_Strict):
    code: str = ""
    name: str
    articles: list[str] = Field(min_length=1)
    court_request: str = Field(description="Wat de rechter wordt verzocht; vanaf 2026.2 met {minderjarige} en {ouder}, "
                                           "die naar enkelvoud of meervoud worden ingevuld")
    plain: str = Field(min_length=1, description="Wat de maatregel betekent, in eenvoudig Nederlands (B1)")
    max_duration_months: int | None = Field(ge=1)
    duration_article: str
    notes: str | None = None
    verified: bool = True
    requesters: list[RequesterRule] = Field(min_length=1)
    grounds: list[GroundOption] = Field(min_length=1)
    required_attachments: list[AttachmentRule] = []
    panel: dict[str, int]
    parties: PartyRules
    spoed: bool
    requires_acceptable_term: bool = False
    contra_expertise: bool = False  # art. 810a Rv: parents may ask for a counter-expertise
    spoed_variant: SpoedVariant | None = None
    # Practice at the kinderrechter: the request asks for the decision to be enforceable at once
    # ('uitvoerbaar bij voorraad'), so an appeal does not suspend the protection of the child.
    provisional_enforceability: bool = False
    # Who carries out the measure, to be named in the request (e.g. the gecertificeerde instelling, art. 1:255
    # lid 1 BW): the label of what the indiener must fill in; None when the measure names no institution.
    executing_institution: str | None = None

    def court_request_for(self, children: int, parents: int) -> str:
        """The request to the court in singular or plural: 'de minderjarige' or 'de minderjarigen'."""
        return self.court_request.format(minderjarige="de minderjarige" if children == 1 else "de minderjarigen",
                                         ouder="de ouder" if parents == 1 else "de ouders")

    @model_validator(mode="after")
    def _check_panel(self):
        unknown = set(self.panel) - set(PANEL_ROLES)
        if unknown:
            raise ValueError(f"unknown panel roles {sorted(unknown)}")
        if any(n < 0 for n in self.panel.values()) or sum(self.panel.values()) == 0:
            raise ValueError("a panel needs at least one seat and no negative counts")
        return self

    def ground_element(self, code: str) -> GroundElement | None:
        for option in self.grounds:
            for element in option.elements:
                if element.code == code:
                    return element
        return None

    def requester_rule(self, capacity: str) -> RequesterRule | None:
        return next((r for r in self.requesters if r.capacity == capacity), None)

    def panel_seats(self) -> list[tuple[str, int]]:
        """(role, seat number) for every seat, in a stable order."""
        return [(role, n) for role in PANEL_ROLES for n in range(1, self.panel.get(role, 0) + 1)]


class HearingRules(_Strict):
    child_hearing_age: int = Field(ge=0, le=18)
    child_hearing_article: str
    response_days: int = Field(ge=1)
    spoed_response_days: int = Field(ge=1)
    follow_up_days: int = Field(ge=1)
    verified: bool = True


class PanelSeatRef(_Strict):
    role: str
    seat_no: int = Field(ge=1)


class ReviewRules(_Strict):
    window_days: int = Field(ge=1)
    spoed_window_days: int = Field(ge=1)
    signoff_roles: list[str] = Field(min_length=1)
    decision_rule: Literal["unanimous"] = "unanimous"
    escalation_role: str = "regiomanager"
    # Since 2026.2: every intake warning on the revision is fixed or accepted with reasons by a panel member
    # before the panel approves. Off for older versions, so a request keeps the rules it was submitted under.
    warnings_must_be_resolved: bool = False
    # The panel's chair: the one member who checks a small change alone (the others' verdicts carry over).
    # Written out since 2026.2; 2026.1 named none, and the engine then took the first tegenspreker.
    chair: PanelSeatRef = PanelSeatRef(role="tegenspreker", seat_no=1)

    @model_validator(mode="after")
    def _check_roles(self):
        if set(self.signoff_roles) - set(PANEL_ROLES):
            raise ValueError("signoff_roles must be panel roles")
        if self.chair.role not in PANEL_ROLES:
            raise ValueError("the chair must be a panel role")
        return self


class IntakeRules(_Strict):
    severities: dict[str, str] = {}
    # A phrase (contradiction, doubt, danger term) right after or at most `negation_window` words after one of
    # these words does not count: "niet veilig thuis" is no claim that the child is safe at home.
    negation_words: list[str] = []
    negation_window: int = Field(default=3, ge=0, le=10)
    # Subsidiarity: how an indiener writes that an alternative was not tried. `not_tried_answers` count when the
    # answer is, or starts with, the phrase ("Nee.", "Nog niet, want ..."); `not_tried_phrases` anywhere.
    not_tried_answers: list[str] = []
    not_tried_phrases: list[str] = []
    # Spoed: a description of the danger must name one of these (word stems: 'mishandel' matches 'mishandeling').
    danger_terms: list[str] = []

    @model_validator(mode="after")
    def _check(self):
        if set(self.severities.values()) - {"block", "warning"}:
            raise ValueError("intake severities are 'block' or 'warning'")
        return self

    def severity(self, code: str) -> str:
        return self.severities.get(code, "block")

    def knows(self, code: str) -> bool:
        """Checks added after the first catalogue run only under a version that lists them, so a request keeps
        being judged by the rules of the version it was submitted under."""
        return code in self.severities


class Criterion(_Strict):
    code: str
    label: str
    question: str


class Catalogue(_Strict):
    version: str
    valid_from: date
    source: str
    capacities: dict[str, str]
    hearing: HearingRules
    review: ReviewRules
    criteria: list[Criterion] = Field(min_length=1)
    intake: IntakeRules = IntakeRules()
    alternative_kinds: dict[str, str]
    measures: dict[str, Measure]

    @model_validator(mode="after")
    def _check_references(self):
        for code, measure in self.measures.items():
            object.__setattr__(measure, "code", code)
            for rule in measure.requesters:
                if rule.capacity not in self.capacities:
                    raise ValueError(f"measure {code}: unknown capacity {rule.capacity!r}")
            for att in measure.required_attachments:
                for cap in att.when_capacity_in or []:
                    if cap not in self.capacities:
                        raise ValueError(f"measure {code}: attachment {att.code}: unknown capacity {cap!r}")
            if (self.review.chair.role, self.review.chair.seat_no) not in measure.panel_seats():
                raise ValueError(f"measure {code}: the panel has no seat {self.review.chair.role} "
                                 f"{self.review.chair.seat_no} for the chair")
            codes = [e.code for o in measure.grounds for e in o.elements]
            if len(codes) != len(set(codes)):
                raise ValueError(f"measure {code}: ground element codes must be unique")
        return self

    def measure(self, code: str) -> Measure:
        try:
            return self.measures[code]
        except KeyError:
            raise UnknownMeasure(
                f"De maatregel '{code}' staat niet in catalogus {self.version}.",
                problems=[Problem("unknown_measure", f"De maatregel '{code}' staat niet in catalogus {self.version}.",
                                  "measure")],
            ) from None

    @property
    def criterion_codes(self) -> list[str]:
        return [c.code for c in self.criteria]


def _version_key(path: Path) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in path.stem.split("."))


def load_catalogue_file(path: Path) -> Catalogue:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        catalogue = Catalogue.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(
            f"De juridische catalogus {path.name} is ongeldig: {exc}", code="catalogue_invalid"
        ) from exc
    if catalogue.version != path.stem:
        raise CatalogueError(
            f"Catalogusbestand {path.name} heeft versie {catalogue.version}; bestandsnaam en versie moeten gelijk zijn.",
            code="catalogue_invalid",
        )
    return catalogue


@lru_cache(maxsize=None)
def _load_dir(directory: str) -> dict[str, Catalogue]:
    files = sorted(Path(directory).glob("*.yaml"), key=_version_key)
    if not files:
        raise CatalogueError(f"Geen catalogusbestanden in {directory}.", code="catalogue_missing")
    return {f.stem: load_catalogue_file(f) for f in files}


def reload_catalogues() -> None:
    """Forget loaded catalogues, so a version added to the directory is seen (start-up, tests)."""
    _load_dir.cache_clear()


def catalogue_versions(directory: Path) -> dict[str, Catalogue]:
    return _load_dir(str(directory))


def get_catalogue(directory: Path, version: str | None = None) -> Catalogue:
    """The catalogue of `version`, or the newest one when no version is given."""
    versions = catalogue_versions(directory)
    if version is None:
        return versions[list(versions)[-1]]
    try:
        return versions[version]
    except KeyError:
        raise UnknownCatalogueVersion(
            f"Catalogusversie {version} bestaat niet; beschikbaar: {', '.join(versions)}.",
            problems=[Problem("catalogue_version_unknown", f"Catalogusversie {version} bestaat niet.", "version")],
        ) from None


def diff_catalogues(before: Catalogue, after: Catalogue) -> list[dict]:
    """Every value that differs between two catalogue versions, by path (e.g. measures.ots.max_duration_months)."""
    changes: list[dict] = []

    def walk(a, b, path: str) -> None:
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b), key=str):
                walk(a.get(key), b.get(key), f"{path}.{key}" if path else str(key))
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{path}[{i}]")
        elif a != b:
            changes.append({"path": path, "before": a, "after": b})

    walk(before.model_dump(mode="json", exclude={"version", "valid_from", "source"}),
         after.model_dump(mode="json", exclude={"version", "valid_from", "source"}), "")
    return changes
