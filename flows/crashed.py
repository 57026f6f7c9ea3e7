"""Flow runs whose worker died (kill -9) stay RUNNING in Prefect for ever: nobody is left to end them. Every
worker's watcher looks for them and marks them CRASHED.

A run belongs to the events it was started for and a worker (its tags `event-id:<id>`, one per event, and
`worker:<name>`, flows/lifecycle.py). It is orphaned when it started longer ago than two leases and its worker holds
none of its events any more: a live worker renews its leases while its run lasts (flows/claims.py); a dead one's
run out, or another worker took them over. When that worker processed every event of the run, the run's work is
done and only its end was never reported (the worker died, or lost the Prefect API, right after its last event):
it is marked CRASHED as well, with a message that says nothing was lost. (The end of a live run comes milliseconds
after its last event; a run still RUNNING two leases after its start with every event processed has no one left.)

Only runs of the events flow are read (by flow name), the oldest first, `limit` at a time.
"""

import logging
from datetime import timedelta

from sqlmodel import select

from flows.claims import lease, real_now
from flows.lifecycle import events_flow
from models.audit import Event
from models.config import get_settings
from models.db import get_engine, session_scope

log = logging.getLogger("tegenspraak.worker")


def stale_after() -> timedelta:
    return 2 * lease()


def _tags(tags: list[str], prefix: str) -> list[str]:
    return [t.removeprefix(prefix) for t in tags if t.startswith(prefix)]


def mark_orphaned_runs(limit: int = 200) -> list[str]:
    """Mark CRASHED the RUNNING event runs whose worker is gone; returns their names."""
    from prefect import get_client
    from prefect.client.schemas.filters import (FlowFilter, FlowFilterName, FlowRunFilter, FlowRunFilterState,
                                                FlowRunFilterStateType)
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.states import Crashed

    now = real_now()
    with get_client(sync_client=True) as client:
        running = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(
                any_=[StateType.RUNNING]))), flow_filter=FlowFilter(name=FlowFilterName(any_=[events_flow.name])),
            sort=FlowRunSort.START_TIME_ASC, limit=limit)
        candidates = {}
        for run in running:
            event_ids, workers = _tags(run.tags, "event-id:"), _tags(run.tags, "worker:")
            if event_ids and workers and run.start_time and run.start_time < now - stale_after():
                candidates[run.id] = (run, [int(e) for e in event_ids], workers[0])
        if not candidates:
            return []
        with session_scope(get_engine(get_settings().database_url)) as session:
            events = {e.id: e for e in session.exec(
                select(Event).where(Event.id.in_({e for c in candidates.values() for e in c[1]})))}

        def still_its(event: Event | None, worker: str) -> bool:
            return event is not None and event.claimed_by == worker and (
                event.processed_at is not None or (event.lease_until is not None and event.lease_until > now))

        def held(event: Event | None, worker: str) -> bool:
            return still_its(event, worker) and event.processed_at is None

        crashed = []
        for run, event_ids, worker in candidates.values():
            if any(held(events.get(e), worker) for e in event_ids):
                # The worker still holds one of the run's events, so it lives (an event it gave back after three
                # failures is not a sign of death).
                continue
            lost = [e for e in event_ids if not still_its(events.get(e), worker)]
            if not lost:
                message = (f"De worker {worker} verwerkte alle gebeurtenissen van deze run "
                           f"({', '.join(map(str, event_ids))}) maar meldde het einde niet: verdwenen na de laatste "
                           "gebeurtenis. Er ging niets verloren.")
                client.set_flow_run_state(run.id, Crashed(message=message), force=True)
                log.warning("flow-run %s gemarkeerd als gecrasht: %s", run.name, message)
                crashed.append(run.name)
                continue
            taken = [e for e in lost if events.get(e) is not None and events[e].processed_at is not None]
            message = (f"De worker {worker} is verdwenen midden in deze run (geen lease meer op gebeurtenis"
                       f"{'sen' if len(lost) > 1 else ''} {', '.join(map(str, lost))}); "
                       + (f"een andere worker verwerkte {len(taken)} ervan." if taken and len(lost) > 1 else
                          "een andere worker verwerkte de gebeurtenis." if taken else
                          "de gebeurtenis wacht op een andere worker." if len(lost) == 1 else
                          "de gebeurtenissen wachten op een andere worker."))
            client.set_flow_run_state(run.id, Crashed(message=message), force=True)
            log.warning("flow-run %s gemarkeerd als gecrasht: %s", run.name, message)
            crashed.append(run.name)
        return crashed
