"""Which worker runs which event: claims with a lease (models.services.events.claim_events), kept alive by a
heartbeat thread while the worker lives, so several workers never run one event twice and a dead worker's event
is taken over once its lease runs out.

Leases are measured in real time (the system clock), not on the flows' clock: a demo or test clock may stand
still or jump days ahead, a worker's life does neither.
"""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from adapters.clock import SystemClock
from models.config import get_settings
from models.db import get_engine, session_scope
from models.services.events import renew_leases

_REAL_TIME = SystemClock()  # leases are about live processes, so they run on real time, not the case's clock

log = logging.getLogger("tegenspraak.worker")


class WorkerSettings(BaseSettings):
    """The worker's own settings (TEGENSPRAAK_WORKER_…), read once at its start."""

    model_config = SettingsConfigDict(env_prefix="TEGENSPRAAK_WORKER_", env_file=None, extra="ignore")

    # How this worker signs its claims; empty: host and process id (unique while the process lives).
    name: str = ""
    # A claimed event is this worker's for so long; the heartbeat renews it every third of it. A worker killed
    # mid-event loses its events to the others after at most this long.
    lease_seconds: float = 30.0
    # A failed event (e.g. the Prefect API answered 503) is free again after this long; consecutive failures of
    # the worker's loop back off from poll_seconds up to this bound.
    retry_seconds: float = 5.0
    max_backoff_seconds: float = 30.0
    # Events claimed at a time and run in one Prefect flow run (flows/lifecycle.py events_flow): one run per worker
    # round instead of one per event. 1 gives every event a run of its own (and the slowest engine).
    batch_size: int = Field(default=20, ge=1, le=200)
    # An event that fails every attempt of this many rounds with an error of its own is given up: flagged for the
    # beheerder, who can have it retried (models.services.events.fail_event). A run failing as a whole (the Prefect
    # API away) does not count.
    give_up_after: int = Field(default=20, ge=1)


@lru_cache
def get_worker_settings() -> WorkerSettings:
    return WorkerSettings()


def worker_name() -> str:
    return get_worker_settings().name or f"{socket.gethostname()}:{os.getpid()}"


def lease() -> timedelta:
    return timedelta(seconds=get_worker_settings().lease_seconds)


def real_now() -> datetime:
    return _REAL_TIME.now()


class LeaseHeartbeat:
    """A daemon thread renewing this worker's leases; it dies with the process, and so do the leases' renewals."""

    def __init__(self, worker: str | None = None):
        self.worker = worker or worker_name()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-heartbeat", daemon=True)

    def __enter__(self) -> "LeaseHeartbeat":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        interval = max(lease().total_seconds() / 3, 0.1)
        while not self._stop.wait(interval):
            try:
                with session_scope(get_engine(get_settings().database_url)) as session:
                    renew_leases(session, worker=self.worker, now=real_now(), lease=lease())
            except Exception:  # noqa: BLE001 - a missed renewal costs at most a takeover, which is harmless
                log.exception("leases niet verlengd")
