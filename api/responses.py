"""Response bodies of the API: what each route answers, typed, so the OpenAPI schema is a contract.

They model the dicts the read models build (models/services/views.py and friends) field by field."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from api.errors import ProblemPublic
from models.family import PersonPublic
from models.request import RequestContent


class HealthPublic(BaseModel):
    status: str


# --- catalogue ---------------------------------------------------------------------------------------

class CataloguePublic(BaseModel):
    versions: list[str] = Field(description="Alle catalogusversies, oudste eerst")
    catalogue: dict[str, Any] = Field(description="De gevraagde catalogus (vrije structuur, zie catalogue_data)")


class CatalogueChangePublic(BaseModel):
    path: str
    before: Any
    after: Any


class CatalogueDiffPublic(BaseModel):
    before: str
    after: str
    changes: list[CatalogueChangePublic]


# --- families and cases ------------------------------------------------------------------------------

class FamilyPublic(BaseModel):
    id: int
    name: str
    language: str
    region_id: int | None = None
    persons: list[PersonPublic]


class CaseCreatedPublic(BaseModel):
    id: int
    family_id: int
    region_id: int
    title: str


class CaseRequestPublic(BaseModel):
    id: int
    measure: str
    state: str
    state_label: str


class CasePublic(BaseModel):
    id: int
    title: str
    family_id: int
    region_id: int
    owner_id: int
    requests: list[CaseRequestPublic]


# --- requests ----------------------------------------------------------------------------------------

class RequestSummaryPublic(BaseModel):
    id: int
    case_id: int
    measure: str
    state: str
    state_label: str
    flagged: str


class ChecklistStagePublic(BaseModel):
    stage: str
    label: str
    done: bool
    missing: list[ProblemPublic]
    warnings: list[ProblemPublic] = Field(default=[], description="Alleen bij de intake: waarschuwingen")


class CurrentRevisionPublic(BaseModel):
    id: int
    number: int
    content_hash: str
    content: RequestContent


class CriterionPublic(BaseModel):
    code: str
    label: str


class LongSentencePublic(BaseModel):
    sentence: str
    words: int


class JargonPublic(BaseModel):
    word: str
    plain: str


class HintsPublic(BaseModel):
    flesch_douma: float | None
    level: str
    long_sentences: list[LongSentencePublic]
    jargon: list[JargonPublic]


class ReadabilityPublic(BaseModel):
    summary: HintsPublic
    goals: HintsPublic


class AssessmentPublic(BaseModel):
    reviewer: str | int = Field(description="Naam van de beoordelaar (of het id, als die niet meer in het panel zit)")
    criterion: str
    outcome: str
    reasoning: str


class VerdictPublic(BaseModel):
    reviewer: str
    decision: str
    reasons: str
    revision_id: int
    override: bool = Field(default=False, description="Akkoord ondanks eigen 'voldoet niet': een gemotiveerde "
                           "afwijking")
    override_reasons: str = ""
    overridden_criteria: list[str] = Field(default=[], description="De criteria die dit lid 'voldoet niet' gaf")


class WarningAcceptancePublic(BaseModel):
    code: str
    field: str
    message: str = Field(description="De waarschuwing zoals die gold toen zij werd aanvaard")
    accepted_by: str
    reasons: str
    accepted_at: datetime


class CorrectionPublic(BaseModel):
    reviewer: str
    decision: str
    reasons: str


class SeatPublic(BaseModel):
    seat_id: int
    role: str
    role_label: str
    seat_no: int
    user_id: int
    name: str
    region: str
    verdict: str | None
    chair: bool


class PartyPublic(BaseModel):
    id: int
    person_id: int
    name: str
    kind: str
    kind_label: str
    required: bool
    invited_at: datetime | None
    channel: str
    proof: str
    deadline: datetime | None
    responded_at: datetime | None
    position: str
    response_text: str
    responded_by: str
    lapsed_at: datetime | None


class ChildVoicePublic(BaseModel):
    person_id: int
    name: str
    heard: bool
    method: str
    obtained_by: str
    obtained_at: datetime | None
    child_words: str
    professional_summary: str
    not_heard_reason: str
    explanation: str


class SignOffPublic(BaseModel):
    user_id: int
    name: str
    role: str
    revision_hash: str
    signed_at: datetime


class DocumentSummaryPublic(BaseModel):
    id: int
    revision_id: int
    sha256: str
    verification_code: str
    rendered_at: datetime
    download: str


class RequestPublic(BaseModel):
    """Everything a user may see of one request."""

    id: int
    case_id: int
    region: str
    measure: str
    measure_name: str
    state: str
    state_label: str
    spoed: bool
    catalogue_version: str | None
    flagged: str
    closing_reason: str
    revision: CurrentRevisionPublic
    approved_revision_id: int | None
    checklist: list[ChecklistStagePublic]
    criteria: list[CriterionPublic]
    readability: ReadabilityPublic
    assessments: list[AssessmentPublic]
    verdicts: list[VerdictPublic]
    warning_acceptances: list[WarningAcceptancePublic] = Field(default=[], description="Intakewaarschuwingen die een "
                                                               "panellid op deze revisie met redenen aanvaardde")
    correction_list: list[CorrectionPublic]
    panel: list[SeatPublic]
    minor_change: bool
    parties: list[PartyPublic]
    child_voices: list[ChildVoicePublic]
    signoffs: list[SignOffPublic]
    documents: list[DocumentSummaryPublic]


class InvitationPublic(RequestPublic):
    portal_link: str | None = Field(description="Persoonlijke portaallink (eenmalig getoond; niet bij e-mail)")


class AuditEventPublic(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor: str
    action: str
    request_id: int | None
    revision_id: int | None
    revision_number: int | None
    details: dict[str, Any] = Field(description="Wat er gebeurde (vrije structuur per soort gebeurtenis)")
    prev_hash: str
    hash: str


class RenderedPublic(BaseModel):
    id: int
    verification_code: str
    sha256: str
    download: str


class RevisionDiffChangePublic(BaseModel):
    field: str
    diff: list[str] = Field(description="Unified diff, regel voor regel")


class RevisionDiffPublic(BaseModel):
    before: int
    after: int
    changes: list[RevisionDiffChangePublic]
    material: list[str] = Field(description="Velden waarover partijen gehoord zijn en die veranderden")


# --- hearing -----------------------------------------------------------------------------------------

class PartyAddedPublic(BaseModel):
    party_id: int
    person_id: int


class CreatedPublic(BaseModel):
    id: int


class RevokedPublic(BaseModel):
    revoked: int = Field(description="Aantal ingetrokken portaallinks")


# --- learning and verification -----------------------------------------------------------------------

class FailingCriterionPublic(BaseModel):
    criterion: str
    count: int


class LearningPublic(BaseModel):
    region: str
    measure: str
    requests: int
    share_returned: float
    share_advised_against: float
    most_failing_criteria: list[FailingCriterionPublic]
    median_hours_in_stage: dict[str, float]


class SignerPublic(BaseModel):
    name: str
    role: str
    signed_at: datetime


class VerificationPublic(BaseModel):
    verification_code: str
    request_id: int
    revision_id: int
    revision_hash: str
    rendered_at: datetime
    sha256: str
    signed_by: list[SignerPublic]
    bytes_unchanged: bool | None = Field(default=None, description="Alleen bij een meegestuurd bestand")
    revision_unchanged: bool = Field(description="De revisie is nog dezelfde als bij het opmaken")
    problems: list[ProblemPublic] = []


# --- reviewers and panels ----------------------------------------------------------------------------

class PeriodPublic(BaseModel):
    start: date
    end: date
    reason: str


class ConflictPublic(BaseModel):
    person_id: int | None
    family_id: int | None
    organisation: str
    region_id: int | None
    reason: str


class SeatHistoryPublic(BaseModel):
    request_id: int
    role: str
    assigned_at: datetime
    released_at: datetime | None
    release_kind: str


class ReviewerPublic(BaseModel):
    id: int
    name: str
    email: str
    region_id: int
    roles: list[str]
    team: str
    capacity: int
    expertise: list[str]
    languages: list[str]
    active: bool
    open_seats: int
    unavailable: list[PeriodPublic]
    conflicts: list[ConflictPublic]
    history: list[SeatHistoryPublic]


class ReviewerCreatedPublic(BaseModel):
    id: int
    token: str | None = Field(description="Het API-token van de nieuwe reviewer, eenmalig getoond")


class ImportPublic(BaseModel):
    created: list[int]
    updated: list[int]
    tokens: dict[str, str] = Field(description="Per e-mailadres het token van een nieuwe reviewer, eenmalig")


class SeatWhyPublic(BaseModel):
    seat_id: int
    role: str
    seat_no: int
    user_id: int
    name: str
    assigned_at: datetime
    active: bool
    release_kind: str
    release_reason: str
    score: float
    breakdown: dict[str, float | int | bool | list[int]] = Field(
        description="De score per onderdeel en 'total'; 'continuity' of 'batch' (true) bij behoud of batch, "
                    "'drawn_among' (ids van de bijna-gelijken waaruit geloot is) en 'eligible' (aantal geschikten)")
    seed: str


class ReasonPublic(BaseModel):
    code: str
    message: str


class RoleEligibilityPublic(BaseModel):
    eligible: bool
    reasons: list[ReasonPublic]
    score: dict[str, float] | None = None


class SeatRefPublic(BaseModel):
    role: str
    seat_no: int


class WhyNotPublic(BaseModel):
    user_id: int
    name: str
    roles: dict[str, RoleEligibilityPublic]
    seated: list[SeatRefPublic]


class DeclinePublic(BaseModel):
    refilled: bool
    seat_id: int | None


class BatchPublic(BaseModel):
    assigned: list[int]
    refused: dict[int, list[ProblemPublic]]
    seed: str | None = None
