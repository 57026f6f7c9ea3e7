"""Request bodies of the API (field names in English; the texts people write are Dutch).

Every text has a length limit, every id a range, every time a zone (none given: Europe/Amsterdam)."""

from typing import Literal

from pydantic import BaseModel, Field

from models.base import Code, Id, InputDateTime, Name, Text
from models.family import PersonCreate
from models.request import RequestContent


class FamilyCreate(BaseModel):
    name: Name
    language: str = Field(default="nl", max_length=20)
    persons: list[PersonCreate] = Field(default=[], max_length=50)


class CaseCreate(BaseModel):
    family_id: Id
    title: Name = ""
    team_user_ids: list[Id] = Field(default=[], max_length=50)


class RequestCreate(BaseModel):
    case_id: Id
    spoed: bool = False
    content: RequestContent = Field(description="Inhoud van het verzoek")


class RevisionCreate(BaseModel):
    content: RequestContent
    note: Text = ""


class InvitationCreate(BaseModel):
    channel: Code = Field(description="brief | email | persoonlijk | via_advocaat | via_curator")
    sent_at: InputDateTime
    proof: Text = Field(default="", description="Verplicht behalve per e-mail: dan volgt het bewijs bij verzending")


class ResponseCreate(BaseModel):
    position: Code = Field(description="eens | oneens | deels")
    text: Text
    received_at: InputDateTime
    channel: Code
    responded_by: Name = ""


class ChildVoiceCreate(BaseModel):
    heard: bool
    method: Code = ""
    obtained_by: Name = ""
    obtained_at: InputDateTime | None = None
    child_words: Text = ""
    professional_summary: Text = ""
    not_heard_reason: Code = Field(default="", description="weigert | niet_in_staat | schadelijk | niet_bereikbaar")
    explanation: Text = ""


class AssessmentItem(BaseModel):
    criterion: Code
    outcome: Code = Field(description="voldoet | voldoet_niet | nvt")
    reasoning: Text


class AssessmentsCreate(BaseModel):
    items: list[AssessmentItem] = Field(max_length=200)


class VerdictCreate(BaseModel):
    decision: Code = Field(description="akkoord | akkoord_na_kleine_aanpassing | terug_ter_correctie | "
                                       "advies_niet_indienen")
    reasons: Text
    override_reasons: Text = Field(default="", description="Alleen bij akkoord terwijl u een criterium als 'voldoet "
                                   "niet' beoordeelde: waarom u toch akkoord geeft (wordt als afwijking vastgelegd)")


class WarningAccept(BaseModel):
    code: Code = Field(description="De code van de waarschuwing, zoals de checklist die noemt")
    field: str = Field(default="", max_length=200, description="Het veld van de waarschuwing, zoals de checklist "
                        "het noemt")
    reasons: Text = Field(description="Waarom het panel de waarschuwing aanvaardt")


class EscalationCreate(BaseModel):
    proceed: bool = Field(description="true: toch indienen; false: niet indienen")
    reasons: Text


class SignOffCreate(BaseModel):
    revision_hash: Code
    declaration: Text


class FileCreate(BaseModel):
    court_reference: Name = ""


class WithdrawCreate(BaseModel):
    reason: Text


# --- hoor en wederhoor beyond invitation and response ------------------------------------------------

class PartyRemove(BaseModel):
    reason: Text


class CapabilityCreate(BaseModel):
    capable: bool
    note: Text
    assessed_by: Name


class WaiverCreate(BaseModel):
    reasons: Text


class UrgencyDecision(BaseModel):
    accepted: bool
    reasons: Text
    relies_on: list[Literal["danger", "facts", "hearing"]] = Field(
        default=[], max_length=3, description="Bij aanvaarden: op welke onderdelen van de onderbouwde spoed het oordeel "
        "steunt (danger: het gevaar, facts: de feiten, hearing: waarom het horen niet kan wachten)")
