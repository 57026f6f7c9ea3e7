"""The process that executes the flows: it polls the outbox and runs the deadline watcher on a schedule.

Polling the application database costs one small query; a Prefect flow run starts only when there is work.
The worker is the flows' entry point: it chooses their clock (flows/clock.py) from the settings. With
TEGENSPRAAK_WATCHER=served it leaves the deadline watcher to `python -m flows.scheduler` (one served Prefect
deployment instead of a watcher in every worker) and only processes events and mail.
"""

import logging
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from prefect.settings import temporary_settings

from adapters.clock import clock_from_settings
from flows import clock as flow_clock
from flows.claims import LeaseHeartbeat, get_worker_settings, worker_name
from flows.crashed import mark_orphaned_runs
from flows.lifecycle import batch_assignment_flow, deadline_watcher_flow, run_pending
from models.config import Settings, get_settings
from models.documents import AMSTERDAM
from models.errors import DomainError
from models.ports import Clock

log = logging.getLogger("tegenspraak.worker")


def no_heartbeats():
    """Flow heartbeats cost ~1 s per run (prefect-notes.md); our flows are short and idempotent."""
    return temporary_settings(updates={"flows.heartbeat_frequency": None})


RESULT_STORAGE_BLOCK = "tegenspraak-resultaten"

WATCHERS = ("worker", "served")


class WatcherUnknown(DomainError):
    """A misspelt TEGENSPRAAK_WATCHER would leave the deadlines unwatched, or watched twice, without a word."""

    code = "watcher_unknown"
    status = 500
    message = ("TEGENSPRAAK_WATCHER kent alleen 'worker' (elke worker bewaakt de termijnen) en 'served' "
               "(python -m flows.scheduler bewaakt ze als Prefect-deployment).")


def check_watcher(settings: Settings) -> str:
    """Who runs the deadline watcher: `worker` or `served`; anything else is refused at the start."""
    if settings.watcher not in WATCHERS:
        raise WatcherUnknown(f"{WatcherUnknown.message} Ingesteld: {settings.watcher!r}.")
    return settings.watcher


@contextmanager
def quick_runs() -> Iterator[None]:
    """What keeps a flow run cheap (benchmarks/flow_overhead.py): no heartbeats (~1 s a run); one Prefect client
    for every run of this process, not a new one (a TLS context and a connection) per run; and a named default
    result storage, so that a run does not ask the server twice where results would go (our flows persist none)."""
    from prefect.context import SyncClientContext
    from prefect.filesystems import LocalFileSystem
    from prefect.settings import get_current_settings

    updates: dict = {"flows.heartbeat_frequency": None}
    with ExitStack() as stack:
        try:
            stack.enter_context(SyncClientContext.get_or_create())
            path = get_current_settings().results.local_storage_path
            LocalFileSystem(basepath=str(path)).save(RESULT_STORAGE_BLOCK, overwrite=True)
            updates["results.default_storage_block"] = f"local-file-system/{RESULT_STORAGE_BLOCK}"
        except Exception as exc:  # noqa: BLE001 - the Prefect API away at the start: the worker runs on, slower
            log.warning("Prefect-API niet bereikbaar bij de start (%s); elke flow-run maakt zijn eigen client", exc)
        with temporary_settings(updates=updates):
            yield


def log_as(process: str) -> None:
    """Log lines of this process (the worker, the planner) prefixed with its name, at INFO for ours."""
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {process} %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Prefect's logging set-up (at its first client or run) sets the root logger to WARNING: ours keeps its own.
    ours = logging.getLogger("tegenspraak")
    ours.setLevel(logging.INFO)
    ours.propagate = False
    ours.addHandler(logging.StreamHandler())
    ours.handlers[-1].setFormatter(logging.Formatter(f"%(asctime)s {process} %(message)s"))


def main(clock: Clock | None = None) -> None:
    log_as("worker")
    settings = get_settings()
    watcher_here = check_watcher(settings) == "worker"
    # The real time, or (demo and tests) TEGENSPRAAK_CLOCK_START; a start outside demo mode stops here.
    clock = clock if clock is not None else clock_from_settings(settings)
    flow_clock.set_clock(clock)
    stop = False

    def _stop(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    # The schedule's pace (watcher interval, polling) is measured with time.monotonic: a duration, not a date.
    next_watch = 0.0
    last_batch_day = None
    failures = 0
    worker = worker_name()
    with quick_runs(), LeaseHeartbeat(worker):
        log.info("gestart als %s; database %s; toewijzing: %s; termijnbewaking: %s; klok: %r", worker,
                 settings.database_url, settings.assignment_mode,
                 "deze worker" if watcher_here else "gediend (python -m flows.scheduler)", clock)
        while not stop:
            local = clock.now().astimezone(AMSTERDAM)
            try:
                if (settings.assignment_mode == "batch" and local.hour >= settings.batch_assignment_hour
                        and last_batch_day != local.date()):
                    batch_assignment_flow()
                    last_batch_day = local.date()
                elif watcher_here and time.monotonic() >= next_watch:
                    # Set first: a watcher that fails (the Prefect API away) must not keep the events waiting.
                    next_watch = time.monotonic() + settings.watcher_interval_seconds
                    deadline_watcher_flow()
                    mark_orphaned_runs()
                elif run_pending(worker=worker) == 0:
                    time.sleep(settings.worker_poll_seconds)
                failures = 0
            except Exception:  # noqa: BLE001 - e.g. the Prefect API answered 503: wait, then try again
                failures += 1
                pause = backoff(failures, settings.worker_poll_seconds, get_worker_settings().max_backoff_seconds)
                log.exception("een flow mislukte; de worker gaat over %.1f s door", pause)
                time.sleep(pause)


def backoff(failures: int, base: float, ceiling: float) -> float:
    """Seconds to wait after `failures` failures in a row: doubling from `base`, at most `ceiling`."""
    return min(base * 2 ** min(failures - 1, 16), ceiling)


if __name__ == "__main__":
    main()
