"""Tamper evidence: verifying the audit hash chain, and checking stored files against their recorded SHA-256."""

import hashlib
import json
from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlalchemy import String, select, type_coerce
from sqlmodel import Session

from models.audit import GENESIS_HASH, HASHED_FIELDS, AuditEvent, hash_fields
from models.errors import DomainError, Problem
from models.organisation import User
from models.services.common import require_role

BATCH = 10_000


class DocumentTampered(DomainError):
    """A stored file no longer matches the SHA-256 recorded when it was made."""

    code = "document_tampered"
    status = 409
    message = "Het document is gewijzigd sinds het werd opgemaakt; het wordt niet uitgeleverd."


class AuditVerification(BaseModel):
    """The outcome of walking the whole audit chain."""

    ok: bool = Field(description="De keten is ongeschonden")
    code: str = Field(description="audit_intact, audit_altered, audit_deleted, audit_inserted of audit_anchor_mismatch")
    message: str = Field(description="De uitkomst in een zin")
    checked: int = Field(description="Aantal gecontroleerde gebeurtenissen")
    broken_id: int | None = Field(default=None, description="De eerste gebeurtenis waar de keten breekt")
    head_id: int | None = Field(default=None, description="De laatste gebeurtenis in de keten")
    head_hash: str = Field(default="", description="Hash van de laatste gebeurtenis: noteer die buiten het systeem "
                                                   "als anker, zodat ook het weglaten van de staart opvalt")


_TABLE = AuditEvent.__table__
_ID = _TABLE.c.id
# `at` and `details` are read as the driver gives them, without SQLAlchemy's per-row type processing (half of
# the time of a million rows on SQLite); `_decode` turns them into what the hash covers, on any database.
_RAW = {"at": String, "details": String}
_COLUMNS = [type_coerce(_TABLE.c[name], _RAW[name]) if name in _RAW else _TABLE.c[name] for name in HASHED_FIELDS]
_COLUMNS.append(_TABLE.c.hash)  # id first, prev_hash and hash last
_AT, _DETAILS = HASHED_FIELDS.index("at"), HASHED_FIELDS.index("details")


def _decode(row) -> tuple:
    """(fields in HASHED_FIELDS order) of a raw row; ValueError/TypeError if a value cannot be read back."""
    values = list(row[:-1])
    at = values[_AT]
    at = at if isinstance(at, datetime) else datetime.fromisoformat(at)
    values[_AT] = at if at.tzinfo is not None else at.replace(tzinfo=UTC)  # SQLite keeps UTC without a zone
    if isinstance(values[_DETAILS], str | bytes):
        values[_DETAILS] = json.loads(values[_DETAILS])
    return values


def _broken(code: str, message: str, checked: int, broken_id: int) -> AuditVerification:
    return AuditVerification(ok=False, code=code, message=message, checked=checked, broken_id=broken_id)


def verify_audit(session: Session, *, anchor: tuple[int, str] | None = None,
                 batch: int = BATCH) -> AuditVerification:
    """Walk the whole chain in id order, `batch` rows at a time (keyset pagination: bounded memory on any
    database), recompute every hash and report the first broken link:

    - audit_deleted: ids are gapless by construction (models.db), so a gap means events were removed;
    - audit_altered: the stored hash is not the hash of the stored fields (content, prev_hash or hash changed);
    - audit_inserted: the event is internally consistent but does not follow its predecessor: it was
      slipped in, or its predecessor was replaced by a forgery with a recomputed hash.

    `anchor` (id, hash), noted outside the system earlier, also catches a cut-off or rewritten tail."""
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()  # a read left open would show an old snapshot; walk the newest state, in one read
    try:
        return _walk(session.connection(), anchor, batch)
    finally:
        if not (session.new or session.dirty or session.deleted):
            session.commit()  # end the read (nothing was written)


class _Unreadable(tuple):
    """A row whose stored values cannot even be read back (e.g. a time that is no time): altered."""


def _next_rows(connection, after: int, batch: int) -> list:
    try:
        return connection.execute(select(*_COLUMNS).where(_ID > after).order_by(_ID).limit(batch)).all()
    except (ValueError, TypeError):
        # Someone wrote a value the column type cannot read back. Find which row, keeping the rows before it.
        ids = connection.execute(select(_ID).where(_ID > after).order_by(_ID).limit(batch)).scalars().all()
        rows = []
        for event_id in ids:
            try:
                rows.append(connection.execute(select(*_COLUMNS).where(_ID == event_id)).one())
            except (ValueError, TypeError):
                rows.append(_Unreadable((event_id, None, None)))
                break
        return rows


def _walk(connection, anchor: tuple[int, str] | None, batch: int) -> AuditVerification:
    prev_id, prev_hash, checked, anchor_seen = 0, GENESIS_HASH, 0, False
    while True:
        rows = _next_rows(connection, prev_id, batch)
        if not rows:
            break
        for row in rows:
            event_id, stored_prev, stored_hash = row[0], row[-2], row[-1]
            if event_id != prev_id + 1:
                missing = (f"gebeurtenis {prev_id + 1}" if event_id == prev_id + 2
                           else f"gebeurtenissen {prev_id + 1} tot en met {event_id - 1}")
                return _broken("audit_deleted", f"De auditketen is verbroken bij gebeurtenis {event_id}: {missing} "
                               "ontbreekt; vermoedelijk verwijderd.", checked, event_id)
            try:
                fields = None if isinstance(row, _Unreadable) else _decode(row)
            except (ValueError, TypeError):
                fields = None
            if fields is None or hash_fields(*fields) != stored_hash:
                return _broken("audit_altered", f"De auditketen is verbroken bij gebeurtenis {event_id}: de "
                               "opgeslagen gegevens passen niet bij de hash; de gebeurtenis is gewijzigd.", checked,
                               event_id)
            if stored_prev != prev_hash:
                return _broken("audit_inserted", f"De auditketen is verbroken bij gebeurtenis {event_id}: die sluit "
                               f"niet aan op gebeurtenis {prev_id}; er is een gebeurtenis ingevoegd of vervangen.",
                               checked, event_id)
            if anchor is not None and event_id == anchor[0]:
                anchor_seen = True
                if stored_hash != anchor[1]:
                    return _broken("audit_anchor_mismatch", f"Gebeurtenis {event_id} heeft niet meer de hash van het "
                                   "anker: de keten is vanaf daar herschreven.", checked, event_id)
            prev_id, prev_hash, checked = event_id, stored_hash, checked + 1
    if anchor is not None and not anchor_seen:
        return _broken("audit_anchor_mismatch", f"Gebeurtenis {anchor[0]} van het anker ontbreekt: de staart van de "
                       "keten is verwijderd.", checked, anchor[0])
    return AuditVerification(ok=True, code="audit_intact", checked=checked, head_id=prev_id or None,
                             head_hash=prev_hash if prev_id else "",
                             message=f"De auditketen is ongeschonden: {checked} gebeurtenissen gecontroleerd.")


def verify_audit_for(session: Session, *, actor: User) -> AuditVerification:
    """`verify_audit` for a person: only a beheerder may walk the whole trail."""
    require_role(actor, "beheerder")
    return verify_audit(session)


def require_unchanged(data: bytes | None, sha256: str, what: str) -> bytes:
    """The stored bytes, refused when missing or no longer those recorded when they were made. The caller hands
    out exactly the bytes checked here, never a second read."""
    if data is None:
        raise DocumentTampered(f"{what} ontbreekt op de schijf; het wordt niet uitgeleverd.", code="document_missing",
                               problems=[Problem("document_missing", f"{what} is niet meer aanwezig.", "document")])
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DocumentTampered(problems=[Problem("document_tampered", f"{what} is gewijzigd sinds het werd opgemaakt "
                                                 "(SHA-256 wijkt af); meld dit aan de beheerder.", "document")])
    return data
