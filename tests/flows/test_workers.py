"""Several workers on one PostgreSQL database: every event is processed exactly once, and an event whose worker is
killed (SIGKILL) mid-event is taken over after its lease and still takes effect once.

The 200-event tests run worker processes that claim and process through the worker's own code
(flows.lifecycle.run_claimed) without Prefect flow runs; one smaller test runs three real `python -m flows.worker`
processes with Prefect and reads the flow runs back: every event in exactly one run (a worker runs the events it
claimed in one round in one run), each run named and tagged after its requests."""

import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models.audit import AuditEvent, Event
from models.config import get_settings
from models.db import get_engine
from models.demo import demo_persons, seed_demo
from models.family import Family
from models.mail import MailMessage
from models.organisation import User
from models.panel import PanelSeat as Seat
from models.services import drafting
from models.services.events import claim_events, process_event, release_event, renew_leases
from tests.builders import deliverable_addresses, make_request

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 2


@pytest.fixture
def pg_settings(settings, postgres_url, monkeypatch):
    """The settings, on a PostgreSQL database of this test's own, with short leases."""
    monkeypatch.setenv("TEGENSPRAAK_DATABASE_URL", postgres_url)
    monkeypatch.setenv("TEGENSPRAAK_WORKER_LEASE_SECONDS", str(LEASE_SECONDS))
    monkeypatch.setenv("TEGENSPRAAK_WORKER_RETRY_SECONDS", "0.2")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
    get_engine(postgres_url).dispose()


def submitted_requests(session: Session, n: int) -> list[int]:
    """n submitted requests, each with its `request.submitted` event waiting; room in the pool for all."""
    now = datetime.now(UTC)
    demo = seed_demo(session)
    for user in session.exec(select(User)).all():
        user.capacity = 10_000
    session.commit()
    indiener = session.get(User, demo.users["utrecht/indiener"])
    ids = []
    for i in range(n):
        # A family of its own per request: a reviewer who saw a family before is not assigned to it again.
        family = Family(name=f"Gezin {i}", language="nl", region_id=demo.regions["utrecht"])
        session.add(family)
        session.flush()
        persons = demo_persons(family.id)
        session.add_all(persons)
        session.flush()
        by_name = {p.given_names.lower(): p.id for p in persons}
        own = replace(demo, family_id=family.id, persons={"mother": by_name["sanne"], "father": by_name["youssef"],
                                                          "noah": by_name["noah"], "lina": by_name["lina"]})
        request_id = make_request(session, own, now)
        drafting.submit_request(session, actor=indiener, request_id=request_id, now=now)
        ids.append(request_id)
    return ids


# The worker's loop without a Prefect flow run per event: claim one, process it, until nothing is left.
DIRECT_WORKER = """
import sys, time
from flows.claims import LeaseHeartbeat
from flows.lifecycle import process_claimed_event, run_claimed
idle_since = time.monotonic()
with LeaseHeartbeat(sys.argv[1]):
    while time.monotonic() - idle_since < {idle}:
        if run_claimed(sys.argv[1], 100,
                       lambda events: [process_claimed_event(e, kind, sys.argv[1]) for e, kind, _ in events],
                       batch=20):
            idle_since = time.monotonic()
        else:
            time.sleep(0.05)
"""


def start_direct_worker(name: str, log: Path, idle: float, **env) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-c", DIRECT_WORKER.format(idle=idle), name], cwd=ROOT,
                                env=os.environ | env, stdout=out, stderr=subprocess.STDOUT)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def assert_each_processed_once(engine, request_ids: list[int], workers: set[str]) -> Counter:
    with Session(engine) as s:
        events = s.exec(select(Event)).all()
        seats = s.exec(select(Seat)).all()
        audit = s.exec(select(AuditEvent).where(AuditEvent.action.in_(("seat.assigned", "request.assigned")))).all()
    assert len(events) == len(request_ids)
    assert all(e.processed_at is not None for e in events), [e.id for e in events if e.processed_at is None]
    assert {e.attempts for e in events} == {1}, Counter(e.attempts for e in events)
    assert all(e.outcome.startswith("assigned 3 seats") for e in events), Counter(e.outcome for e in events)
    assert {e.claimed_by for e in events} <= workers
    # The handler's effects, once per request: three seats and three seat.assigned audit events.
    assert Counter(seat.request_id for seat in seats) == {r: 3 for r in request_ids}
    per_request = Counter(a.request_id for a in audit if a.action == "seat.assigned")
    assert per_request == {r: 3 for r in request_ids}
    return Counter(e.claimed_by for e in events)


def test_claims_are_disjoint_and_a_released_event_comes_back(pg_settings):
    """The claim itself: two workers never get the same event; a lease runs out; a released event is free."""
    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        submitted_requests(session, 3)
        now = datetime.now(UTC)
        lease = timedelta(seconds=30)
        a = claim_events(session, worker="a", now=now, lease=lease, limit=2)
        b = claim_events(session, worker="b", now=now, lease=lease, limit=2)
        assert len(a) == 2 and len(b) == 1 and not {r[0] for r in a} & {r[0] for r in b}
        assert claim_events(session, worker="c", now=now, lease=lease) == []
        assert release_event(session, event_id=b[0][0], worker="a", retry_at=now) is False  # not a's to give
        assert release_event(session, event_id=b[0][0], worker="b", retry_at=now + timedelta(seconds=5)) is True
        # Given back: the giver's heartbeat no longer holds it, and nobody gets it before its retry time.
        assert renew_leases(session, worker="b", now=now + timedelta(seconds=1), lease=lease) == 0
        assert claim_events(session, worker="c", now=now + timedelta(seconds=4), lease=lease) == []
        assert claim_events(session, worker="c", now=now + timedelta(seconds=5), lease=lease) == b
        # The leases run out: everything is free again, for anyone.
        later = now + 2 * lease
        assert sorted(claim_events(session, worker="d", now=later, lease=lease, limit=5)) == sorted(a + b)


def test_a_worker_whose_claim_was_taken_over_leaves_the_event_to_the_new_claimant(pg_settings):
    """A worker whose heartbeat failed for a whole lease, and whose event another worker claimed since, does not run
    it: "claim lost", nothing changed; the new claimant runs it once. An expired lease nobody took over is still
    its worker's."""
    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        [request_id, other_request] = submitted_requests(session, 2)
        now = datetime.now(UTC)
        lease = timedelta(seconds=30)
        [(event_id, _, _), (other_event, _, _)] = claim_events(session, worker="a", now=now, lease=lease, limit=2)
        assert claim_events(session, worker="b", now=now + 2 * lease, lease=lease, limit=1)[0][0] == event_id
        from adapters.wiring import event_setting

        setting = event_setting(pg_settings)
        outcome = process_event(session, event_id=event_id, now=now, setting=setting, worker="a")
        assert outcome == "claim lost: now claimed by b"
        session.rollback()
        assert session.get(Event, event_id).processed_at is None
        assert session.exec(select(Seat).where(Seat.request_id == request_id)).all() == []
        assert process_event(session, event_id=event_id, now=now, setting=setting, worker="b").startswith("assigned")
        # a's other event: its lease ran out as well, but nobody claimed it since: still a's to run.
        assert process_event(session, event_id=other_event, now=now, setting=setting, worker="a").startswith(
            "assigned")
    assert_each_processed_once(engine, [request_id, other_request], {"a", "b"})


def test_two_daily_batches_at_once_give_each_request_one_panel(pg_settings):
    """Batch mode with several workers: each runs the daily batch at the same hour (or the beheerder starts one
    while it runs). The batch locks every submitted request before it reads them: the second waits, then finds
    them assigned and leaves them; no request gets two panels."""
    import threading

    from models.services.panel import assign_batch_now

    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        request_ids = submitted_requests(session, 12)
    results, start = {}, threading.Barrier(2)

    def batch(name: str) -> None:
        with Session(engine, expire_on_commit=False) as s:
            start.wait()
            try:
                results[name] = assign_batch_now(s, actor=None, now=datetime.now(UTC))
            except Exception as exc:  # noqa: BLE001 - asserted below: neither batch may fail
                results[name] = exc

    threads = [threading.Thread(target=batch, args=(name,)) for name in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not [r for r in results.values() if isinstance(r, Exception)], results
    assigned = results["a"]["assigned"] + results["b"]["assigned"]
    assert sorted(assigned) == sorted(request_ids), results
    with Session(engine) as s:
        seats = s.exec(select(Seat).where(Seat.released_at.is_(None))).all()
    assert Counter(seat.request_id for seat in seats) == {r: 3 for r in request_ids}


def test_an_event_processed_twice_at_once_takes_effect_once(pg_settings):
    """Two processors of one event at the same moment (a worker whose lease ran out while it worked, and the one
    that took the event over): the second waits for the first's locks and then finds the event processed."""
    import threading

    from adapters.wiring import event_setting

    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        [request_id] = submitted_requests(session, 1)
        [event_id] = session.exec(select(Event.id)).all()
    first_done_with_handler, outcomes = threading.Event(), {}

    def process(name: str, hold: bool) -> None:
        def before_commit():
            if hold:
                first_done_with_handler.set()
                time.sleep(1.5)  # the other processor starts now, while this one has not committed

        with Session(engine, expire_on_commit=False) as s:
            outcomes[name] = process_event(s, event_id=event_id, now=datetime.now(UTC),
                                           setting=event_setting(pg_settings), before_commit=before_commit)

    first = threading.Thread(target=process, args=("first", True))
    first.start()
    assert first_done_with_handler.wait(60)
    process("second", False)
    first.join(60)
    assert outcomes["first"].startswith("assigned 3 seats") and outcomes["second"] == "already processed"
    assert_each_processed_once(engine, [request_id], {None})


def test_three_workers_process_200_events_exactly_once(pg_settings, tmp_path):
    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        request_ids = submitted_requests(session, 200)
    names = {f"w{i}" for i in range(3)}
    started = time.monotonic()
    workers = [start_direct_worker(name, tmp_path / f"{name}.log", idle=3) for name in sorted(names)]
    for worker in workers:
        assert worker.wait(timeout=300) == 0, (tmp_path / "w0.log").read_text()
    elapsed = time.monotonic() - started
    shares = assert_each_processed_once(engine, request_ids, names)
    print(f"\n200 events by 3 workers in {elapsed:.1f} s: {dict(shares)}")
    assert len(shares) == 3  # all three took part


def test_on_sqlite_claims_are_serialised_and_three_workers_process_each_event_once(settings, tmp_path, monkeypatch):
    """SQLite allows several workers too: a claim is a write transaction (BEGIN IMMEDIATE), so no two workers claim
    one event. They gain nothing there (SQLite has one writer at a time); PostgreSQL is for several workers."""
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    monkeypatch.setenv("TEGENSPRAAK_DATABASE_URL", url)
    monkeypatch.setenv("TEGENSPRAAK_WORKER_LEASE_SECONDS", str(LEASE_SECONDS))
    get_settings.cache_clear()
    engine = get_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        request_ids = submitted_requests(session, 60)
    names = {f"w{i}" for i in range(3)}
    workers = [start_direct_worker(name, tmp_path / f"{name}.log", idle=3) for name in sorted(names)]
    for worker in workers:
        assert worker.wait(timeout=300) == 0, (tmp_path / "w0.log").read_text()
    assert_each_processed_once(engine, request_ids, names)
    get_settings.cache_clear()


def test_a_worker_killed_mid_event_loses_it_to_another_which_completes_it_once(pg_settings, tmp_path):
    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        request_ids = submitted_requests(session, 60)
    # The victim stops before committing its first event, holding the event's row lock (and the claims of the
    # rest of its round, waiting behind it), and is killed there.
    victim_log = tmp_path / "victim.log"
    victim = start_direct_worker("victim", victim_log, idle=60,
                                 TEGENSPRAAK_PAUSE_BEFORE_COMMIT="request.submitted")
    try:
        wait_for(lambda: b"pauze voor de commit" in victim_log.read_bytes(), 60, "the victim never paused")
        with Session(engine) as s:
            held = s.exec(select(Event).where(Event.claimed_by == "victim")).all()
        assert len(held) == 20 and all(e.processed_at is None for e in held)  # one round: the batch
        victim.kill()
        assert victim.wait(timeout=30) == -9
        names = {"w0", "w1"}
        others = [start_direct_worker(name, tmp_path / f"{name}.log", idle=2 * LEASE_SECONDS + 2)
                  for name in sorted(names)]
        for worker in others:
            assert worker.wait(timeout=300) == 0
    finally:
        if victim.poll() is None:
            victim.kill()
    shares = assert_each_processed_once(engine, request_ids, names)
    with Session(engine) as s:
        taken_over = [s.get(Event, e.id) for e in held]
    assert all(e.claimed_by in names and e.attempts == 1 for e in taken_over)
    print(f"\nevents {[e.id for e in held]} taken over by {sorted({e.claimed_by for e in taken_over})}; "
          f"shares {dict(shares)}")


@pytest.fixture(scope="module")
def prefect_api_url():
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    from flows.worker import no_heartbeats

    with prefect_test_harness(server_startup_timeout=90), no_heartbeats():
        yield PREFECT_API_URL.value()


def read_event_flow_runs(workers: tuple[str, ...]) -> list:
    """The event runs of these workers (the Prefect server is shared by this module's tests, whose databases all
    number their requests and events from 1)."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
    from prefect.client.schemas.sorting import FlowRunSort

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(any_=[f"worker:{w}" for w in workers])),
            sort=FlowRunSort.NAME_ASC, limit=200)
    return [run for run in runs if any(t.startswith("event-id:") for t in run.tags)]


def tagged(run, prefix: str) -> list[str]:
    return [t.removeprefix(prefix) for t in run.tags if t.startswith(prefix)]


def test_three_real_workers_run_each_event_in_one_named_and_tagged_flow_run_and_send_each_mail_once(
        prefect_api_url, pg_settings, smtp_server, tmp_path, monkeypatch):
    """`python -m flows.worker` three times, with Prefect: every event in exactly one flow run, of the worker that
    claimed it; each run tagged request:<id>, event:<kind>, event-id:<id> for its events and named after its
    requests (verzoek-<id>-<kind> for one request); each mail once."""
    monkeypatch.setenv("TEGENSPRAAK_WORKER_LEASE_SECONDS", "10")
    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        request_ids = submitted_requests(session, 24)
        deliverable_addresses(session)
    env = os.environ | {"PREFECT_API_URL": prefect_api_url, "TEGENSPRAAK_WATCHER_INTERVAL_SECONDS": "3600",
                        "TEGENSPRAAK_WORKER_POLL_SECONDS": "0.1", "PREFECT_LOGGING_LEVEL": "INFO"}
    names = {f"w{i}" for i in range(3)}
    workers = []
    try:
        for name in sorted(names):
            with open(tmp_path / f"{name}.log", "wb") as log:
                workers.append(subprocess.Popen([sys.executable, "-m", "flows.worker"], cwd=ROOT,
                                                env=env | {"TEGENSPRAAK_WORKER_NAME": name},
                                                stdout=log, stderr=subprocess.STDOUT))

        def settled() -> bool:
            assert all(w.poll() is None for w in workers), (tmp_path / "w0.log").read_text()
            with Session(engine) as s:
                events_left = s.exec(select(Event).where(Event.processed_at.is_(None))).first()
                mail_left = s.exec(select(MailMessage).where(MailMessage.status.in_(("pending", "sending")))).first()
            return events_left is None and mail_left is None

        wait_for(settled, 240, "the workers did not process every event and mail")
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    shares = assert_each_processed_once(engine, request_ids, names)
    print(f"\nshares {dict(shares)}")

    with Session(engine) as s:
        events = s.exec(select(Event)).all()
        mails = s.exec(select(MailMessage)).all()
    from flows.lifecycle import run_name

    runs = read_event_flow_runs(tuple(sorted(names)))
    assert sorted(int(e) for run in runs for e in tagged(run, "event-id:")) == sorted(e.id for e in events)
    by_id = {e.id: e for e in events}
    for run in runs:
        mine = [by_id[int(e)] for e in tagged(run, "event-id:")]
        assert tagged(run, "worker:") == [mine[0].claimed_by] and {e.claimed_by for e in mine} == {mine[0].claimed_by}
        assert set(tagged(run, "request:")) == {str(e.request_id) for e in mine}
        assert set(tagged(run, "event:")) == {e.kind for e in mine}
        assert run.name == run_name([(e.id, e.kind, e.request_id) for e in sorted(mine, key=lambda e: e.id)])
        assert run.state.is_completed(), (run.name, run.state)
    delivered = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert mails and {m.status for m in mails} <= {"sent", "cancelled"}
    assert sorted(delivered) == sorted(m.message_id for m in mails if m.status == "sent")
    assert set(delivered.values()) == {1}


def start_worker(name: str, tmp_path: Path, env: dict) -> subprocess.Popen:
    """A real `python -m flows.worker` named `name`, logging to tmp_path/<name>.log."""
    with open(tmp_path / f"{name}.log", "wb") as log:
        return subprocess.Popen([sys.executable, "-m", "flows.worker"], cwd=ROOT,
                                env=env | {"TEGENSPRAAK_WORKER_NAME": name}, stdout=log, stderr=subprocess.STDOUT)


def test_a_real_worker_killed_mid_run_its_event_is_taken_over_and_its_run_marked_crashed(
        prefect_api_url, pg_settings, tmp_path):
    """kill -9 during a flow run: another worker runs the event once after the lease, and its watcher marks the
    dead worker's run CRASHED instead of leaving it RUNNING for ever."""
    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        seed_demo(session)
    env = os.environ | {"PREFECT_API_URL": prefect_api_url, "TEGENSPRAAK_WORKER_POLL_SECONDS": "0.1",
                        "PREFECT_LOGGING_LEVEL": "INFO"}

    def start(name: str, **extra) -> subprocess.Popen:
        return start_worker(name, tmp_path, env | extra)

    victim = start("victim", TEGENSPRAAK_PAUSE_BEFORE_COMMIT="request.submitted",
                   TEGENSPRAAK_WATCHER_INTERVAL_SECONDS="3600")
    other = None
    try:
        wait_for(lambda: b"gestart" in (tmp_path / "victim.log").read_bytes(), 90, "the victim did not start")
        with Session(engine, expire_on_commit=False) as session:
            request_ids = submitted_requests(session, 3)
        wait_for(lambda: b"pauze voor de commit" in (tmp_path / "victim.log").read_bytes(), 60,
                 "the victim never paused")
        victim.kill()
        assert victim.wait(timeout=30) == -9
        with Session(engine) as s:  # the events of the victim's round (one, or all three if it claimed them at once)
            held = {e.id for e in s.exec(select(Event).where(Event.claimed_by == "victim")).all()}
        assert held
        other = start("heir", TEGENSPRAAK_WATCHER_INTERVAL_SECONDS="1")

        def held_runs():
            return [r for r in read_event_flow_runs(("victim", "heir"))
                    if {int(e) for e in tagged(r, "event-id:")} & held]

        def crashed_run():
            return [r for r in held_runs() if r.state.is_crashed()]

        def done() -> bool:
            assert other.poll() is None, (tmp_path / "heir.log").read_text()
            with Session(engine) as s:
                left = s.exec(select(Event).where(Event.processed_at.is_(None))).first()
            return left is None and bool(crashed_run())

        wait_for(done, 120, "the event was not taken over, or the dead run not marked crashed")
    finally:
        for worker in (victim, other):
            if worker is not None and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
    assert_each_processed_once(engine, request_ids, {"heir"})
    runs = held_runs()
    assert [r.state.type.value for r in runs if _tag(r.tags) == "victim"] == ["CRASHED"]
    heirs = [r for r in runs if _tag(r.tags) == "heir"]
    assert heirs and all(r.state.is_completed() for r in heirs)
    assert sorted(int(e) for r in heirs for e in tagged(r, "event-id:") if int(e) in held) == sorted(held)
    assert "De worker victim is verdwenen" in next(r for r in runs if r.state.is_crashed()).state.message


def test_a_worker_killed_after_its_runs_last_event_its_run_is_marked_crashed_and_nothing_is_lost(
        prefect_api_url, pg_settings, tmp_path):
    """kill -9 after every event of a run took effect, before the run's end reached Prefect: no lease is left to
    run out and no event to take over, yet the run does not stay RUNNING for ever: another worker's watcher marks
    it CRASHED two leases after its start, saying that nothing was lost."""
    engine = get_engine(pg_settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        seed_demo(session)
    env = os.environ | {"PREFECT_API_URL": prefect_api_url, "TEGENSPRAAK_WORKER_POLL_SECONDS": "0.1",
                        "TEGENSPRAAK_WORKER_LEASE_SECONDS": "3"}

    def start(name: str, **extra) -> subprocess.Popen:
        return start_worker(name, tmp_path, env | extra)

    late = start("late", TEGENSPRAAK_CRASH_BEFORE_COMMIT="run.end", TEGENSPRAAK_WATCHER_INTERVAL_SECONDS="3600")
    watcher = None
    try:
        wait_for(lambda: b"gestart" in (tmp_path / "late.log").read_bytes(), 90, "the worker did not start")
        with Session(engine, expire_on_commit=False) as session:
            [request_id] = submitted_requests(session, 1)
        assert late.wait(timeout=90) == 137, (tmp_path / "late.log").read_text()
        runs = read_event_flow_runs(("late",))
        assert [r.state.type.value for r in runs] == ["RUNNING"]
        watcher = start("watcher", TEGENSPRAAK_WATCHER_INTERVAL_SECONDS="1")
        wait_for(lambda: read_event_flow_runs(("late",))[0].state.is_crashed(), 90, "the run stayed RUNNING")
    finally:
        for worker in (late, watcher):
            if worker is not None and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
    assert_each_processed_once(engine, [request_id], {"late"})
    [run] = read_event_flow_runs(("late",))
    assert run.state.message.startswith("De worker late verwerkte alle gebeurtenissen van deze run")
    assert run.state.message.endswith("Er ging niets verloren.")
    assert read_event_flow_runs(("watcher",)) == []  # nothing was left for the watcher's worker to run


def _tag(tags: list[str]) -> str:
    return next(t.removeprefix("worker:") for t in tags if t.startswith("worker:"))


def test_a_worker_survives_a_prefect_api_that_answers_503_and_gives_the_event_back(settings, tmp_path):
    """The Prefect API away (here: a server that answers every request with 503, as Prefect's SQLite does when
    locked): the worker logs it, gives the event back for later, backs off and keeps running."""
    import http.server
    import threading

    class Unavailable(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"detail": "database is locked"}')

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    engine = get_engine(settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        submitted_requests(session, 1)
    env = os.environ | {"PREFECT_API_URL": f"http://127.0.0.1:{server.server_port}/api",
                        "PREFECT_CLIENT_MAX_RETRIES": "0", "TEGENSPRAAK_WORKER_POLL_SECONDS": "0.1",
                        "TEGENSPRAAK_WORKER_NAME": "w0", "TEGENSPRAAK_WORKER_RETRY_SECONDS": "60"}
    log = tmp_path / "w0.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen([sys.executable, "-m", "flows.worker"], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: b"niet verwerkt; later opnieuw" in log.read_bytes(), 90, "the event's run never failed")
        time.sleep(2)
        assert worker.poll() is None, log.read_text()
        with Session(engine) as s:
            [event] = s.exec(select(Event)).all()
        assert event.processed_at is None and event.attempts == 0 and event.claimed_by is None  # given back
        assert event.lease_until > datetime.now(UTC) + timedelta(seconds=30)  # free again from retry_seconds on
        assert b"de worker gaat over" in log.read_bytes()  # the watcher's run failed too: it backed off
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        server.shutdown()


def test_one_round_runs_its_events_in_one_flow_run_and_gives_back_only_the_one_that_failed(
        prefect_api_url, settings, session, demo, now, tmp_path, monkeypatch, caplog):
    """Three events claimed in one round: one flow run for the three. The render cannot write its document (the
    documents folder is a file): tried three times, then given back unprocessed; the two others take effect."""
    worker = "ronde-met-fout"  # a name no other test's worker has (the Prefect server is the module's)
    from flows.claims import get_worker_settings
    from flows.lifecycle import run_claimed, run_event_flow
    from models.dossier import load_dossier
    from tests.builders import drive_to

    ready = drive_to(session, demo, "ready", now, tmp_path / "documents")
    submitted = submitted_requests(session, 2)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("TEGENSPRAAK_DOCUMENTS_DIR", str(blocked))
    monkeypatch.setenv("TEGENSPRAAK_WORKER_RETRY_SECONDS", "600")
    get_settings.cache_clear()
    get_worker_settings.cache_clear()
    rounds = []

    def run(events):
        rounds.append(list(events))
        return run_event_flow(events, worker)

    assert run_claimed(worker, 100, run, batch=20) == 2  # the two that took effect
    get_worker_settings.cache_clear()

    assert [[kind for _, kind, _ in r] for r in rounds] == [["request.ready", "request.submitted",
                                                             "request.submitted"]]
    session.expire_all()
    render = session.exec(select(Event).where(Event.kind == "request.ready")).one()
    assert render.processed_at is None and render.attempts == 0 and render.claimed_by is None
    assert render.lease_until > datetime.now(UTC) + timedelta(seconds=500)  # given back, from retry_seconds on
    assert render.failures == 1 and render.given_up_at is None  # one failed round counted, not given up
    assert render.outcome.startswith("mislukt (ronde 1): NotADirectoryError") or \
        render.outcome.startswith("mislukt (ronde 1): FileExistsError"), render.outcome
    assert load_dossier(session, ready).request.state == "ready"
    for request_id in submitted:
        assert load_dossier(session, request_id).request.state == "in_tegenspraak"
    assert [r.getMessage() for r in caplog.records if r.getMessage().endswith("mislukt")] == [
        f"gebeurtenis {render.id} (request.ready): poging {n} mislukt" for n in (1, 2)]  # the third failed for good
    [run_] = read_event_flow_runs((worker,))
    assert run_.state.is_failed() and run_.name == f"verzoeken-{ready}-" + "-".join(map(str, submitted))


def test_an_event_failing_round_after_round_is_given_up_for_the_beheerder_who_can_have_it_retried(
        prefect_api_url, settings, session, demo, now, tmp_path, monkeypatch):
    """The render cannot write its document, round after round: at the worker's give_up_after the event is given
    up (claimed by nobody, the request flagged, audited). A failing run as a whole does not count. Once the cause is
    gone, the beheerder has it retried and the next round renders."""
    worker = "steeds-fout"
    from flows.claims import get_worker_settings
    from flows.lifecycle import run_claimed, run_event_flow
    from models.dossier import load_dossier
    from models.errors import NotAllowed, NotFound
    from models.request import Request
    from models.services.events import retry_given_up
    from tests.builders import actor, drive_to

    documents = tmp_path / "documents"
    ready = drive_to(session, demo, "ready", now, documents)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("TEGENSPRAAK_DOCUMENTS_DIR", str(blocked))
    monkeypatch.setenv("TEGENSPRAAK_WORKER_RETRY_SECONDS", "0")
    monkeypatch.setenv("TEGENSPRAAK_WORKER_GIVE_UP_AFTER", "2")
    get_settings.cache_clear()
    get_worker_settings.cache_clear()

    def run(events):
        return run_event_flow(events, worker)

    assert run_claimed(worker, 100, run, batch=20) == 0  # round 1 fails, round 2 fails and gives up, none left
    session.expire_all()
    render = session.exec(select(Event).where(Event.kind == "request.ready")).one()
    assert (render.failures, render.processed_at, render.claimed_by, render.lease_until) == (2, None, None, None)
    assert render.given_up_at is not None
    assert claim_events(session, worker="another", now=datetime.now(UTC) + timedelta(days=1),
                        lease=timedelta(seconds=30)) == []  # nobody claims it, however late
    request = session.get(Request, ready)
    note = (f"Automatische stap 'het verzoekschrift opmaken' (gebeurtenis {render.id}) is na 2 mislukte rondes "
            "stilgezet; de beheerder kan hem opnieuw laten proberen.")
    assert note in request.flagged
    [given_up] = session.exec(select(AuditEvent).where(AuditEvent.action == "event.given_up")).all()
    assert given_up.request_id == ready and given_up.details["failures"] == 2 and given_up.actor_id is None
    assert [r.state.type.value for r in read_event_flow_runs((worker,))] == ["FAILED", "FAILED"]

    with pytest.raises(NotAllowed):
        retry_given_up(session, actor=actor(session, demo, "utrecht/indiener"), request_id=ready, now=now)
    beheerder = actor(session, demo, "amsterdam-amstelland/beheerder")
    monkeypatch.setenv("TEGENSPRAAK_DOCUMENTS_DIR", str(documents))  # the cause is gone
    get_settings.cache_clear()
    assert retry_given_up(session, actor=beheerder, request_id=ready, now=now) == 1
    with pytest.raises(NotFound) as none_left:
        retry_given_up(session, actor=beheerder, request_id=ready, now=now)
    assert none_left.value.code == "no_given_up_event"
    session.expire_all()
    assert note not in session.get(Request, ready).flagged
    assert run_claimed(worker, 100, run, batch=20) == 1
    get_worker_settings.cache_clear()
    session.rollback()  # the worker wrote in another connection: a fresh read
    render = session.get(Event, render.id)
    assert load_dossier(session, ready).request.state == "rendered"
    assert render.processed_at is not None and render.failures == 0 and render.attempts == 1
    retried = session.exec(select(AuditEvent).where(AuditEvent.action == "event.retried")).one()
    assert retried.actor_id == beheerder.id and retried.details["failures"] == 2
