"""The append-only audit trail and the outbox of events that flows process.

The trail is a hash chain: every event carries the hash of its predecessor (`prev_hash`) and its own
`hash`, a SHA-256 over a canonical JSON of its fields and `prev_hash`. Altering, deleting or inserting an
event breaks the chain from that point on; `models.services.integrity.verify_audit` finds the first
broken link. The chain is assigned when the events are flushed (see `models.db`)."""

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from models.base import JSONColumn, UTCDateTime

GENESIS_HASH = "0" * 64


class AuditEvent(SQLModel, table=True):
    """Append-only: updates and deletes are refused (ORM guard and database triggers, see models.db)."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor: str = Field(max_length=200, description="Naam van wie het deed, of 'systeem'")
    action: str = Field(max_length=64, index=True)
    request_id: int | None = Field(default=None, foreign_key="request.id", index=True)
    revision_id: int | None = Field(default=None, foreign_key="requestrevision.id")
    revision_number: int | None = None
    details: dict = Field(default_factory=dict, sa_column=Column(JSONColumn, nullable=False))
    prev_hash: str = Field(default="", max_length=64, description="Hash van de vorige gebeurtenis in de keten")
    hash: str = Field(default="", max_length=64, description="SHA-256 over deze gebeurtenis en prev_hash")

    def compute_hash(self) -> str:
        return event_hash(id=self.id, at=self.at, actor_id=self.actor_id, actor=self.actor, action=self.action,
                          request_id=self.request_id, revision_id=self.revision_id,
                          revision_number=self.revision_number, details=self.details, prev_hash=self.prev_hash)


def stored_details(details: dict) -> dict:
    """The details as the JSON column gives them back (int keys become strings, tuples lists): the chain
    hashes what is stored, so what is hashed at insert must be exactly what verify reads."""
    return json.loads(json.dumps(details))


def event_hash(*, id: int, at: datetime, actor_id: int | None, actor: str, action: str, request_id: int | None,
               revision_id: int | None, revision_number: int | None, details: dict, prev_hash: str) -> str:
    """SHA-256 (hex) over the canonical JSON of one event: sorted keys, no whitespace, ASCII only (so any
    text, even a lone surrogate, encodes the same way everywhere), `at` as ISO 8601 in UTC."""
    return hash_fields(id, at, actor_id, actor, action, request_id, revision_id, revision_number, details, prev_hash)


HASHED_FIELDS = ("id", "at", "actor_id", "actor", "action", "request_id", "revision_id", "revision_number",
                 "details", "prev_hash")
_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode


def hash_fields(id, at, actor_id, actor, action, request_id, revision_id, revision_number, details, prev_hash) -> str:
    """`event_hash` with the fields in HASHED_FIELDS order: the fast path of verify (a million calls)."""
    if at.tzinfo is None:
        raise ValueError("naive datetime: audit events carry timezone-aware UTC times")
    payload = {"id": id, "at": at.astimezone(UTC).isoformat(), "actor_id": actor_id, "actor": actor,
               "action": action, "request_id": request_id, "revision_id": revision_id,
               "revision_number": revision_number, "details": details, "prev_hash": prev_hash}
    return hashlib.sha256(_canonical(payload).encode("ascii")).hexdigest()


class Event(SQLModel, table=True):
    """Outbox: written in the same transaction as the change it announces; processed by a flow."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=64, index=True)
    request_id: int | None = Field(default=None, foreign_key="request.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    processed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = 0
    outcome: str = ""
    # The claim of one worker (models.services.events.claim_events): who holds it and until when (real time, not
    # the case's clock). An expired lease means its worker died; another worker takes the event over.
    claimed_by: str | None = Field(default=None, max_length=200)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Rounds in which the event failed every attempt with an error of its own (not the Prefect API's); at the
    # worker's give_up_after it is given up (given_up_at, the case's clock): no worker claims it again until the
    # beheerder has it retried (models.services.events.fail_event, retry_given_up).
    failures: int = 0
    given_up_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
