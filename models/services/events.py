"""Processing the outbox: each event kind has one handler; handler and 'processed' commit together.

Re-processing an event (after a crash, or by the deadline watcher) is harmless: every handler
first looks at the request's state and does nothing when its work is already done.

After the handler, the e-mail to professionals that the request's new state calls for (a seat, returned,
approved, their turn to sign, rendered) is queued in the same transaction, once per reason
(models.services.notify).
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from models.audit import Event
from models.db import begin_write
from models.dossier import Dossier, load_dossier
from models.errors import DomainError, GateRefused, NotFound
from models.organisation import User
from models.ports import DocumentStore
from models.request import Request, RequestState
from models.services.common import audit, require_role
from models.services.notify import notify_requests
from models.services.panel import assign
from models.services.rendering import render
from models.services.review import conclude_review, make_ready


@dataclass(frozen=True)
class EventSetting:
    """What the handlers need from outside: the document store, and the deployment's choices (from Settings)."""

    documents: DocumentStore
    assignment_mode: str  # "immediate" or "batch" (see models.config.Settings.assignment_mode)
    public_base_url: str  # the workspace as professionals reach it, for the links in notifications


def _assign(session: Session, dossier: Dossier, now: datetime, setting: EventSetting) -> str:
    if dossier.request.state != RequestState.submitted:
        return f"skipped: state {dossier.request.state}"
    spoed = dossier.request.spoed or (dossier.measure is not None and dossier.measure.spoed)
    if setting.assignment_mode == "batch" and not spoed:
        return "waiting for the daily batch"
    try:
        seats = assign(session, dossier, now)
    except GateRefused as refused:
        return "refused: " + ", ".join(p.code for p in refused.problems)
    return f"assigned {len(seats)} seats"


def _conclude(session, dossier, now, setting) -> str:
    return conclude_review(session, dossier, now) or "nothing to conclude"


def _ready(session, dossier, now, setting) -> str:
    return make_ready(session, dossier, now) or "not approved"


def _render(session, dossier, now, setting: EventSetting) -> str:
    if dossier.request.state not in (RequestState.ready, RequestState.rendered):
        return f"skipped: state {dossier.request.state}"
    document = render(session, dossier, now, setting.documents)
    return f"document {document.id}"


HANDLERS: dict[str, Callable[[Session, Dossier, datetime, EventSetting], str]] = {
    "request.submitted": _assign,
    "hearing.updated": _conclude,
    "review.updated": _conclude,
    "signoff.recorded": _ready,
    "request.ready": _render,
}


def pending_event_ids(session: Session, limit: int = 100) -> list[int]:
    return list(session.exec(select(Event.id).where(Event.processed_at.is_(None)).order_by(Event.id).limit(limit)))


def claim_events(session: Session, *, worker: str, now: datetime, lease: timedelta, limit: int = 1,
                 kinds: Collection[str] | None = None) -> list[tuple[int, str, int | None]]:
    """Take up to `limit` unprocessed events for `worker` until `now + lease`, oldest first; commits the claim.

    An event is free when nobody claimed it or its lease ran out (its worker died, or gave it back). Several
    workers never claim the same event at once: on PostgreSQL `FOR UPDATE SKIP LOCKED` gives each its own rows
    without waiting; on SQLite the claim is a write transaction (BEGIN IMMEDIATE), so claims are serialised.
    `now` is real time: a lease measures a worker's life, not the case's clock. The claim only decides who
    runs the event: `process_event` still re-checks `processed_at` under a row lock, so an event taken over from
    a worker that was merely slow takes effect once. Returns (id, kind, request_id) per claimed event."""
    begin_write(session)
    query = (select(Event.id, Event.kind, Event.request_id)
             .where(Event.processed_at.is_(None), Event.given_up_at.is_(None),
                    (Event.lease_until.is_(None)) | (Event.lease_until <= now))
             .order_by(Event.id).limit(limit))
    if kinds is not None:
        query = query.where(Event.kind.in_(list(kinds)))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = [tuple(row) for row in session.exec(query)]
    if rows:
        session.execute(update(Event).where(Event.id.in_([r[0] for r in rows]))
                        .values(claimed_by=worker[:200], lease_until=now + lease)
                        .execution_options(synchronize_session=False))
    session.commit()
    return rows


def renew_leases(session: Session, *, worker: str, now: datetime, lease: timedelta) -> int:
    """Extend the leases `worker` still holds (its heartbeat), so that a long event is not taken over."""
    begin_write(session)
    renewed = session.execute(update(Event).where(Event.claimed_by == worker[:200], Event.processed_at.is_(None),
                                                  Event.lease_until.is_not(None))
                              .values(lease_until=now + lease).execution_options(synchronize_session=False))
    session.commit()
    return renewed.rowcount


def release_event(session: Session, *, event_id: int, worker: str, retry_at: datetime) -> bool:
    """Give back an event this worker could not process (e.g. the Prefect API was away): free again from
    `retry_at`, for any worker. It is nobody's claim any more, so the worker's heartbeat (`renew_leases`) no longer
    extends it. False when the claim was no longer this worker's."""
    begin_write(session)
    released = session.execute(update(Event).where(Event.id == event_id, Event.claimed_by == worker[:200],
                                                   Event.processed_at.is_(None))
                               .values(claimed_by=None, lease_until=retry_at)
                               .execution_options(synchronize_session=False))
    session.commit()
    return released.rowcount == 1


# What each kind of event does, for people (the beheerder's page of flagged requests, the flag on a request).
STEP_LABELS = {
    "request.submitted": "het panel toewijzen",
    "hearing.updated": "de voortgang van hoor en wederhoor bijwerken",
    "review.updated": "de oordelen van het panel verwerken",
    "signoff.recorded": "het verzoek gereedmaken na de ondertekening",
    "request.ready": "het verzoekschrift opmaken",
}


def given_up_note(event: Event) -> str:
    """The sentence a given-up event adds to its request's flag (and retry_given_up removes again)."""
    rounds = f"{event.failures} mislukte ronde{'s' if event.failures != 1 else ''}"
    return (f"Automatische stap '{STEP_LABELS.get(event.kind, event.kind)}' (gebeurtenis {event.id}) is na {rounds} "
            "stilgezet; de beheerder kan hem opnieuw laten proberen.")


def fail_event(session: Session, *, event_id: int, worker: str, error: str, retry_at: datetime, now: datetime,
               give_up_after: int) -> str:
    """Give back an event that failed every attempt of a round with an error of its own, counting the failure:
    free again from `retry_at` (real time), or, at the `give_up_after`-th failure, given up: no worker claims it
    any more, its request is flagged for the beheerder and the audit trail says why. Returns "retry", "given_up",
    or "not_ours" (processed meanwhile, or no longer this worker's claim: nothing changed). Commits."""
    begin_write(session)
    request_id = session.exec(select(Event.request_id).where(Event.id == event_id)).first()
    # The request's row before the event's, as process_event locks them.
    request = (session.exec(select(Request).where(Request.id == request_id).with_for_update(key_share=True))
               .first() if request_id is not None else None)  # FOR NO KEY UPDATE, as load_request (deadlocks)
    event, _ = _lock_unprocessed(session, event_id, worker)
    if event is None:
        return "not_ours"
    event.failures += 1
    event.claimed_by = None
    event.outcome = f"mislukt (ronde {event.failures}): {error}"[:500]
    if event.failures < give_up_after:
        event.lease_until = retry_at
        session.commit()
        return "retry"
    event.lease_until, event.given_up_at = None, now
    if request is not None:
        request.flagged = (request.flagged + " " + given_up_note(event)).strip()
    audit(session, now=now, actor=None, action="event.given_up", request=request, event_id=event.id,
          kind=event.kind, failures=event.failures, error=error[:300])
    session.commit()
    return "given_up"


def retry_given_up(session: Session, *, actor: User, request_id: int, now: datetime) -> int:
    """The beheerder has the request's given-up events tried again: claimable at once, failures counted afresh,
    their sentences gone from the request's flag. Returns how many; refuses (404) a request without any."""
    require_role(actor, "beheerder")
    begin_write(session)
    request = session.exec(select(Request).where(Request.id == request_id).with_for_update(key_share=True)).first()
    events = session.exec(select(Event).where(Event.request_id == request_id, Event.given_up_at.is_not(None),
                                              Event.processed_at.is_(None)).with_for_update()).all()
    if request is None or not events:
        session.rollback()
        raise NotFound(f"Verzoek {request_id} heeft geen stilgezette automatische stap.", code="no_given_up_event")
    for event in events:
        request.flagged = " ".join(request.flagged.replace(given_up_note(event), " ").split())
        audit(session, now=now, actor=actor, action="event.retried", request=request, event_id=event.id,
              kind=event.kind, failures=event.failures)
        event.given_up_at = event.lease_until = event.claimed_by = None
        event.failures = 0
    session.commit()
    return len(events)


def _lock_unprocessed(session: Session, event_id: int, worker: str | None = None) -> tuple[Event | None, str]:
    """The event, locked and read afresh, and ""; or None and why (the transaction rolled back): someone processed
    it first ("already processed"), or, with `worker`, it is no longer that worker's claim ("claim lost")."""
    event = session.exec(select(Event).where(Event.id == event_id).with_for_update()
                         .execution_options(populate_existing=True)).one()
    if event.processed_at is not None:
        session.rollback()
        return None, "already processed"
    if worker is not None and event.claimed_by != worker[:200]:
        session.rollback()
        return None, f"claim lost: now claimed by {event.claimed_by or 'nobody'}"
    return event, ""


def process_event(session: Session, *, event_id: int, now: datetime, setting: EventSetting,
                  before_commit: Callable[[], None] | None = None, worker: str | None = None) -> str:
    """Run the event's handler and mark it processed, in one transaction.

    The request's row lock first, then the event's, both in that one transaction, and `processed_at` read again
    under them: whoever else processes the same event (a worker that took it over after a lease ran out, the
    demo) waits and then finds it processed. (`load_dossier(for_update=True)` begins the write transaction
    itself, ending any lock taken before it: the event is locked after it, never before.)

    With `worker`, only while the event is that worker's claim: a worker whose lease ran out (its heartbeat failed)
    and whose event another worker claimed since leaves it to that one ("claim lost"), changing nothing."""
    begin_write(session)
    event = session.exec(select(Event).where(Event.id == event_id)).first()
    if event is None or event.processed_at is not None:
        return "already processed" if event else "unknown event"
    handler = HANDLERS.get(event.kind)
    outcome = "no handler"
    if handler is not None and event.request_id is not None:
        try:
            dossier = load_dossier(session, event.request_id, for_update=True)
            event, gone = _lock_unprocessed(session, event_id, worker)
            if event is None:
                return gone
            outcome = handler(session, dossier, now, setting)
            notified = notify_requests(session, [event.request_id], now, public_base_url=setting.public_base_url)
            if notified:
                outcome += f"; {len(notified)} e-mail(s) aan professionals"
        except DomainError as refused:
            # A refusal is final for this event: keep nothing of the handler's work, record why.
            session.rollback()
            begin_write(session)
            event, gone = _lock_unprocessed(session, event_id, worker)
            if event is None:
                return gone
            outcome = f"refused: {refused.code}: " + ", ".join(p.code for p in refused.problems)
    else:
        event, gone = _lock_unprocessed(session, event_id, worker)
        if event is None:
            return gone
    event.processed_at = now
    event.lease_until = None  # claimed_by stays: which worker processed it
    event.attempts += 1
    event.outcome = outcome[:500]
    if before_commit is not None:
        before_commit()
    session.commit()
    return outcome
