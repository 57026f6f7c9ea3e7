"""Short, idempotent Prefect flows, one per kind of event in the outbox.

State lives in the application database. A flow opens a session, calls one service and returns;
it never waits for a person. Re-running a flow for an event already processed does nothing.
The time comes from flows/clock.py (set by the worker, or by a test), never from the system directly.

The worker (flows/worker.py) imports this module, never the other way round. `run_pending` claims events before
it starts their runs (flows/claims.py), so several workers never run one event twice; tests and the demo call it
in their own process as well.
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
from models.services.events import claim_events, process_event, release_event
from models.services.hearing import watch_deadlines
from models.services.notify import watch_review_deadlines
from models.services.mailing import (claim_mail, due_mail_ids, interrupted_mail_ids, mark_interrupted_mail,
                                     record_mail_result)
from models.services.panel import assign_batch_now

log = logging.getLogger("tegenspraak.flows")


def _crash_point(kind: str) -> None:
    """Test hook for crash recovery: die hard, mid-event, before anything is committed.

    Only set by the crash-recovery tests (TEGENSPRAAK_CRASH_BEFORE_COMMIT=<event kind>, or `mail.sent`:
    after the SMTP server accepted a message, before that is recorded).
    """
    if os.environ.get("TEGENSPRAAK_CRASH_BEFORE_COMMIT") == kind:
        os._exit(137)
    if os.environ.get("TEGENSPRAAK_PAUSE_BEFORE_COMMIT") == kind:
        # For the several-workers test: hold the event, uncommitted, until the test kills this process.
        log.warning("pauze voor de commit van een gebeurtenis %s", kind)
        print(f"pauze voor de commit van een gebeurtenis {kind}", flush=True)
        time.sleep(3600)


def process_claimed_event(event_id: int, kind: str) -> str:
    """The work of an event's flow (and, without the engine, of the worker tests)."""
    settings = get_settings()
    use_settings_catalogues(settings)
    with session_scope(get_engine(settings.database_url)) as session:
        return process_event(session, event_id=event_id, now=clock.now(), setting=event_setting(settings),
                             before_commit=lambda: _crash_point(kind))


def _event_flow(name: str, kind: str, description: str):
    """One flow per event kind; each run named and tagged after its request, so the Prefect UI shows the case."""

    # The work runs in the flow itself, not in a task of its own: a task run adds its own orchestration and
    # nothing to one idempotent call. Retries as the task had.
    # No result persisted: the outcome is on the event row; asking the server where results go costs ~40 ms.
    @flow(name=name, description=description, flow_run_name="verzoek-{request_id}-" + kind, retries=3,
          retry_delay_seconds=1, persist_result=False)
    def event_flow(event_id: int, request_id: int | None = None) -> str:
        return process_claimed_event(event_id, kind)

    return event_flow


assignment_flow = _event_flow("intake-en-toewijzing", "request.submitted",
                              "Na indienen: panel uit andere regio's toewijzen.")
hearing_flow = _event_flow("voortgang-hoor-en-wederhoor", "hearing.updated",
                           "Na een uitnodiging, zienswijze of stem van het kind.")
review_flow = _event_flow("afronden-tegenspraak", "review.updated",
                          "Na een oordeel: goedkeuren, terugsturen of advies niet indienen.")
ready_flow = _event_flow("gereedmelden", "signoff.recorded",
                         "Na een ondertekening: gereed als jurist en gedragswetenschapper tekenden.")
render_flow = _event_flow("opmaken-verzoekschrift", "request.ready",
                          "Een gereed verzoek opmaken als .docx voor de rechtbank.")

FLOWS = {
    "request.submitted": assignment_flow,
    "hearing.updated": hearing_flow,
    "review.updated": review_flow,
    "signoff.recorded": ready_flow,
    "request.ready": render_flow,
}


def event_tags(event_id: int, kind: str, request_id: int | None, worker: str) -> tuple[str, ...]:
    """`request:` and `event:` for people in the UI; `event-id:` and `worker:` for flows/crashed.py."""
    return (f"request:{request_id}", f"event:{kind}", f"event-id:{event_id}", f"worker:{worker}")


def run_event_flow(event_id: int, kind: str, request_id: int | None, worker: str | None = None) -> str:
    """The event's flow run, named `verzoek-<id>-<kind>` and tagged `request:<id>`, `event:<kind>`."""
    with tags(*event_tags(event_id, kind, request_id, worker or worker_name())):
        return FLOWS[kind](event_id, request_id=request_id)


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
    """Claim unprocessed events one at a time, oldest first, and run each one's flow; then send due e-mail.
    Returns how much ran. Only a claimed event gets a flow run, so several workers never run one event twice
    (flows/claims.py)."""
    settings = get_settings()
    worker = worker or worker_name()
    ran = run_claimed(worker, limit, lambda event_id, kind, request_id: run_event_flow(event_id, kind, request_id,
                                                                                      worker))
    with session_scope(get_engine(settings.database_url)) as session:
        now = clock.now()
        mails = due_mail_ids(session, now, 1) or interrupted_mail_ids(session, now, mail_stale_after(settings))
        session.rollback()
    if mails:
        send_mail_flow()
    return ran + len(mails)


def run_claimed(worker: str, limit: int, run: Callable[[int, str, int | None], object]) -> int:
    """Claim and `run(event_id, kind, request_id)` events one by one, up to `limit`. A failing run (the event's
    own error, or the Prefect API away) gives its event back for a later try, by any worker; after three
    failures the round stops, so the worker backs off. Returns how many ran."""
    settings = get_settings()
    ran = failed = 0
    while ran + failed < limit and failed < 3:
        with session_scope(get_engine(settings.database_url)) as session:
            claimed = claim_events(session, worker=worker, now=real_now(), lease=lease(), limit=1, kinds=FLOWS)
        if not claimed:
            break
        [(event_id, kind, request_id)] = claimed
        try:
            run(event_id, kind, request_id)
            ran += 1
        except Exception:  # noqa: BLE001 - left unprocessed, tried again later; the events after it still run
            failed += 1
            log.exception("gebeurtenis %s (%s, verzoek %s) niet verwerkt; later opnieuw", event_id, kind, request_id)
            retry_at = real_now() + timedelta(seconds=get_worker_settings().retry_seconds)
            with session_scope(get_engine(settings.database_url)) as session:
                release_event(session, event_id=event_id, worker=worker, retry_at=retry_at)
    return ran
