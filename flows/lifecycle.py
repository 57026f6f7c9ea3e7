"""Short, idempotent Prefect flows, one per kind of event in the outbox.

State lives in the application database. A flow opens a session, calls one service and returns;
it never waits for a person. Re-running a flow for an event already processed does nothing.
"""

import os
import smtplib

from prefect import flow, task

from flows import mailer
from models.base import utcnow
from models.config import get_settings
from models.db import get_engine, session_scope
from models.mail import MailMessage
from models.services.events import process_event
from models.services.hearing import watch_deadlines
from models.services.mailing import due_mail_ids, record_mail_result
from models.services.panel import assign_batch_now


def _crash_point(kind: str) -> None:
    """Test hook for crash recovery: die hard, mid-event, before anything is committed.

    Only set by the crash-recovery test (TEGENSPRAAK_CRASH_BEFORE_COMMIT=<event kind>).
    """
    if os.environ.get("TEGENSPRAAK_CRASH_BEFORE_COMMIT") == kind:
        os._exit(137)


@task(name="verwerk-gebeurtenis", retries=3, retry_delay_seconds=1)
def process_event_task(event_id: int, kind: str) -> str:
    settings = get_settings()
    with session_scope(get_engine(settings.database_url)) as session:
        return process_event(session, event_id=event_id, now=utcnow(), documents_dir=settings.documents_dir,
                             before_commit=lambda: _crash_point(kind))


@flow(name="intake-en-toewijzing", description="Na indienen: panel uit andere regio's toewijzen.")
def assignment_flow(event_id: int) -> str:
    return process_event_task(event_id, "request.submitted")


@flow(name="voortgang-hoor-en-wederhoor", description="Na een uitnodiging, zienswijze of stem van het kind.")
def hearing_flow(event_id: int) -> str:
    return process_event_task(event_id, "hearing.updated")


@flow(name="afronden-tegenspraak", description="Na een oordeel: goedkeuren, terugsturen of advies niet indienen.")
def review_flow(event_id: int) -> str:
    return process_event_task(event_id, "review.updated")


@flow(name="gereedmelden", description="Na een ondertekening: gereed als jurist en gedragswetenschapper tekenden.")
def ready_flow(event_id: int) -> str:
    return process_event_task(event_id, "signoff.recorded")


@flow(name="opmaken-verzoekschrift", description="Een gereed verzoek opmaken als .docx voor de rechtbank.")
def render_flow(event_id: int) -> str:
    return process_event_task(event_id, "request.ready")


FLOWS = {
    "request.submitted": assignment_flow,
    "hearing.updated": hearing_flow,
    "review.updated": review_flow,
    "signoff.recorded": ready_flow,
    "request.ready": render_flow,
}


@flow(name="dagelijkse-toewijzing", description="Alle ingediende verzoeken in één optimalisatie een panel geven.")
def batch_assignment_flow() -> dict:
    settings = get_settings()
    with session_scope(get_engine(settings.database_url)) as session:
        result = assign_batch_now(session, actor=None, now=utcnow())
    return {"assigned": len(result["assigned"]), "refused": len(result["refused"])}


@task(name="verstuur-bericht", retries=0)
def send_mail_task(mail_id: int) -> str:
    settings = get_settings()
    with session_scope(get_engine(settings.database_url)) as session:
        mail = session.get(MailMessage, mail_id)
        session.rollback()
        if mail is None or mail.status != "pending":
            return "skipped"
        try:
            message_id, error = mailer.send(settings, mail), ""
        except (OSError, smtplib.SMTPException) as exc:
            message_id, error = "", f"{type(exc).__name__}: {exc}"
        record_mail_result(session, mail_id=mail_id, ok=not error, message_id=message_id, error=error,
                           now=utcnow(), max_attempts=settings.mail_max_attempts)
        return "sent" if not error else f"failed: {error}"


@flow(name="verstuur-e-mail", description="Uitnodigingen en herinneringen versturen; mislukte opnieuw proberen.")
def send_mail_flow() -> dict:
    settings = get_settings()
    with session_scope(get_engine(settings.database_url)) as session:
        ids = due_mail_ids(session, utcnow())
    return {str(i): send_mail_task(i) for i in ids}


@flow(name="termijnbewaking", description="Herinneringen en verlopen reactietermijnen, achtergebleven werk.")
def deadline_watcher_flow() -> dict:
    settings = get_settings()
    with session_scope(get_engine(settings.database_url)) as session:
        lapsed = watch_deadlines(session, now=utcnow())
    from flows.worker import run_pending  # late: the worker imports this module

    processed = run_pending()
    mails = send_mail_flow()
    return {"lapsed_requests": lapsed, "events_processed": processed, "mails": len(mails)}
