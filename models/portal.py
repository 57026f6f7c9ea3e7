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


def link_refusal(link: PortalLink, *, responded_at: datetime | None, now: datetime) -> str | None:
    """Why `link` no longer opens, or None while it works. A link is dead from its deadline on (`expires_at` itself
    included); a single-use link once used, or once its party responded by another channel (`responded_at`)."""
    if link.revoked_at is not None:
        return "link_revoked"
    if link.expires_at <= now:
        return "link_expired"
    if link.single_use and (link.used_at is not None or responded_at is not None):
        return "link_used"
    return None
