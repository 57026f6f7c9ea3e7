"""The real worker (`python -m flows.worker`) killed with SIGKILL at 20 random moments across a whole OTS case
(submit → panel → e-mail invitations to a real SMTP server → responses → verdicts → sign-offs → render) and
restarted each time. Afterwards nothing is lost and nothing is doubled: no e-mail delivered twice, every event
processed, one document per revision and kind, no audit event twice.

The seed is printed; rerun one with TEGENSPRAAK_CRASH_SEED=<seed>."""

import os
import random
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
from models.mail import MailMessage
from scripts.demo import play
from tests.builders import deliverable_addresses

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
# One entry per time scripts/demo.play lets the flows catch up.
KILLS_PER_STAGE = {"indienen en toewijzen": 4, "hoor en wederhoor (e-mail)": 5, "oordelen": 4,
                   "ondertekenen en gereedmelden": 4, "opmaken": 3}
SMTP_TIMEOUT = 0.5  # the worker treats a message 'sending' for 8 x this + 2 s as interrupted


@pytest.fixture(scope="module")
def prefect_api_url():
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    from flows.worker import no_heartbeats

    with prefect_test_harness(server_startup_timeout=90), no_heartbeats():
        yield PREFECT_API_URL.value()


class Worker:
    """The worker as its own process, started and killed like the operating system would."""

    def __init__(self, prefect_api_url: str, log_dir: Path):
        self.prefect_api_url, self.log_dir = prefect_api_url, log_dir
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.kills: list[tuple[str, float]] = []

    def start(self) -> None:
        self.starts += 1
        self.log = self.log_dir / f"worker-{self.starts}.log"
        env = os.environ | {"PREFECT_API_URL": self.prefect_api_url, "TEGENSPRAAK_WATCHER_INTERVAL_SECONDS": "3600",
                            "TEGENSPRAAK_WORKER_POLL_SECONDS": "0.1",
                            "TEGENSPRAAK_SMTP_TIMEOUT_SECONDS": str(SMTP_TIMEOUT), "PREFECT_LOGGING_LEVEL": "INFO",
                            # A worker killed mid-event holds its claim until the lease runs out (flows/claims.py).
                            "TEGENSPRAAK_WORKER_LEASE_SECONDS": "3"}
        env.pop("TEGENSPRAAK_CRASH_BEFORE_COMMIT", None)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "flows.worker"], cwd=ROOT, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)

    def wait_started(self, timeout: float = 60) -> None:
        """Until the worker logged its start: from then on it is doing the work (the watcher runs first)."""
        deadline = time.monotonic() + timeout
        while b"gestart" not in self.log.read_bytes():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.02)

    def kill(self, stage: str, after: float) -> None:
        self.process.kill()  # SIGKILL: no clean-up, no finally
        self.process.wait(timeout=30)
        assert self.process.returncode == -9
        log = self.log.read_text(errors="replace")
        running = log.count("Beginning flow run") - log.count("Finished in state")
        self.kills.append((stage, after, "midden in een flow" if running > 0 else "tussen flows"))

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            self.process.wait(timeout=30)


def test_a_worker_killed_at_random_twenty_times_loses_and_doubles_nothing(prefect_api_url, settings, engine, demo,
                                                                          smtp_server, tmp_path):
    with Session(engine) as s:
        deliverable_addresses(s)  # the reviewers get mail too (models.services.notify)
    seed = int(os.environ.get("TEGENSPRAAK_CRASH_SEED", random.SystemRandom().randrange(2**32)))
    print(f"\ncrash test seed: {seed} (TEGENSPRAAK_CRASH_SEED={seed} to replay)")
    rng = random.Random(seed)
    worker = Worker(prefect_api_url, tmp_path)
    stages = iter(KILLS_PER_STAGE.items())
    started = time.monotonic()

    def settled() -> bool:
        with Session(engine) as s:
            events_left = s.exec(select(Event).where(Event.processed_at.is_(None))).first()
            mail_left = s.exec(select(MailMessage).where(MailMessage.status.in_(("pending", "sending")))).first()
        return events_left is None and mail_left is None

    def run_flows():
        """Between the API steps of the case: kill the worker at random moments while it works, then let it
        catch up."""
        stage, kills = next(stages)
        for _ in range(kills):
            if not worker.alive():
                worker.start()
            worker.wait_started()
            after = rng.uniform(0, 1.5)
            time.sleep(after)
            worker.kill(stage, after)
            worker.start()
        deadline = time.monotonic() + 90
        while not settled():
            assert time.monotonic() < deadline, f"the worker did not catch up after '{stage}'"
            if not worker.alive():
                worker.start()
            time.sleep(0.1)

    worker.start()
    try:
        with TestClient(create_app(settings)) as client:
            request = play(client, run_flows, demo, say=lambda s: None)
    finally:
        worker.stop()
    print(f"{len(worker.kills)} kills, {worker.starts} starts, {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{stage} +{after:.2f}s {where}" for stage, after, where in worker.kills))
    assert len(worker.kills) == 20
    assert request["state"] == "rendered"

    with Session(engine) as s:
        events = s.exec(select(Event)).all()
        mails = s.exec(select(MailMessage)).all()
        documents = s.exec(select(CourtDocument)).all()
        audit = s.exec(select(AuditEvent).where(AuditEvent.request_id == request["id"])).all()

    # No event lost: every one processed.
    assert events and all(e.processed_at is not None for e in events), [e.kind for e in events if not e.processed_at]

    # No e-mail delivered twice: the SMTP server's messages against the mail rows, by Message-ID and per party.
    delivered = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert max(delivered.values()) == 1, delivered
    rows = {m.message_id: m for m in mails if m.message_id}
    assert set(delivered) <= set(rows), "a message no row accounts for"
    for mail in mails:
        # A notification to a professional whose reason passed before it went (a signature set) is cancelled.
        allowed = ("sent", "uncertain", "cancelled") if mail.user_id else ("sent", "uncertain")
        assert mail.status in allowed, (mail.id, mail.status, mail.last_error)
        if mail.status == "sent":
            assert delivered[mail.message_id] == 1, mail.id
    per_party = Counter((rows[mid].party_id, rows[mid].kind) for mid in delivered)
    rows_per_party = Counter((m.party_id, m.kind) for m in mails)
    assert all(per_party[key] <= rows_per_party[key] for key in per_party)
    invitations = [m for m in mails if m.kind == "invitation"]
    assert len(invitations) == 2 and len({m.party_id for m in invitations}) == 2
    notified = Counter(m.kind for m in mails if m.user_id)  # the professionals: once per reason
    assert (notified["seat_assigned"], notified["approved"], notified["rendered"]) == (3, 1, 1), notified

    # One document per (revision, kind), each file exactly what its row says, no stray files.
    assert max(Counter((d.revision_id, d.kind) for d in documents).values()) == 1
    assert len(documents) == 5  # verzoekschrift, report, a letter per parent, the child letter
    for document in documents:
        import hashlib

        assert hashlib.sha256(Path(document.path).read_bytes()).hexdigest() == document.sha256
    assert sorted(settings.documents_dir.rglob("*.docx")) == sorted(Path(d.path) for d in documents)
    assert not list(settings.documents_dir.rglob("*.tmp"))

    # No audit event twice.
    counts = Counter(a.action for a in audit)
    assert counts["document.rendered"] == 5 and counts["request.approved"] == 1 and counts["request.ready"] == 1
    assert counts["seat.assigned"] == 3
    assert max(Counter(a.details["document_id"] for a in audit if a.action == "document.rendered").values()) == 1
    sent_audits = Counter(a.details["mail_id"] for a in audit if a.action == "mail.sent")
    assert not sent_audits or max(sent_audits.values()) == 1
    assert set(sent_audits) == {m.id for m in mails if m.status == "sent"}
    uncertain_audits = Counter(a.details["mail_id"] for a in audit if a.action == "mail.uncertain")
    assert set(uncertain_audits) == {m.id for m in mails if m.status == "uncertain"}
    assert not uncertain_audits or max(uncertain_audits.values()) == 1
    signature = Counter((a.action, a.actor_id, a.revision_number, repr(sorted(a.details.items()))) for a in audit)
    assert max(signature.values()) == 1, [k for k, v in signature.items() if v > 1]
