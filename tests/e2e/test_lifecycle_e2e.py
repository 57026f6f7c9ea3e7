"""End to end: the demo case through the API and real Prefect flows; a crashed worker loses and duplicates nothing."""

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.app import create_app
from models.audit import AuditEvent, Event
from models.court_document import CourtDocument
from models.documents import LEFTOVER_TAG_PATTERN, docx_text
from scripts.demo import play

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def prefect_api_url():
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    from flows.worker import no_heartbeats

    with prefect_test_harness(server_startup_timeout=90), no_heartbeats():
        yield PREFECT_API_URL.value()


def check_court_document(path: Path) -> str:
    text = docx_text(path.read_bytes())
    for expected in ("Rechtbank Midden-Nederland", "Noah Jansen", "Sanne Jansen", "Youssef el Amrani",
                     "art. 1:255 BW", "12 maanden", "Ik vind een ondertoezichtstelling te zwaar",
                     "Hulp is goed, maar niet via de rechter", "Ik wil gewoon dat het thuis rustig is",
                     "Fatima el Amrani"):
        assert expected in text, expected
    assert not LEFTOVER_TAG_PATTERN.search(text)
    assert "None" not in text
    return text


def test_the_demo_case_runs_through_api_and_flows(prefect_api_url, settings, session, demo):
    from flows.lifecycle import run_pending

    flow_runs = []

    def run_flows():
        started = time.perf_counter()
        n = run_pending()
        flow_runs.append((n, time.perf_counter() - started))

    with TestClient(create_app(settings)) as client:
        request = play(client, run_flows, demo, say=lambda s: None)
    assert request["state"] == "rendered"
    document = session.get(CourtDocument, request["documents"][0]["id"])
    text = check_court_document(Path(document.path))
    for seat in request["panel"]:
        assert seat["name"] in text and seat["region"] in text
        assert seat["region"] != "RVT Utrecht"
    runs = sum(n for n, _ in flow_runs)
    seconds = sum(t for _, t in flow_runs)
    print(f"\nPrefect: {runs} flow runs in {seconds:.2f} s, {seconds / max(runs, 1) * 1000:.0f} ms per run")
    # The verification code in the document verifies, and a changed copy does not.
    with TestClient(create_app(settings)) as client:
        code = document.verification_code
        assert code in text
        ok = client.post(f"/verify/{code}", files={"file": ("v.docx", Path(document.path).read_bytes())}).json()
        assert ok["bytes_unchanged"] is True and ok["request_id"] == request["id"]
        assert {s["role"] for s in ok["signed_by"]} == {"jurist", "gedragswetenschapper"}
        bad = client.post(f"/verify/{code}", files={"file": ("v.docx", Path(document.path).read_bytes() + b"x")})
        assert bad.json()["bytes_unchanged"] is False


def _start_worker(crash_at: str | None, prefect_api_url: str) -> subprocess.Popen:
    env = os.environ | {"PREFECT_API_URL": prefect_api_url, "TEGENSPRAAK_WATCHER_INTERVAL_SECONDS": "3600",
                        "TEGENSPRAAK_WORKER_POLL_SECONDS": "0.2"}
    env.pop("TEGENSPRAAK_CRASH_BEFORE_COMMIT", None)
    if crash_at:
        env["TEGENSPRAAK_CRASH_BEFORE_COMMIT"] = crash_at
    return subprocess.Popen([sys.executable, "-m", "flows.worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("crash_at", ["request.ready", "request.submitted"])
def test_a_worker_killed_mid_event_is_restarted_and_completes_the_case_once(prefect_api_url, settings, engine, demo,
                                                                            crash_at):
    """The worker dies hard (exit 137) after doing an event's work, before committing it; restarted, it finishes
    the case with exactly one document and no duplicated audit events."""
    state = {"worker": _start_worker(crash_at, prefect_api_url), "crashes": []}

    def outbox_empty() -> bool:
        with Session(engine) as s:
            return s.exec(select(Event).where(Event.processed_at.is_(None))).first() is None

    def run_flows():
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if state["worker"].poll() is not None:
                state["crashes"].append(state["worker"].returncode)
                state["worker"] = _start_worker(None, prefect_api_url)
            if outbox_empty():
                return
            time.sleep(0.2)
        raise AssertionError("the worker did not empty the outbox in time")

    try:
        with TestClient(create_app(settings)) as client:
            request = play(client, run_flows, demo, say=lambda s: None)
    finally:
        state["worker"].terminate()
        state["worker"].wait(timeout=30)
    assert state["crashes"] == [137]
    with Session(engine) as s:
        documents = s.exec(select(CourtDocument).where(CourtDocument.kind == "verzoekschrift")).all()
        assert len(documents) == 1 and documents[0].request_id == request["id"]
        assert len(s.exec(select(CourtDocument)).all()) == 5  # with a letter per parent, the child letter, the report
        audit = s.exec(select(AuditEvent).where(AuditEvent.request_id == request["id"])).all()
    assert len(list(settings.documents_dir.rglob("verzoekschrift-*.docx"))) == 1
    assert len(list(settings.documents_dir.rglob("*.docx"))) == 5
    assert not list(settings.documents_dir.rglob("*.tmp"))
    check_court_document(Path(documents[0].path))
    counts = Counter(a.action for a in audit)
    assert counts["document.rendered"] == 5 and counts["request.approved"] == 1 and counts["request.ready"] == 1
    assert counts["seat.assigned"] == 3
    signature = Counter((a.action, a.actor_id, a.revision_number, repr(sorted(a.details.items()))) for a in audit)
    assert max(signature.values()) == 1, [k for k, v in signature.items() if v > 1]
