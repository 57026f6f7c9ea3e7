"""The process that executes the flows: it polls the outbox and runs the deadline watcher on a schedule.

Polling the application database costs one small query; a Prefect flow run starts only when there is work.
"""

import logging
import signal
import time
from datetime import datetime

from prefect.settings import temporary_settings
from sqlmodel import select

from models.audit import Event
from models.config import get_settings
from models.db import get_engine, session_scope
from models.documents import AMSTERDAM
from models.base import utcnow
from models.services.events import pending_event_ids
from models.services.mailing import due_mail_ids, interrupted_mail_ids

log = logging.getLogger("tegenspraak.worker")


def run_pending(limit: int = 100) -> int:
    """Run the flow of every unprocessed event, oldest first, then send due e-mail. Returns how much ran."""
    from flows.lifecycle import FLOWS, mail_stale_after, send_mail_flow

    settings = get_settings()
    with session_scope(get_engine(settings.database_url)) as session:
        ids = pending_event_ids(session, limit)
        kinds = {e.id: e.kind for e in session.exec(select(Event).where(Event.id.in_(ids)))}
        mails = due_mail_ids(session, utcnow(), 1) or interrupted_mail_ids(session, utcnow(),
                                                                          mail_stale_after(settings))
        session.rollback()
    ran = 0
    for event_id in ids:
        flow_fn = FLOWS.get(kinds[event_id])
        if flow_fn is None:
            continue
        try:
            flow_fn(event_id)
            ran += 1
        except Exception:  # noqa: BLE001 - left unprocessed, tried again; the events after it still run
            log.exception("gebeurtenis %s niet verwerkt", event_id)
    if mails:
        send_mail_flow()
    return ran + len(mails)


def no_heartbeats():
    """Flow heartbeats cost ~1 s per run (prefect-notes.md); our flows are short and idempotent."""
    return temporary_settings(updates={"flows.heartbeat_frequency": None})


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = get_settings()
    stop = False

    def _stop(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    from flows.lifecycle import batch_assignment_flow, deadline_watcher_flow

    next_watch = 0.0
    last_batch_day = None
    with no_heartbeats():
        log.info("gestart; database %s; toewijzing: %s", settings.database_url, settings.assignment_mode)
        while not stop:
            local = datetime.now(AMSTERDAM)
            try:
                if (settings.assignment_mode == "batch" and local.hour >= settings.batch_assignment_hour
                        and last_batch_day != local.date()):
                    batch_assignment_flow()
                    last_batch_day = local.date()
                elif time.monotonic() >= next_watch:
                    deadline_watcher_flow()
                    next_watch = time.monotonic() + settings.watcher_interval_seconds
                elif run_pending() == 0:
                    time.sleep(settings.worker_poll_seconds)
            except Exception:  # noqa: BLE001 - one failing run must not stop the others; it is tried again
                log.exception("een flow mislukte; de worker gaat door")
                time.sleep(settings.worker_poll_seconds)


if __name__ == "__main__":
    main()
