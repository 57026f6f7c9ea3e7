"""The deadline watcher served as a Prefect deployment (`python -m flows.scheduler`, TEGENSPRAAK_WATCHER=served):
its runs take effect on the application database and complete in Prefect; a worker with the watcher served leaves
it alone; an unknown TEGENSPRAAK_WATCHER is refused at the start. Real processes against a Prefect test server."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prefect import get_client
from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowFilter, FlowFilterName,
                                            FlowRunFilter, FlowRunFilterStartTime)
from prefect.client.schemas.sorting import FlowRunSort
from sqlmodel import Session, select

from flows.scheduler import DEPLOYMENT, RunsOnSchedule, served_watcher_flow
from flows.worker import WatcherUnknown, check_watcher
from models.audit import Event
from models.config import Settings
from models.db import get_engine
from models.hearing import HearingParty
from models.organisation import User
from models.services import drafting, hearing
from tests.builders import actor, drive_to, make_request, portal_args, settle_notifications

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT_NAME = f"{served_watcher_flow.name}/{DEPLOYMENT}"


@pytest.fixture(scope="module")
def prefect_api_url():
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    from flows.worker import no_heartbeats

    with prefect_test_harness(server_startup_timeout=90), no_heartbeats():
        yield PREFECT_API_URL.value()


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def start(module: str, log: Path, **env: str) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-m", module], cwd=ROOT, env=os.environ | env, stdout=out,
                                stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen, how: int = signal.SIGTERM) -> int:
    if process.poll() is None:
        process.send_signal(how)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def a_lapsed_letter(session, demo, settings, now) -> int:
    """A parent invited by letter twenty days before now, who did not answer: the deadline (14 days) has passed,
    but no watcher has seen it yet. Returns the party's id."""
    request_id = drive_to(session, demo, "in_tegenspraak", now - timedelta(days=30), settings.documents_dir)
    settle_notifications(session)
    mother = next(p for p in session.exec(select(HearingParty).where(HearingParty.request_id == request_id))
                  if p.kind != "child")
    sent = now - timedelta(days=20)
    party, _ = hearing.invite_party(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                                    party_id=mother.id, channel="brief", sent_at=sent, proof="aangetekend, 3SABC",
                                    now=sent, **portal_args())
    assert party.deadline < now and party.lapsed_at is None
    return party.id


def lapsed(engine, party_id: int) -> bool:
    with Session(engine) as s:
        return s.get(HearingParty, party_id).lapsed_at is not None


def deployment_runs() -> list:
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(DEPLOYMENT_NAME)
        return client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
                                     sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=200)


def runs_since(started: datetime, *flows: str) -> list:
    """The runs of these flows that started after `started`."""
    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=list(flows))),
            flow_run_filter=FlowRunFilter(start_time=FlowRunFilterStartTime(after_=started)),
            sort=FlowRunSort.START_TIME_ASC, limit=200)


def test_the_served_watcher_lapses_a_passed_deadline_in_runs_of_its_deployment(
        prefect_api_url, settings, session, demo, now, tmp_path):
    party_id = a_lapsed_letter(session, demo, settings, now)
    engine = get_engine(settings.database_url)
    log = tmp_path / "planner.log"
    planner = start("flows.scheduler", log, PREFECT_API_URL=prefect_api_url, TEGENSPRAAK_WATCHER="served",
                    TEGENSPRAAK_WATCHER_INTERVAL_SECONDS="2", PREFECT_LOGGING_LEVEL="INFO")
    try:
        def done() -> bool:
            assert planner.poll() is None, log.read_text()
            return lapsed(engine, party_id) and any(r.state.is_completed() for r in deployment_runs())

        wait_for(done, 120, "the served watcher did not lapse the deadline in a completed run")
    finally:
        code = stop(planner)
    assert code == 0, log.read_text()
    text = log.read_text()
    assert "bedient de deployment geplande-termijnbewaking/termijnbewaking, elke 2 s" in text
    assert "SIGTERM ontvangen; de planner laat een begonnen run afmaken en stopt" in text
    assert "gestopt; termijnbewaking staat op pauze" in text
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(DEPLOYMENT_NAME)
    assert deployment.paused  # stopped: no runs are made until the next start
    assert deployment.entrypoint == "flows/scheduler.py:served_watcher_flow"
    runs = deployment_runs()
    # Each run named after its slot, one a slot; none failed or crashed (a run that found another one going would
    # have been cancelled by the deployment's limit).
    assert all(r.name.startswith(f"{DEPLOYMENT}-") for r in runs)
    assert len({r.name for r in runs}) == len(runs)
    assert not [(r.name, r.state.type.value, r.state.message) for r in runs
                if r.state.is_failed() or r.state.is_crashed()]
    with Session(engine) as s:
        party = s.get(HearingParty, party_id)
    assert party.lapsed_at is not None and party.lapsed_at >= party.deadline  # once, on the flows' clock


def test_a_worker_with_the_watcher_served_processes_events_and_leaves_the_watcher(
        prefect_api_url, settings, session, demo, now, tmp_path):
    party_id = a_lapsed_letter(session, demo, settings, now)
    request_id = make_request(session, demo, now)
    drafting.submit_request(session, actor=session.get(User, demo.users["utrecht/indiener"]), request_id=request_id,
                            now=now)
    engine = get_engine(settings.database_url)
    started = datetime.now(UTC)
    log = tmp_path / "worker.log"
    worker = start("flows.worker", log, PREFECT_API_URL=prefect_api_url, TEGENSPRAAK_WATCHER="served",
                   TEGENSPRAAK_WORKER_NAME="zonder-bewaking", TEGENSPRAAK_WORKER_POLL_SECONDS="0.1",
                   TEGENSPRAAK_WATCHER_INTERVAL_SECONDS="1")
    try:
        def processed() -> bool:
            assert worker.poll() is None, log.read_text()
            with Session(engine) as s:
                if s.exec(select(Event).where(Event.processed_at.is_(None))).first() is not None:
                    return False
            return all(r.state.is_final() for r in runs_since(started, "verwerk-gebeurtenissen"))  # and the runs ended

        # A worker that ran the watcher would have run it first, before its first round of events.
        wait_for(processed, 120, "the worker did not process the events")
    finally:
        stop(worker)
    assert not lapsed(engine, party_id)
    assert runs_since(started, "termijnbewaking", served_watcher_flow.name) == []
    event_runs = runs_since(started, "verwerk-gebeurtenissen")
    assert event_runs and all(r.state.is_completed() for r in event_runs)
    assert "termijnbewaking: gediend (python -m flows.scheduler)" in log.read_text()


def test_an_unknown_watcher_is_refused_at_the_start(tmp_path):
    with pytest.raises(WatcherUnknown) as refused:
        check_watcher(Settings(watcher="cron"))
    assert refused.value.code == "watcher_unknown"
    assert "TEGENSPRAAK_WATCHER kent alleen 'worker'" in refused.value.message and "'cron'" in refused.value.message
    assert check_watcher(Settings(watcher="served")) == "served" and check_watcher(Settings()) == "worker"
    # Both entry points stop before anything runs (no Prefect API is needed to refuse).
    processes = {module: start(module, tmp_path / f"{module}.log", TEGENSPRAAK_WATCHER="cron",
                               PREFECT_API_URL="http://127.0.0.1:9/api")
                 for module in ("flows.worker", "flows.scheduler")}
    for module, process in processes.items():
        assert process.wait(timeout=60) != 0
        text = (tmp_path / f"{module}.log").read_text()
        assert "WatcherUnknown: TEGENSPRAAK_WATCHER kent alleen 'worker'" in text and "'cron'" in text, text


def test_the_planner_makes_one_run_a_slot_one_at_a_time_and_none_while_paused(prefect_api_url):
    """RunsOnSchedule without a Runner: the current slot's run at once, named after its slot; nothing more while
    it has not ended; one run per slot however many planners; nothing while the deployment is paused."""
    deployment_id = served_watcher_flow.to_deployment(DEPLOYMENT).apply()
    hour = timedelta(hours=1)
    at = datetime(2026, 11, 2, 9, 40, tzinfo=UTC)
    first, second = RunsOnSchedule(deployment_id, hour), RunsOnSchedule(deployment_id, hour)
    with get_client(sync_client=True) as client:
        try:
            assert first.make_run(at) == f"{DEPLOYMENT}-20261102-090000"
            assert first.make_run(at + timedelta(minutes=5)) is None  # the slot's run has not ended
            assert second.make_run(at) == f"{DEPLOYMENT}-20261102-090000"  # another planner: the same run
            assert first._last[1] == second._last[1]
            assert first.slot(at) == at.replace(minute=0) + hour  # once it ends, the next slot's run, made ahead
            client.pause_deployment(deployment_id)
            assert RunsOnSchedule(deployment_id, hour).make_run(at) is None
        finally:
            client.resume_deployment(deployment_id)
            client.delete_flow_run(first._last[1])
            client.pause_deployment(deployment_id)
