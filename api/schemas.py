"""Request bodies of the API (field names in English; the texts people write are Dutch)."""

from datetime import datetime

from pydantic import BaseModel, Field

from models.family import PersonCreate


class FamilyCreate(BaseModel):
    name: str
    language: str = "nl"
    persons: list[PersonCreate] = []


class CaseCreate(BaseModel):
    family_id: int
    title: str = ""
    team_user_ids: list[int] = []


class RequestCreate(BaseModel):
    case_id: int
    spoed: bool = False
    content: dict = Field(description="Inhoud van het verzoek (zie RequestContent in de documentatie)")


class RevisionCreate(BaseModel):
    content: dict
    note: str = ""


class InvitationCreate(BaseModel):
    channel: str = Field(description="brief | email | persoonlijk | via_advocaat | via_curator")
    sent_at: datetime
    proof: str = Field(default="", description="Verplicht behalve per e-mail: dan volgt het bewijs bij verzending")


class ResponseCreate(BaseModel):
    position: str = Field(description="eens | oneens | deels")
    text: str
    received_at: datetime
    channel: str
    responded_by: str = ""


class ChildVoiceCreate(BaseModel):
    heard: bool
    method: str = ""
    obtained_by: str = ""
    obtained_at: datetime | None = None
    child_words: str = ""
    professional_summary: str = ""
    not_heard_reason: str = Field(default="", description="weigert | niet_in_staat | schadelijk | niet_bereikbaar")
    explanation: str = ""


class AssessmentItem(BaseModel):
    criterion: str
    outcome: str = Field(description="voldoet | voldoet_niet | nvt")
    reasoning: str


class AssessmentsCreate(BaseModel):
    items: list[AssessmentItem]


class VerdictCreate(BaseModel):
    decision: str = Field(description="akkoord | terug_ter_correctie | advies_niet_indienen")
    reasons: str


class EscalationCreate(BaseModel):
    proceed: bool = Field(description="true: toch indienen; false: niet indienen")
    reasons: str


class SignOffCreate(BaseModel):
    revision_hash: str
    declaration: str


class FileCreate(BaseModel):
    court_reference: str = ""


class WithdrawCreate(BaseModel):
    reason: str
