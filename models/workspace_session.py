"""Workspace sessions, kept on the server so that logging out really ends them.

The browser's signed cookie carries only a random session id; this table holds its SHA-256. A copied cookie is
worth nothing once the row is revoked (logout, deactivation) or expired."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime


class WorkspaceSession(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True, description="SHA-256 van het sessie-id")
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
