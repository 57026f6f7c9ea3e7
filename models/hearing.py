"""Hoor en wederhoor: the parties of a request, their invitations and responses, and the child's voice."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime
from models.request import RequestState

PARTY_KINDS = ("parent_gezag", "parent", "carer", "child")
PARTY_KIND_LABELS = {
    "parent_gezag": "ouder met gezag",
    "parent": "ouder zonder gezag",
    "carer": "verzorger",
    "child": "kind",
}
CHANNELS = {
    "brief": "per brief",
    "email": "per e-mail",
    "persoonlijk": "persoonlijk overhandigd",
    "via_advocaat": "via de advocaat",
    "via_curator": "via de bijzondere curator",
    "portaal": "via het reactieportaal",
}
# The states in which parties are heard (invited, answering, their portal link working): before approval.
HEARING_OPEN = (RequestState.draft, RequestState.submitted, RequestState.in_tegenspraak)
POSITIONS = {"eens": "eens", "oneens": "oneens", "deels": "deels eens"}

# The closed list of reasons a child was not heard (art. 809 Rv; domain.md §4).
NOT_HEARD_REASONS = {
    "weigert": "het kind wil niet gehoord worden",
    "niet_in_staat": "het kind is daartoe niet in staat door een ernstige stoornis",
    "schadelijk": "horen zou het kind schaden",
    "niet_bereikbaar": "het kind was niet bereikbaar",
}
# Parts of a request that, once changed, send it back to the parties heard on an earlier revision.
MATERIAL_FIELDS = ("measure", "duration_months", "facts", "grounds", "child_ids")

VOICE_METHODS = {
    "gesprek": "gesprek",
    "brief": "brief van het kind",
    "tekening": "tekening",
    "via_curator": "via de bijzondere curator",
    "portaal": "eigen reactie via het reactieportaal",
    "anders": "anders",
}


class HearingParty(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=20)
    required: bool = True
    # invitation
    invited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    invited_revision_id: int | None = Field(default=None, foreign_key="requestrevision.id")
    channel: str = ""
    proof: str = Field(default="", description="Bewijs van uitnodiging: verzenddatum, track-and-trace, handtekening")
    deadline: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # response (zienswijze), stored verbatim
    responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    response_channel: str = ""
    position: str = ""
    response_text: str = ""
    responded_by: str = Field(default="", description="Leeg als de partij zelf reageerde, anders bv. de advocaat")
    # set exactly once by the deadline watcher
    lapsed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    added_by_indiener: bool = False
    # a child below the hearing age: can it form and give its view? (decides whether it is required)
    capable: bool | None = None
    capability_note: str = ""
    capability_assessed_by: str = ""
    capability_assessed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class FollowUpHearing(SQLModel, table=True):
    """A party skipped because of accepted urgency: to be heard afterwards, by a watched deadline."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    party_id: int = Field(foreign_key="hearingparty.id", unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    deadline: datetime = Field(sa_type=UTCDateTime, index=True)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    overdue_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReinviteWaiver(SQLModel, table=True):
    """The panel's reasoned decision that a change does not touch what a party responded to."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    party_id: int = Field(foreign_key="hearingparty.id")
    revision_id: int = Field(foreign_key="requestrevision.id")
    reasons: str
    recorded_by: int = Field(foreign_key="user.id")
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class ChildVoice(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    heard: bool
    method: str = ""
    obtained_by: str = ""
    obtained_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    child_words: str = Field(default="", description="De eigen woorden van het kind, letterlijk")
    professional_summary: str = ""
    not_heard_reason: str = ""
    explanation: str = ""
    recorded_by: int = Field(foreign_key="user.id")
    recorded_at: datetime = Field(sa_type=UTCDateTime)
