"""The append-only audit trail and the outbox of events that flows process."""

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from models.base import JSONColumn, UTCDateTime


class AuditEvent(SQLModel, table=True):
    """Append-only: updates and deletes are refused (see models.db)."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor: str = Field(max_length=200, description="Naam van wie het deed, of 'systeem'")
    action: str = Field(max_length=64, index=True)
    request_id: int | None = Field(default=None, foreign_key="request.id", index=True)
    revision_id: int | None = Field(default=None, foreign_key="requestrevision.id")
    revision_number: int | None = None
    details: dict = Field(default_factory=dict, sa_column=Column(JSONColumn, nullable=False))


class Event(SQLModel, table=True):
    """Outbox: written in the same transaction as the change it announces; processed by a flow."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=64, index=True)
    request_id: int | None = Field(default=None, foreign_key="request.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    processed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = 0
    outcome: str = ""
