"""Short, idempotent Prefect flows: the events of the outbox, the deadline watcher, e-mail, the daily assignment.

State lives in the application database. A flow opens a session per event, calls one service and commits; it
never waits for a person. Re-running an event already processed does nothing. The time comes from
flows/clock.py (set by the worker, or by a test), never from the system directly.

The worker (flows/worker.py) imports this module, never the other way round. `run_pending` claims events before
it runs them (flows/claims.py), so several workers never run one event twice, and runs the events it claimed in
one round in one flow run (`events_flow`); tests and the demo call it in their own process as well.
"""

import logging
import os
import time
from collections.abc import Callable
from datetime import timedelta

from prefect import flow, tags, task
from sqlalchemy.exc import SQLAlchemyError

from adapters.wiring import event_setting, use_settings_catalogues
from flows import clock, mailer
from flows.claims import get_worker_settings, lease, real_now, worker_name
from models.config import get_settings
from models.db import get_engine, session_scope
from models.services.events import claim_events, fail_event, process_event, release_event
from models.services.hearing import watch_deadlines
from models.services.notify import watch_review_deadlines
from models.services.mailing import (claim_mail, due_mail_ids, interrupted_mail_ids, mark_interrupted_mail,
                                     record_mail_result)
from models.services.panel import assign_batch_now

log = logging.getLogger("tegenspraak.flows")


def _crash_point(kind: str) -> None:
    """Test hook for crash recovery: die hard, mid-event, before anything is committed.

    Only set by the crash-recovery tests (TEGENSPRAAK_CRASH_BEFORE_COMMIT=<event kind>; `mail.sent`: after the
    SMTP server accepted a message, before that is recorded; `run.end`: after an events run's last event, before
    its end is reported to Prefect).
    """
    if os.environ.get("TEGENSPRAAK_CRASH_BEFORE_COMMIT") == kind:
        os._exit(137)
    if os.environ.get("TEGENSPRAAK_PAUSE_BEFORE_COMMIT") == kind:
        # For the several-workers test: hold the event, uncommitted, until the test kills this process.
        log.warning("pauze voor de commit van een gebeurtenis %s", kind)
        print(f"pauze voor de commit van een gebeurtenis {kind}", flush=True)
        time.sleep(3600)


def process_claimed_event(event_id: int, kind: str, worker: str | None = None) -> str:
    """The work of an event's flow (and, without the engine, of the worker tests): with `worker`, only while the
    event is still that worker's claim."""
    settings = get_settings()
    use_settings_catalogues(settings)
    with session_scope(get_engine(settings.database_url)) as session:
        return process_event(session, event_id=event_id, now=clock.now(), setting=event_setting(settings),
                             before_commit=lambda: _crash_point(kind), worker=worker)


# What each kind of event does (the worker claims only these kinds; the run's description names them).
KINDS = {
    "request.submitted": "Na indienen: panel uit andere regio's toewijzen.",
    "hearing.updated": "Na een uitnodiging, zienswijze of stem van het kind: voortgang hoor en wederhoor.",
    "review.updated": "Na een oordeel: goedkeuren, terugsturen of advies niet indienen.",
    "signoff.recorded": "Na een ondertekening: gereed als jurist en gedragswetenschapper tekenden.",
    "request.ready": "Een gereed verzoek opmaken als .docx voor de rechtbank.",
}
# Each event is tried this often within its run (a deadlock or a lost connection, say) before it is given back.
EVENT_ATTEMPTS = 3

Claimed = tuple[int, str, int | None]  # (event id, kind, request id), as claim_events returns them


def run_name(events: list[Claimed]) -> str:
    """`verzoek-<id>-<kind>` (kinds joined by `+`) for the events of one request; `verzoeken-<id>-<id>…` for
    several requests (the first six, then `-en-<n>-meer`): the Prefect UI shows which cases a run is about."""
    requests = list(dict.fromkeys(request_id for _, _, request_id in events))
    if len(requests) == 1:
        return f"verzoek-{requests[0]}-" + "+".join(dict.fromkeys(kind for _, kind, _ in events))
    shown = "-".join(str(r) for r in requests[:6])
    return f"verzoeken-{shown}" + (f"-en-{len(requests) - 6}-meer" if len(requests) > 6 else "")


def event_tags(events: list[Claimed], worker: str) -> tuple[str, ...]:
    """`request:` and `event:` for people in the UI (filter on a case); `event-id:` and `worker:` for
    flows/crashed.py and the duplicate checks."""
    return tuple(dict.fromkeys([*(f"request:{r}" for _, _, r in events), *(f"event:{k}" for _, k, _ in events),
                                *(f"event-id:{e}" for e, _, _ in events), f"worker:{worker}"]))


def _run_name_from_parameters() -> str:
    from prefect.runtime import flow_run

    return run_name([tuple(e) for e in flow_run.parameters["events"]])


class EventsNotProcessed(Exception):
    """Some events of a run failed every attempt: given back for a later round (by any worker). `processed`: how
    many of the run's events did take effect."""

    def __init__(self, message: str, processed: int):
        super().__init__(message)
        self.processed = processed


# One run per worker round, for every event the worker claimed in it (at most the worker's batch_size): a Prefect
# flow run costs ~150-250 ms of client and server work, more than most events (prefect-notes.md, benchmarks/
# flow_overhead.py). No task run per event either: ~15 ms each, and ~1.5 s each inside a `tags()` context
# (measured with Prefect 3.8.8); the run's log has a line per event instead. Each event is processed in its own
# transaction, in claim order; one that fails is given back, the others go on.
@flow(name="verwerk-gebeurtenissen", flow_run_name=_run_name_from_parameters, persist_result=False,
      description="De gebeurtenissen die een worker in één ronde nam, elk in een eigen transactie: "
                  + " ".join(f"{kind}: {what}" for kind, what in KINDS.items()))
def events_flow(events: list[Claimed], worker: str = "") -> dict[str, str]:
    from prefect import get_run_logger

    logger = get_run_logger()
    outcomes, failed = {}, []
    for event_id, kind, request_id in events:
        try:
            outcomes[str(event_id)] = _attempt(event_id, kind, worker)
            logger.info("verzoek %s, %s (gebeurtenis %s): %s", request_id, kind, event_id, outcomes[str(event_id)])
        except Exception as exc:  # noqa: BLE001 - this event's error; the others in the run still go on
            outcomes[str(event_id)] = f"niet verwerkt: {type(exc).__name__}: {exc}"[:300]
            failed.append(event_id)
            given = fail_back(event_id, worker, f"{type(exc).__name__}: {exc}")
            logger.exception("verzoek %s, %s (gebeurtenis %s): niet verwerkt na %s pogingen; %s", request_id, kind,
                             event_id, EVENT_ATTEMPTS, "stilgezet voor de beheerder" if given == "given_up" else
                             "later opnieuw")
    _crash_point("run.end")  # (crash tests: every event processed, the run's end not yet reported)
    if failed:
        raise EventsNotProcessed(f"gebeurtenissen {failed} niet verwerkt; teruggegeven voor een volgende ronde",
                                 processed=len(events) - len(failed))
    return outcomes


def _attempt(event_id: int, kind: str, worker: str) -> str:
    """process_claimed_event, tried up to EVENT_ATTEMPTS times (half a second, then a second in between)."""
    for attempt in range(1, EVENT_ATTEMPTS):
        try:
            return process_claimed_event(event_id, kind, worker or None)
        except Exception:  # noqa: BLE001 - tried again; the last attempt's error goes up
            log.warning("gebeurtenis %s (%s): poging %s mislukt", event_id, kind, attempt, exc_info=True)
            time.sleep(attempt * 0.5)
    return process_claimed_event(event_id, kind, worker or None)


def run_event_flow(events: list[Claimed], worker: str | None = None) -> dict[str, str]:
    """One flow run for these claimed events, named after their requests (`run_name`) and tagged `request:<id>`,
    `event:<kind>`, `event-id:<id>` for each, and `worker:<name>`."""
    worker = worker or worker_name()
    with tags(*event_tags(events, worker)):
        return events_flow([list(e) for e in events], worker=worker)


@flow(name="dagelijkse-toewijzing", persist_result=False,
      description="Alle ingediende verzoeken in één optimalisatie een panel geven.")
def batch_assignment_flow() -> dict:
    settings = get_settings()
    use_settings_catalogues(settings)
    with session_scope(get_engine(settings.database_url)) as session:
        result = assign_batch_now(session, actor=None, now=clock.now())
    return {"assigned": len(result["assigned"]), "refused": len(result["refused"])}


def mail_stale_after(settings) -> timedelta:
    """Longer than one SMTP conversation can last: each of its few steps is bounded by the timeout."""
    return timedelta(seconds=8 * settings.smtp_timeout_seconds + 2)


@task(name="verstuur-bericht", retries=0, persist_result=False)
def send_mail_task(mail_id: int) -> str:
    """One message, at most once: claimed and committed before SMTP, recorded after. Whatever goes wrong
    with this message is recorded on it (and on its case); it never stops the other messages."""
    settings = get_settings()
    use_settings_catalogues(settings)
    with session_scope(get_engine(settings.database_url)) as session:
        try:
            outgoing = claim_mail(session, mail_id=mail_id, now=clock.now(), portal_base_url=settings.portal_base_url,
                                  single_use=settings.portal_single_use,
                                  mail_domain=settings.mail_from.rpartition("@")[2] or "localhost")
        except SQLAlchemyError:
            raise  # the database, not this message: it stays pending and is tried again
        except Exception as exc:  # noqa: BLE001 - the message cannot be prepared (bad data): fail it, not the worker
            session.rollback()
            error = mailer.describe(exc)
            record_mail_result(session, mail_id=mail_id, ok=False, message_id="", error=error, permanent=True,
                               now=clock.now(), max_attempts=settings.mail_max_attempts)
            return f"failed: {error}"
        if outgoing is None:
            return "skipped"
        try:
            mailer.send(settings, outgoing)
        except mailer.DeliveryUncertain as exc:
            # Perhaps delivered: left `sending`, so that mark_interrupted_mail makes it `uncertain` and asks the
            # case team to check, as after a worker that died mid-send. Never sent again by itself.
            log.warning("bericht %s misschien afgeleverd: %s", mail_id, exc)
            return f"uncertain: {exc}"
        except Exception as exc:  # noqa: BLE001 - any error of this one message is recorded on it
            error, permanent = mailer.describe(exc), mailer.is_permanent(exc)
        else:
            error, permanent = "", False
            _crash_point("mail.sent")  # the SMTP server has it; the record does not yet
        record_mail_result(session, mail_id=mail_id, ok=not error, message_id=outgoing.message_id, error=error,
                           permanent=permanent, now=clock.now(), max_attempts=settings.mail_max_attempts)
        return "sent" if not error else f"failed: {error}"


@flow(name="verstuur-e-mail", persist_result=False,
      description="Uitnodigingen, herinneringen en meldingen versturen; mislukte opnieuw proberen.")
def send_mail_flow() -> dict:
    settings = get_settings()
    with session_scope(get_engine(settings.database_url)) as session:
        if interrupted_mail_ids(session, clock.now(), mail_stale_after(settings)):
            mark_interrupted_mail(session, now=clock.now(), stale_after=mail_stale_after(settings))
        ids = due_mail_ids(session, clock.now())
        session.rollback()
    outcomes = {}
    for mail_id in ids:
        try:
            outcomes[str(mail_id)] = send_mail_task(mail_id)
        except Exception as exc:  # noqa: BLE001 - e.g. the database was busy: the message stays pending
            log.warning("bericht %s niet verwerkt: %s", mail_id, mailer.describe(exc))
            outcomes[str(mail_id)] = f"error: {mailer.describe(exc)}"
    return outcomes


@flow(name="termijnbewaking", persist_result=False,
      description="Herinneringen en verlopen reactietermijnen, herinneringen aan toetsingstermijnen, "
                  "achtergebleven e-mail.")
def deadline_watcher_flow() -> dict:
    settings = get_settings()
    use_settings_catalogues(settings)
    with session_scope(get_engine(settings.database_url)) as session:
        lapsed = watch_deadlines(session, now=clock.now(), reminder_days_before=settings.reminder_days_before)
    with session_scope(get_engine(settings.database_url)) as session:
        reviews = watch_review_deadlines(session, now=clock.now(), reminder_days_before=settings.reminder_days_before,
                                         public_base_url=settings.public_base_url)
    # The events these steps wrote (and any a dead worker left) are the worker loop's: claimed there, each in a
    # flow run of its own, not as subflows of this run.
    mails = send_mail_flow()
    return {"lapsed_requests": lapsed, "review_reminders": reviews["reminders"],
            "catch_up_notifications": reviews["notifications"], "mails": len(mails)}


def run_pending(limit: int = 100, worker: str | None = None) -> int:
    """Claim unprocessed events, oldest first, up to the worker's batch size at a time, and run each batch in one
    flow run; then send due e-mail. Returns how much ran. Only claimed events get a run, so several workers never
    run one event twice (flows/claims.py)."""
    settings = get_settings()
    worker = worker or worker_name()
    ran = run_claimed(worker, limit, lambda events: run_event_flow(events, worker),
                      batch=get_worker_settings().batch_size)
    with session_scope(get_engine(settings.database_url)) as session:
        now = clock.now()
        mails = due_mail_ids(session, now, 1) or interrupted_mail_ids(session, now, mail_stale_after(settings))
        session.rollback()
    if mails:
        send_mail_flow()
    return ran + len(mails)


def give_back(event_ids: list[int], worker: str) -> None:
    """Free these events (those still unprocessed and this worker's) for any worker, from retry_seconds on."""
    retry_at = real_now() + timedelta(seconds=get_worker_settings().retry_seconds)
    with session_scope(get_engine(get_settings().database_url)) as session:
        for event_id in event_ids:
            release_event(session, event_id=event_id, worker=worker, retry_at=retry_at)


def fail_back(event_id: int, worker: str, error: str) -> str:
    """Give back an event whose own error failed every attempt of this round, counting the failure; at the
    worker's give_up_after it is given up for the beheerder (models.services.events.fail_event)."""
    settings = get_worker_settings()
    with session_scope(get_engine(get_settings().database_url)) as session:
        return fail_event(session, event_id=event_id, worker=worker, error=error[:500], now=clock.now(),
                          retry_at=real_now() + timedelta(seconds=settings.retry_seconds),
                          give_up_after=settings.give_up_after)


def run_claimed(worker: str, limit: int, run: Callable[[list[Claimed]], object], batch: int = 1) -> int:
    """Claim up to `batch` events at a time and `run(events)` them, until `limit` events were claimed or none is
    left. A failing run (an event's own error, or the Prefect API away) gives back what it left unprocessed, for a
    later try by any worker; after three failing runs the round stops and raises, so the worker backs off.
    Returns how many events took effect."""
    settings = get_settings()
    claimed_so_far = ran = failed = 0
    while claimed_so_far < limit:
        with session_scope(get_engine(settings.database_url)) as session:
            claimed = claim_events(session, worker=worker, now=real_now(), lease=lease(),
                                   limit=max(1, min(batch, limit - claimed_so_far)), kinds=KINDS)
        if not claimed:
            break
        claimed_so_far += len(claimed)
        try:
            run(claimed)
            ran += len(claimed)
        except Exception as exc:  # noqa: BLE001 - left unprocessed, tried again later; the events after it still run
            failed += 1
            ran += exc.processed if isinstance(exc, EventsNotProcessed) else 0
            log.exception("gebeurtenissen %s (verzoeken %s) niet verwerkt; later opnieuw",
                          [e for e, _, _ in claimed], sorted({str(r) for _, _, r in claimed}))
            give_back([e for e, _, _ in claimed], worker)
            if failed >= 3:
                raise EventsNotProcessed(f"{failed} runs op rij mislukt; de worker wacht even", processed=ran) from exc
    return ran
