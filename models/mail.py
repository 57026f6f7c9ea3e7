"""Outgoing e-mail as rows: written with the change that causes it, sent by a flow, retried, never lost."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime


class MailMessage(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    request_id: int | None = Field(default=None, foreign_key="request.id", index=True)
    party_id: int | None = Field(default=None, foreign_key="hearingparty.id")
    kind: str = Field(max_length=32, description="invitation | reminder")
    dedupe_key: str = Field(max_length=200, unique=True, description="Eén bericht per aanleiding")
    to_address: str = Field(max_length=320)
    subject: str
    body: str
    created_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="pending", max_length=16, index=True, description="pending | sent | failed")
    attempts: int = 0
    last_error: str = ""
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: str = ""
