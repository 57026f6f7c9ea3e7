"""The panel's work: assessments per criterion, verdicts, and sign-offs bound to a revision hash."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from models.base import JSONColumn, UTCDateTime


class Outcome(StrEnum):
    voldoet = "voldoet"
    voldoet_niet = "voldoet_niet"
    nvt = "nvt"


class Decision(StrEnum):
    akkoord = "akkoord"
    klein = "akkoord_na_kleine_aanpassing"
    terug = "terug_ter_correctie"
    niet_indienen = "advies_niet_indienen"


DECISION_LABELS = {
    Decision.akkoord: "akkoord",
    Decision.klein: "akkoord na kleine aanpassing",
    Decision.terug: "terug ter correctie",
    Decision.niet_indienen: "advies niet indienen",
}
OUTCOME_LABELS = {Outcome.voldoet: "voldoet", Outcome.voldoet_niet: "voldoet niet", Outcome.nvt: "n.v.t."}


class Assessment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    revision_id: int = Field(foreign_key="requestrevision.id", index=True)
    reviewer_id: int = Field(foreign_key="user.id")
    criterion: str = Field(max_length=64)
    outcome: str = Field(max_length=16)
    reasoning: str
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class Verdict(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    revision_id: int = Field(foreign_key="requestrevision.id", index=True)
    seat_id: int = Field(foreign_key="panelseat.id")
    reviewer_id: int = Field(foreign_key="user.id")
    decision: str = Field(max_length=32)
    reasons: str
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    # An akkoord although the member found criteria wanting ('voldoet niet') on this revision: only with an
    # explicit, reasoned override, recorded as such (by default such a verdict is 'terug ter correctie').
    override: bool = False
    override_reasons: str = ""
    overridden_criteria: list[str] = Field(default_factory=list, sa_column=Column(JSONColumn, nullable=False,
                                                                                   default=list))


class WarningAcceptance(SQLModel, table=True):
    """A panel member accepts, with reasons, an intake warning on one revision; a new revision needs it again."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    revision_id: int = Field(foreign_key="requestrevision.id", index=True)
    code: str = Field(max_length=64)
    field: str = Field(default="", max_length=200)
    message: str = Field(default="", description="De waarschuwing zoals die gold toen zij werd aanvaard")
    accepted_by: int = Field(foreign_key="user.id")
    reasons: str
    accepted_at: datetime = Field(sa_type=UTCDateTime)


class Escalation(SQLModel, table=True):
    """After 'advies niet indienen': the decision of the escalation (regiomanager), with reasons."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    revision_id: int = Field(foreign_key="requestrevision.id")
    decided_by: int = Field(foreign_key="user.id")
    proceed: bool
    reasons: str
    decided_at: datetime = Field(sa_type=UTCDateTime)


class SignOff(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    revision_id: int = Field(foreign_key="requestrevision.id")
    revision_hash: str = Field(max_length=64)
    user_id: int = Field(foreign_key="user.id")
    role: str = Field(max_length=32)
    declaration: str
    signed_at: datetime = Field(sa_type=UTCDateTime)
