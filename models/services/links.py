"""Personal links to the family response portal: issuing one. Below both the hearing (which invites) and the
portal (which answers), so neither needs the other."""

import secrets
from datetime import datetime

from sqlmodel import Session, select

from models.hearing import HearingParty
from models.organisation import hash_token
from models.portal import PortalLink


def issue_link(session: Session, *, party: HearingParty, expires_at: datetime, single_use: bool,
               now: datetime) -> str:
    """A new personal link; the token is returned once and stored only as a hash. Flushes only.

    Every older link of the party stops working: a re-invitation or a reminder sends the one link that counts."""
    for older in session.exec(select(PortalLink).where(PortalLink.party_id == party.id,
                                                       PortalLink.revoked_at.is_(None))):
        older.revoked_at = now
    token = secrets.token_urlsafe(32)
    session.add(PortalLink(party_id=party.id, request_id=party.request_id, token_hash=hash_token(token),
                           created_at=now, expires_at=expires_at, single_use=single_use))
    session.flush()
    return token
