"""Clocks for the entry points (models/ports.Clock). `SystemClock.now` is the one place in the code that reads
the real time; everything else asks a clock it was given.

- `SystemClock`: the real time. Production.
- `FixedClock`: stands still until a test moves it (`advance`, `set`).
- `StartedClock`: starts at a chosen moment and then runs on with real time. For processes a test serves
  (uvicorn, the worker), the demo and training environments: `TEGENSPRAAK_CLOCK_START`. With
  `TEGENSPRAAK_CLOCK_STARTED_AT` (the real moment at which the start held) every process of one stack runs on
  one time line: the API, a worker started later, a worker restarted after a crash.
"""

from datetime import UTC, datetime, timedelta

from models.config import Settings
from models.errors import DomainError
from models.ports import Clock


class ClockStartRefused(DomainError):
    """A shifted clock in production would date every decision, deadline and audit event falsely."""

    code = "clock_start_outside_demo"
    status = 500
    message = ("TEGENSPRAAK_CLOCK_START is alleen toegestaan in demo- en testomgevingen "
               "(TEGENSPRAAK_DEMO=1): in productie geldt altijd de echte tijd.")


class ClockStartNaive(DomainError):
    code = "clock_start_without_timezone"
    status = 500
    message = ("TEGENSPRAAK_CLOCK_START mist een tijdzone: geef bijvoorbeeld 2032-07-01T09:00:00+00:00 "
               "of 2032-07-01T11:00:00+02:00.")


def _aware_utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ClockStartNaive()
    return at.astimezone(UTC)


class SystemClock:
    """The real time, timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """Stands still at `at` until moved. For tests: deadlines pass by `advance(days=15)`, not by sleeping."""

    def __init__(self, at: datetime):
        self._at = _aware_utc(at)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta | None = None, /, **units: float) -> datetime:
        """Move forward by a timedelta or by its keyword units (`days=15`, `seconds=1`); returns the new now."""
        step = (delta or timedelta()) + timedelta(**units)
        if step < timedelta():
            raise ValueError("a clock does not run backwards through advance(); use set()")
        self._at += step
        return self._at

    def set(self, at: datetime) -> datetime:
        self._at = _aware_utc(at)
        return self._at

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()})"


class StartedClock:
    """Reads `start` at the real moment `at` (by default: when it is made), then runs on at the real pace."""

    def __init__(self, start: datetime, *, at: datetime | None = None, real: Clock | None = None):
        self._real = real or SystemClock()
        self._offset = _aware_utc(start) - (_aware_utc(at) if at is not None else self._real.now())

    def now(self) -> datetime:
        return self._real.now() + self._offset

    def __repr__(self) -> str:
        return f"StartedClock(offset={self._offset})"


def clock_from_settings(settings: Settings) -> Clock:
    """The clock an entry point runs on: the real time, or (demo and tests only) one started at clock_start."""
    if settings.clock_start is None:
        return SystemClock()
    if not settings.demo:
        raise ClockStartRefused()
    return StartedClock(settings.clock_start, at=settings.clock_started_at)
