"""Personal links to the family response portal: unguessable, expiring, revocable, stored hashed."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime


class PortalLink(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    party_id: int = Field(foreign_key="hearingparty.id", index=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    single_use: bool = True
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
