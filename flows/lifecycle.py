"""Short, idempotent Prefect flows, one per kind of event in the outbox.

State lives in the application database. A flow opens a session, calls one service and returns;
it never waits for a person. Re-running a flow for an event already processed does nothing.
"""

import os

from prefect import flow, task

from models.base import utcnow
from models.config import get_settings
from models.db import get_engine, session_scope
from models.services.events import process_event
from models.services.hearing import record_lapses
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


@flow(name="termijnbewaking", description="Verlopen reactietermijnen vastleggen, achtergebleven gebeurtenissen verwerken.")
def deadline_watcher_flow() -> dict:
    settings = get_settings()
    with session_scope(get_engine(settings.database_url)) as session:
        lapsed = record_lapses(session, now=utcnow())
    from flows.worker import run_pending  # late: the worker imports this module

    processed = run_pending()
    return {"lapsed_requests": lapsed, "events_processed": processed}
