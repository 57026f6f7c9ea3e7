"""`python -m flows.scheduler`, the planner: the deadline watcher as one Prefect deployment, `termijnbewaking`,
served with Prefect's `serve` (a Runner) and run every TEGENSPRAAK_WATCHER_INTERVAL_SECONDS. With
TEGENSPRAAK_WATCHER=served the workers leave the watcher to this process (flows/worker.py) and only process
events and mail.

One process runs the watcher instead of every worker, and the Prefect UI shows it as a deployment whose runs can
be followed, paused (the planner then makes no new runs) or started by hand. `serve` starts a Python process per
run (~2 s, prefect-notes.md): fine for one run a minute, not for the events, which the workers run themselves.

The schedule is kept by this process (`RunsOnSchedule`), not by the Prefect server: on this stack (Prefect 3.8.8
with SQLAlchemy 2.1) the server's scheduler service fails on every insert of the runs a deployment's `interval`
makes ("Can't evaluate bulk DML statement; please supply a bulk_dml decorated function"), so a deployment
schedule would never run. Runs made through the API are inserted one by one and work.

A run's process imports this module and reads its settings from the environment it inherits: the clock
(flows/clock.py: the settings' clock, on the time line TEGENSPRAAK_CLOCK_STARTED_AT fixes), the database and the
catalogues (the watcher sets them itself). The Prefect settings this process runs under (no heartbeats,
flows/worker.quick_runs) travel with the run's context.
"""

import asyncio
import logging
import math
import os
import signal
import socket
import threading
from datetime import UTC, datetime, timedelta
from uuid import UUID

from prefect import flow
from prefect.runner import Runner

from adapters.clock import SystemClock, clock_from_settings
from flows.crashed import mark_orphaned_runs
from flows.lifecycle import deadline_watcher_flow
from flows.worker import check_watcher, log_as, quick_runs
from models.config import get_settings

log = logging.getLogger("tegenspraak.scheduler")

DEPLOYMENT = "termijnbewaking"


@flow(name="geplande-termijnbewaking", persist_result=False,
      description="De termijnbewaking op schema (python -m flows.scheduler): herinneringen en verlopen "
                  "reactietermijnen, achtergebleven e-mail; daarna flow-runs van verdwenen workers als gecrasht.")
def served_watcher_flow() -> dict:
    """What the worker's watcher branch does: the watcher, then the orphaned runs, these even when the watcher
    failed (the run then fails with the watcher's error)."""
    watched = deadline_watcher_flow(return_state=True)
    crashed = mark_orphaned_runs()
    return {**watched.result(), "crashed_runs": crashed}


class RunsOnSchedule:
    """The deployment's schedule, kept by a thread of the planner: a run for a slot of the interval, one at a time.

    Slots count from the epoch, and a slot's run has the idempotency key `termijnbewaking <slot>`: two planners
    (a restarted one, a second by mistake) make one run per slot, not two. The first run is the current slot's, at
    once; each next one is made when the one before has ended, for the next slot still to come, so the Runner
    (which looks `query_seconds` ahead) starts it on time. A watcher slower than the interval skips slots instead
    of piling up runs. A paused deployment (the UI's pause, or a planner that stopped) gets no new runs."""

    def __init__(self, deployment_id: UUID, interval: timedelta):
        self.deployment_id, self.interval = deployment_id, interval
        self._last: tuple[datetime, UUID] | None = None  # the slot and the id of the last run this planner made
        self._warned: UUID | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="termijnbewaking-schema", daemon=True)

    def __enter__(self) -> "RunsOnSchedule":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def slot(self, now: datetime) -> datetime:
        """The slot to run next: the current one, or the next if the current one has had its run."""
        step = self.interval.total_seconds()
        slot = datetime.fromtimestamp(math.floor(now.timestamp() / step) * step, UTC)
        return slot if self._last is None or slot > self._last[0] else self._last[0] + self.interval

    def make_run(self, now: datetime) -> str | None:
        """The next slot's run, unless the deployment is paused or the last run has not ended; returns its name."""
        from prefect import get_client
        from prefect.exceptions import ObjectNotFound
        from prefect.states import Scheduled

        with get_client(sync_client=True) as client:
            if client.read_deployment(self.deployment_id).paused:
                return None
            if self._last is not None:
                try:
                    last = client.read_flow_run(self._last[1])
                except ObjectNotFound:  # deleted (in the UI, say): as good as ended
                    last = None
                if last is not None and not last.state.is_final():
                    if now - self._last[0] > 5 * self.interval and self._warned != self._last[1]:
                        self._warned = self._last[1]
                        log.warning("run %s van %s is na %s nog niet klaar (%s); er komt geen volgende tot hij "
                                    "eindigt", last.name, DEPLOYMENT, now - self._last[0], last.state.name)
                    return None
            slot = self.slot(now)
            run = client.create_flow_run_from_deployment(
                self.deployment_id, state=Scheduled(scheduled_time=max(slot, now)),
                name=f"{DEPLOYMENT}-{slot:%Y%m%d-%H%M%S}", idempotency_key=f"{DEPLOYMENT} {slot.isoformat()}")
        self._last = (slot, run.id)
        return run.name

    def _run(self) -> None:
        pause = min(self.interval.total_seconds(), 5.0)
        while not self._stop.is_set():
            try:
                self.make_run(SystemClock().now())
            except Exception as exc:  # noqa: BLE001 - the Prefect API away: the next round tries again
                log.warning("geen run van %s ingepland (%s); over %.0f s opnieuw", DEPLOYMENT, exc, pause)
            self._stop.wait(pause)


class PlannerRunner(Runner):
    """Prefect's Runner, stopped alike by SIGTERM and SIGINT (Ctrl-C): the serving task is cancelled, the Runner lets
    a run it started finish, pauses the deployment and returns. Prefect's own SIGTERM handler calls stop() and
    sys.exit from inside the event loop (and in 3.8.8 leaves a coroutine never awaited). A second signal (Ctrl-C,
    then `make run`'s SIGTERM) does not cut the stop short."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stop_requested = threading.Event()
        self._serving: tuple[asyncio.AbstractEventLoop, asyncio.Task] | None = None

    def handle_sigterm(self, signum: int = signal.SIGTERM, frame=None) -> None:
        if self.stop_requested.is_set() or self._serving is None:
            return
        self.stop_requested.set()
        log.info("%s ontvangen; de planner laat een begonnen run afmaken en stopt", signal.Signals(signum).name)
        loop, task = self._serving
        loop.call_soon_threadsafe(task.cancel)

    async def serve_until_stopped(self) -> None:
        self._serving = (asyncio.get_running_loop(), asyncio.current_task())
        signal.signal(signal.SIGINT, self.handle_sigterm)  # start() sets SIGTERM's handler: handle_sigterm
        try:
            await self.start()
        except asyncio.CancelledError:
            if not self.stop_requested.is_set():
                raise


def serve(interval: timedelta) -> None:
    """Register the deployment, keep its schedule and serve its runs until SIGTERM or SIGINT."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    # One run at a time from this process (limit=1); the deployment's limit below covers other planners. The Runner
    # looks for due runs every query_seconds (Prefect's default: 10 s), that far ahead.
    runner = PlannerRunner(name=f"planner-{socket.gethostname()}-{os.getpid()}", limit=1, pause_on_shutdown=True,
                           query_seconds=min(interval.total_seconds(), 10.0),
                           prefetch_seconds=min(interval.total_seconds(), 10.0))
    deployment_id = runner.add_flow(
        served_watcher_flow, name=DEPLOYMENT,
        description=f"{served_watcher_flow.description} Elke {interval.total_seconds():g} s ingepland door "
                    "python -m flows.scheduler, dat de runs ook uitvoert.",
        # A run that finds another run of the deployment still going (a second planner, a run started by hand) is
        # cancelled, not queued: the next slot comes within the interval anyway.
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW))
    with RunsOnSchedule(deployment_id, interval):
        asyncio.run(runner.serve_until_stopped())


def main() -> None:
    log_as("planner")
    settings = get_settings()
    check_watcher(settings)
    clock = clock_from_settings(settings)  # a shifted clock outside demo mode stops here, before anything runs
    if settings.clock_start is not None and settings.clock_started_at is None:
        # Each run's process makes its clock anew: without a shared start moment each would start at clock_start.
        os.environ["TEGENSPRAAK_CLOCK_STARTED_AT"] = SystemClock().now().isoformat()
        get_settings.cache_clear()
        settings = get_settings()
        clock = clock_from_settings(settings)
    if settings.watcher != "served":
        log.warning("TEGENSPRAAK_WATCHER=%s: de workers bewaken de termijnen zelf ook; zet TEGENSPRAAK_WATCHER=served "
                    "voor de workers en deze planner", settings.watcher)
    interval = timedelta(seconds=settings.watcher_interval_seconds)
    log.info("bedient de deployment %s/%s, elke %g s; database %s; klok: %r", served_watcher_flow.name, DEPLOYMENT,
             interval.total_seconds(), settings.database_url, clock)
    with quick_runs():
        serve(interval)
    log.info("gestopt; %s staat op pauze tot de volgende start", DEPLOYMENT)


if __name__ == "__main__":
    # As `python -m flows.scheduler` this file is `__main__`: serve the flow of the module `flows.scheduler`, which
    # a run's process imports by that name.
    from flows.scheduler import main as main_of_module

    main_of_module()
