"""A request (verzoek) for a measure and its immutable revisions."""

import hashlib
import json
import datetime as dt
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field as PField, field_validator
from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import Code, Id, JSONColumn, Name, Text, UTCDateTime


class RequestState(StrEnum):
    draft = "draft"
    submitted = "submitted"
    in_tegenspraak = "in_tegenspraak"
    approved = "approved"
    ready = "ready"
    rendered = "rendered"
    filed = "filed"
    returned = "returned"
    advised_against = "advised_against"
    withdrawn = "withdrawn"


STATE_LABELS = {
    RequestState.draft: "concept",
    RequestState.submitted: "ingediend",
    RequestState.in_tegenspraak: "in tegenspraak",
    RequestState.approved: "goedgekeurd door het panel",
    RequestState.ready: "gereed (ondertekend)",
    RequestState.rendered: "verzoekschrift opgemaakt",
    RequestState.filed: "ingediend bij de rechtbank",
    RequestState.returned: "teruggestuurd ter correctie",
    RequestState.advised_against: "advies: niet indienen",
    RequestState.withdrawn: "ingetrokken",
}


# --- the content of one revision: validated, canonical JSON ------------------------------

class _Content(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def canonical(self) -> dict:
        """The JSON form the content hash is taken over. A field added after the first release (marked with
        `added()`) is left out while it holds its default, so content written before it existed keeps its hash."""
        return _prune(self, self.model_dump(mode="json"))


def _prune(model: "_Content", data: dict) -> dict:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if (info.json_schema_extra or {}).get("added") and value == info.get_default(call_default_factory=True):
            del data[name]
        elif isinstance(value, _Content):
            data[name] = _prune(value, data[name])
        elif isinstance(value, list):
            data[name] = [_prune(v, d) if isinstance(v, _Content) else d for v, d in zip(value, data[name])]
    return data


def added(version: str, **kwargs):
    """A content field added in catalogue/schema `version`: optional, and out of the hash while at its default."""
    extra = kwargs.pop("json_schema_extra", {}) | {"added": version}
    return PField(json_schema_extra=extra, **kwargs)


FACT_TEXT_MAX = 50_000  # a fact may quote a long report (40,000 characters and more); other texts stay at TEXT_MAX
LIST_MAX = 200


class Fact(_Content):
    key: str = PField(min_length=1, max_length=40, description="Korte sleutel waarmee gronden naar het feit verwijzen")
    text: str = PField(min_length=1, max_length=FACT_TEXT_MAX)
    source: Text = ""
    date: dt.date | None = None
    confirmed_by: Name = ""
    kind: Literal["fact", "opinion"] = "fact"
    held_by: Name = added("2026.2", default="", description="Bij een mening: van wie (naam en functie), want de "
                          "rechter wil elke mening kunnen toeschrijven")


class GroundAnswer(_Content):
    element: Code
    answer: Text = ""
    fact_keys: list[Annotated[str, PField(max_length=40)]] = PField(default=[], max_length=LIST_MAX)


class Alternative(_Content):
    kind: Code
    description: Text = ""
    tried: Text = ""
    result: Text = ""
    why_insufficient: Text = ""
    # Subsidiarity in structured form (2026.2): tried yes/no, when, and if not, why not.
    was_tried: bool | None = added("2026.2", default=None, description="Is dit lichtere middel geprobeerd? "
                                   "Leeg: niet gezegd")
    tried_when: Text = added("2026.2", default="", description="Wanneer het is geprobeerd (periode of datum)")
    why_not_tried: Text = added("2026.2", default="", description="Waarom het niet is geprobeerd")


class UrgencyDetails(_Content):
    """Spoed (art. 809 lid 3 Rv) in structured form: the danger, the facts that show it, and why the normal
    hearing cannot wait. The panel's jurist records which of these parts the acceptance relies on."""

    danger: Text = PField(default="", description="Welk onmiddellijk en ernstig gevaar dreigt")
    fact_keys: list[Annotated[str, PField(max_length=40)]] = PField(
        default=[], max_length=LIST_MAX, description="Sleutels van de feiten (soort 'fact') die het gevaar tonen")
    why_hearing_cannot_wait: Text = PField(default="", description="Waarom het gewone horen niet kan worden "
                                           "afgewacht")


URGENCY_PARTS = {"danger": "het gevaar", "facts": "de feiten", "hearing": "waarom het horen niet kan wachten"}


class Attachment(_Content):
    code: Code
    title: Name = PField(min_length=1)
    reference: Text = ""


class RequestContent(_Content):
    """Everything the indiener writes. Stored whole in each revision; the hash is over this."""

    measure: Code
    capacity: Code
    child_ids: list[Id] = PField(default=[], max_length=50)
    duration_months: int | None = PField(default=None, ge=1, le=1200)
    summary: Text = ""
    concerns: list[Text] = PField(default=[], max_length=LIST_MAX)
    facts: list[Fact] = PField(default=[], max_length=LIST_MAX)
    grounds: list[GroundAnswer] = PField(default=[], max_length=LIST_MAX)
    alternatives: list[Alternative] = PField(default=[], max_length=LIST_MAX)
    proportionality: Text = ""
    duration_reason: Text = PField(default="", description="Waarom deze duur")
    effectiveness: Text = PField(default="", description="Doelmatigheid: hoe de maatregel de bedreiging wegneemt")
    acceptable_term: Text = PField(default="", description="Gezagsbeëindiging: de aanvaardbare termijn voor dit kind")
    goals: list[Text] = PField(default=[], max_length=LIST_MAX)
    attachments: list[Attachment] = PField(default=[], max_length=LIST_MAX)
    flags: dict[Code, bool] = PField(default={}, max_length=LIST_MAX)
    urgency: Text = ""
    urgency_details: UrgencyDetails | None = added("2026.2", default=None, description="Spoed in gestructureerde "
                                                   "vorm: gevaar, feiten, en waarom het horen niet kan wachten")
    problem_tags: list[Code] = PField(default=[], max_length=LIST_MAX,
                                      description="Expertise die de zaak vraagt, bv. huiselijk_geweld")
    executing_institution: Name = added("2026.2", default="", description="De instelling die de maatregel uitvoert "
                                        "(naam en vestigingsplaats), waar de catalogus daarom vraagt")

    @field_validator("facts")
    @classmethod
    def _unique_fact_keys(cls, facts: list[Fact]) -> list[Fact]:
        keys = [f.key for f in facts]
        if len(keys) != len(set(keys)):
            raise ValueError("fact keys must be unique")
        return facts

    def canonical_json(self) -> str:
        return json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    def answer(self, element: str) -> GroundAnswer | None:
        return next((g for g in self.grounds if g.element == element), None)


# --- tables -------------------------------------------------------------------------------

class Request(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    requester_id: int = Field(foreign_key="user.id", index=True)
    measure: str = Field(max_length=64, index=True)
    state: str = Field(default=RequestState.draft, max_length=32, index=True)
    spoed: bool = False
    catalogue_version: str | None = Field(default=None, max_length=32, description="Vastgezet bij indienen")
    current_revision_id: int | None = Field(default=None, foreign_key="requestrevision.id")
    approved_revision_id: int | None = Field(default=None, foreign_key="requestrevision.id")
    returned_revision_id: int | None = Field(default=None, foreign_key="requestrevision.id")
    # 'akkoord na kleine aanpassing': the panel agreed on this revision subject to a small change that only
    # the chair checks on the next revision; the other members' verdicts carry over.
    minor_change_revision_id: int | None = Field(default=None, foreign_key="requestrevision.id")
    flagged: str = Field(default="", description="Reden waarom de beheerder moet kijken, leeg als niets")
    closing_reason: str = Field(default="", description="Reden bij intrekken of advies niet indienen")
    # Spoed (art. 809 lid 3 Rv): the panel accepted the urgency, so the hearing may be completed afterwards.
    urgency_accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    urgency_accepted_by: int | None = Field(default=None, foreign_key="user.id")
    urgency_reasons: str = ""
    # Which parts of the structured urgency the jurist's acceptance relies on (keys of URGENCY_PARTS).
    urgency_relies_on: list[str] = Field(default_factory=list, sa_column=Column(JSONColumn, nullable=False,
                                                                                 default=list))
    created_at: datetime = Field(sa_type=UTCDateTime)
    state_changed_at: datetime = Field(sa_type=UTCDateTime)


class RequestRevision(SQLModel, table=True):
    """Immutable: a change to a request is a new revision (see models.db guard)."""

    __table_args__ = (UniqueConstraint("request_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    number: int
    content: dict = Field(sa_column=Column(JSONColumn, nullable=False))
    content_hash: str = Field(max_length=64, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: int = Field(foreign_key="user.id")
    note: str = ""

    def parsed(self) -> RequestContent:
        return RequestContent.model_validate(self.content)


class RevisionPublic(SQLModel):
    id: int
    number: int
    content: RequestContent
    content_hash: str
    created_at: datetime
    created_by: int
    note: str
