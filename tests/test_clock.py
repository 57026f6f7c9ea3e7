"""One clock: only adapters/clock.py reads the real time; the clocks behave as tests and served processes need."""

import ast
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from adapters.clock import (ClockStartNaive, ClockStartRefused, FixedClock, StartedClock, SystemClock,
                            clock_from_settings)
from models.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("api", "flows", "models", "reviewers", "adapters")
ALLOWED = {Path("adapters/clock.py")}
# Calls that read the wall clock. time.monotonic() is allowed: it measures a duration (rate limits, caches,
# polling intervals) and never becomes a date.
REAL_TIME = {"datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today", "datetime.date.today",
             "time.time", "time.time_ns", "time.localtime", "time.gmtime"}


def _qualified(node: ast.expr, aliases: dict[str, str]) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def real_time_reads(source: str, filename: str = "<source>") -> list[str]:
    """Every call in `source` that reads the real time, as 'line: name'."""
    tree = ast.parse(source, filename)
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _qualified(node.func, aliases)
        if name is None:
            continue
        if name in REAL_TIME or name.rsplit(".", 1)[-1] == "utcnow":
            found.append((node.lineno, node.col_offset, name))
    return [f"{line}: {name}" for line, _, name in sorted(found)]


def test_the_scanner_flags_every_way_of_reading_the_real_time():
    sample = """
import time
import datetime as dt
from datetime import UTC, date, datetime
from datetime import datetime as DateTime
from time import time as seconds
from models.base import utcnow

a = datetime.now(UTC)
b = datetime.utcnow()
c = date.today()
d = time.time()
e = utcnow()
f = dt.datetime.now()
g = DateTime.now(UTC)
h = seconds()
i = time.time_ns()
"""
    assert [line.split(": ")[1] for line in real_time_reads(sample)] == [
        "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.date.today", "time.time",
        "models.base.utcnow", "datetime.datetime.now", "datetime.datetime.now", "time.time", "time.time_ns"]


def test_the_scanner_leaves_durations_and_given_clocks_alone():
    sample = """
import time
from datetime import datetime, timedelta
start = time.monotonic()
now = clock.now()
then = request.app.state.clock.now() - timedelta(days=1)
parsed = datetime.fromisoformat("2026-11-02T09:00:00+00:00")
"""
    assert real_time_reads(sample) == []


def test_only_the_clock_adapter_reads_the_real_time():
    offenders = []
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED:
                continue
            offenders += [f"{relative}:{hit}" for hit in real_time_reads(path.read_text(), str(relative))]
    assert offenders == [], "take the time from the app's or the flow's clock (adapters/clock.py):\n" + \
        "\n".join(offenders)


def test_the_allowed_file_is_the_one_that_reads_it():
    """The allow-list points at a real reader: if SystemClock moved, this list would silently allow nothing."""
    hits = real_time_reads((ROOT / "adapters/clock.py").read_text())
    assert [h.split(": ")[1] for h in hits] == ["datetime.datetime.now"]


AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_a_fixed_clock_stands_still_until_moved():
    clock = FixedClock(AT)
    assert clock.now() == clock.now() == AT
    assert clock.advance(days=15) == AT + timedelta(days=15) == clock.now()
    assert clock.advance(timedelta(hours=1), seconds=1) == AT + timedelta(days=15, hours=1, seconds=1)
    assert clock.set(AT) == AT == clock.now()
    with pytest.raises(ValueError):
        clock.advance(days=-1)


def test_a_fixed_clock_keeps_utc_and_refuses_a_time_without_zone():
    amsterdam_winter = timezone(timedelta(hours=1))
    assert FixedClock(datetime(2026, 11, 2, 10, 0, tzinfo=amsterdam_winter)).now() == AT
    assert FixedClock(datetime(2026, 11, 2, 10, 0, tzinfo=amsterdam_winter)).now().tzinfo == UTC
    with pytest.raises(ClockStartNaive):
        FixedClock(datetime(2026, 11, 2, 9, 0))


def test_a_started_clock_starts_at_its_moment_and_runs_with_the_real_time():
    real = FixedClock(datetime(2030, 1, 1, tzinfo=UTC))  # stands in for the real time: moved by hand
    clock = StartedClock(AT, real=real)
    assert clock.now() == AT
    real.advance(minutes=7)
    assert clock.now() == AT + timedelta(minutes=7)


def test_started_clocks_that_share_their_real_start_moment_agree_whenever_they_were_made():
    """The API and a worker (re)started minutes later read the same time: no jump back on a restart."""
    real = FixedClock(datetime(2030, 1, 1, tzinfo=UTC))
    api = StartedClock(AT, at=real.now(), real=real)
    real.advance(minutes=10)
    restarted_worker = StartedClock(AT, at=datetime(2030, 1, 1, tzinfo=UTC), real=real)
    assert api.now() == restarted_worker.now() == AT + timedelta(minutes=10)
    assert StartedClock(AT, real=real).now() == AT  # without a shared moment: from when it was made


def test_the_system_clock_is_aware_utc():
    before = SystemClock().now()
    assert before.tzinfo == UTC
    assert SystemClock().now() >= before


def test_settings_choose_the_clock():
    assert isinstance(clock_from_settings(Settings(demo=False, clock_start=None)), SystemClock)
    started = clock_from_settings(Settings(demo=True, clock_start="2032-07-01T09:00:00+00:00"))
    assert isinstance(started, StartedClock)
    assert abs(started.now() - datetime(2032, 7, 1, 9, 0, tzinfo=UTC)) < timedelta(minutes=1)


def test_settings_share_the_real_start_moment():
    started = clock_from_settings(Settings(demo=True, clock_start="2032-07-01T09:00:00+00:00",
                                           clock_started_at="2000-01-01T00:00:00+00:00"))
    assert started.now() > datetime(2032, 7, 1, 9, 0, tzinfo=UTC) + timedelta(days=365 * 26)


def test_a_started_clock_is_refused_outside_demo_mode():
    with pytest.raises(ClockStartRefused) as refused:
        clock_from_settings(Settings(demo=False, clock_start="2032-07-01T09:00:00+00:00"))
    assert refused.value.code == "clock_start_outside_demo"
    assert "alleen toegestaan in demo- en testomgevingen" in refused.value.message


def test_a_clock_start_without_timezone_is_refused_in_dutch():
    with pytest.raises(ClockStartNaive) as refused:
        clock_from_settings(Settings(demo=True, clock_start="2032-07-01T09:00:00"))
    assert refused.value.code == "clock_start_without_timezone"
    assert "mist een tijdzone" in refused.value.message


def test_the_clock_start_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("TEGENSPRAAK_CLOCK_START", "2032-07-01T11:00:00+02:00")
    assert Settings().clock_start == datetime(2032, 7, 1, 9, 0, tzinfo=UTC)


def test_the_app_does_not_start_on_a_shifted_clock_outside_demo_mode():
    from api.app import create_app

    with pytest.raises(ClockStartRefused):
        create_app(Settings(demo=False, secret_key="k" * 48, clock_start="2032-07-01T09:00:00+00:00",
                            database_url="sqlite://"))


def test_the_flows_run_on_the_clock_a_test_or_the_worker_sets(settings):
    from flows import clock as flow_clock

    assert abs(flow_clock.now() - datetime(2026, 11, 2, 9, 0, tzinfo=UTC)) < timedelta(minutes=1)  # the setting
    with flow_clock.use_clock(FixedClock(AT + timedelta(days=3))) as clock:
        assert flow_clock.now() == AT + timedelta(days=3)
        clock.advance(days=1)
        assert flow_clock.now() == AT + timedelta(days=4)
    assert flow_clock.now() != AT + timedelta(days=4)
