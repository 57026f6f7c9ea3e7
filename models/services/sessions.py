"""Workspace sessions: start at login, resolve on every page, end at logout (or for all of a user's sessions).

The session id is random, handed out once and stored only as its SHA-256, like a portal link: someone who reads
the database cannot take over a session. Framework-free: api/auth.py puts the id in the signed cookie."""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from models.db import begin_write
from models.organisation import User, hash_token
from models.workspace_session import WorkspaceSession

# last_seen_at is refreshed at most this often: a page view is a read, not a write on every request.
LAST_SEEN_EVERY = timedelta(minutes=5)
TOKEN_MAX = 200  # a session id is 43 characters; anything far longer is not one of ours


def start_session(session: Session, *, user: User, now: datetime, max_age_seconds: int) -> str:
    """A new session for `user`, valid for max_age_seconds; returns the session id (only now, never again)."""
    begin_write(session)
    token = secrets.token_urlsafe(32)
    session.add(WorkspaceSession(token_hash=hash_token(token), user_id=user.id, created_at=now,
                                 expires_at=now + timedelta(seconds=max_age_seconds), last_seen_at=now))
    session.commit()
    return token


def _active(session: Session, token: str, now: datetime) -> WorkspaceSession | None:
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX:
        return None
    row = session.exec(select(WorkspaceSession).where(WorkspaceSession.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return row


def resolve_session(session: Session, *, token: str, now: datetime) -> User | None:
    """The active user of an active session (not revoked, not expired), or None. Ends its own transaction."""
    row = _active(session, token, now)
    user = session.get(User, row.user_id) if row is not None else None
    if user is None or not user.active:
        session.commit()  # end the read
        return None
    if now - row.last_seen_at >= LAST_SEEN_EVERY:
        begin_write(session)  # ends the read, starts a writer
        session.execute(update(WorkspaceSession)
                        .where(WorkspaceSession.id == row.id,
                               WorkspaceSession.last_seen_at <= now - LAST_SEEN_EVERY)
                        .values(last_seen_at=now)
                        .execution_options(synchronize_session=False))
    session.commit()
    return user


def end_session(session: Session, *, token: str, now: datetime) -> None:
    """Revoke the session with this id (logout). Unknown, expired or already ended: nothing to do."""
    begin_write(session)
    row = _active(session, token, now)
    if row is not None:
        row.revoked_at = now
        session.add(row)
    session.commit()


def end_all_sessions(session: Session, *, user_id: int, now: datetime) -> int:
    """Revoke every open session of a user (deactivation, lost laptop); returns how many were open."""
    begin_write(session)
    rows = session.exec(select(WorkspaceSession).where(WorkspaceSession.user_id == user_id,
                                                       WorkspaceSession.revoked_at.is_(None),
                                                       WorkspaceSession.expires_at > now)).all()
    for row in rows:
        row.revoked_at = now
        session.add(row)
    session.commit()
    return len(rows)
