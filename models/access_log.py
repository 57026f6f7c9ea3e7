"""The access log (NEN 7513 style): who looked at, or tried to look at, which part of a dossier, when and why.

Separate from the audit trail: the audit trail records what changed; this records every read and refusal."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime

OUTCOMES = ("granted", "refused")
OBJECT_TYPES = ("family", "case", "request", "revision", "document", "audit", "access_log", "portal", "panel")


class AccessLogEntry(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    user_id: int | None = Field(default=None, index=True, description="Leeg bij het reactieportaal of onbekend")
    user_name: str = Field(default="", max_length=200)
    roles: str = Field(default="", max_length=200)
    channel: str = Field(default="", max_length=16, description="api | werkplek | portaal | flow")
    object_type: str = Field(max_length=16, index=True)
    object_id: int | None = None
    request_id: int | None = Field(default=None, index=True)
    family_id: int | None = Field(default=None, index=True)
    purpose: str = Field(default="", max_length=32, description="Grond van de toegang, bv. zaakteam, tegenspraak")
    route: str = Field(default="", max_length=300, description="Methode en pad van het verzoek")
    outcome: str = Field(max_length=8, index=True)
    reason: str = Field(default="", max_length=64, description="Code van de weigering")
    client: str = Field(default="", max_length=64)


class AccessLogPublic(SQLModel):
    id: int
    at: datetime
    user_id: int | None
    user_name: str
    roles: str
    channel: str
    object_type: str
    object_id: int | None
    request_id: int | None
    family_id: int | None
    purpose: str
    route: str
    outcome: str
    reason: str
    client: str
