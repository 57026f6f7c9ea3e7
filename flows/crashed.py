"""Flow runs whose worker died (kill -9) stay RUNNING in Prefect for ever: nobody is left to end them. Every
worker's watcher looks for them and marks them CRASHED.

A run belongs to an event and a worker (its tags `event-id:<id>`, `worker:<name>`, flows/lifecycle.py). It is
orphaned when that worker no longer holds the event's lease (the lease ran out, or another worker took the event
over) and it started longer ago than two leases: a live worker renews its lease while its run lasts
(flows/claims.py). A run whose own worker processed the event is left alone: it is reporting its end.
"""

import logging
from datetime import timedelta

from sqlmodel import select

from flows.claims import lease, real_now
from models.audit import Event
from models.config import get_settings
from models.db import get_engine, session_scope

log = logging.getLogger("tegenspraak.worker")


def stale_after() -> timedelta:
    return 2 * lease()


def _tag(tags: list[str], prefix: str) -> str | None:
    return next((t.removeprefix(prefix) for t in tags if t.startswith(prefix)), None)


def mark_orphaned_runs(limit: int = 200) -> list[str]:
    """Mark CRASHED the RUNNING event runs whose worker is gone; returns their names."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterState, FlowRunFilterStateType
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.states import Crashed

    now = real_now()
    with get_client(sync_client=True) as client:
        running = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(
                any_=[StateType.RUNNING]))), sort=FlowRunSort.START_TIME_ASC, limit=limit)
        candidates = {}
        for run in running:
            event_id, worker = _tag(run.tags, "event-id:"), _tag(run.tags, "worker:")
            if event_id and worker and run.start_time and run.start_time < now - stale_after():
                candidates[run.id] = (run, int(event_id), worker)
        if not candidates:
            return []
        with session_scope(get_engine(get_settings().database_url)) as session:
            events = {e.id: e for e in session.exec(
                select(Event).where(Event.id.in_({c[1] for c in candidates.values()})))}
        crashed = []
        for run, event_id, worker in candidates.values():
            event = events.get(event_id)
            if event is not None and event.claimed_by == worker and (
                    event.processed_at is not None or (event.lease_until is not None and event.lease_until > now)):
                continue  # still this worker's, or processed by it and only reporting its end late
            message = (f"De worker {worker} is verdwenen midden in deze run (geen lease meer op gebeurtenis "
                       f"{event_id}); " + ("een andere worker verwerkte de gebeurtenis." if event is not None
                                           and event.processed_at is not None else "de gebeurtenis wacht op een "
                                                                                    "andere worker."))
            client.set_flow_run_state(run.id, Crashed(message=message), force=True)
            log.warning("flow-run %s gemarkeerd als gecrasht: %s", run.name, message)
            crashed.append(run.name)
        return crashed
