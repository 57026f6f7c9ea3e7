"""What Prefect costs per event: the same assignment work run directly, as a flow run per event, and as the
worker runs it (the events it claimed in one round in one flow run), and an empty flow run.

Seeds a fresh SQLite database, submits N requests, and processes their `request.submitted` events
(a) through the service alone, (b) one flow run per event (the worker's batch size 1), (c) in flow runs of
BENCH_FLOW_BATCH events (the worker's default batch size), on a local temporary Prefect server.
"""

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

N = int(os.environ.get("BENCH_FLOW_EVENTS", "40"))
BATCH = int(os.environ.get("BENCH_FLOW_BATCH", "20"))


def _setup(directory: Path, n: int):
    os.environ["TEGENSPRAAK_DATABASE_URL"] = f"sqlite:///{directory / 'bench.db'}"
    os.environ["TEGENSPRAAK_DOCUMENTS_DIR"] = str(directory / "documents")
    from sqlmodel import Session, select

    from models.config import get_settings
    from models.db import get_engine
    from models.demo import demo_ots_content, seed_demo
    from models.organisation import User
    from models.services import drafting

    get_settings.cache_clear()
    settings = get_settings()
    session = Session(get_engine(settings.database_url), expire_on_commit=False)
    demo = seed_demo(session)
    for user in session.exec(select(User)).all():  # room for every request in the pool
        user.capacity = 10_000
    session.commit()
    indiener = session.get(User, demo.users["utrecht/indiener"])
    now = datetime.now(UTC)
    for _ in range(n):
        case = drafting.create_case(session, actor=indiener, family_id=demo.family_id, title="bench",
                                    team_user_ids=[], now=now)
        request = drafting.create_request(session, actor=indiener, case_id=case.id,
                                          content=drafting.parse_content(demo_ots_content(demo, now)), spoed=False,
                                          now=now)
        drafting.submit_request(session, actor=indiener, request_id=request.id, now=now)
    return session, settings


def main() -> None:
    from scripts.prefect_env import configure

    with tempfile.TemporaryDirectory() as tmp:
        configure(prefect_home=Path(tmp) / "prefect")
        from models.services.events import pending_event_ids

        from flows.lifecycle import process_claimed_event

        session, settings = _setup(Path(tmp) / "direct", N)
        ids = pending_event_ids(session, N)
        session.close()
        direct = []
        for event_id in ids:  # what the flow run does, without the engine: its own session per event
            started = time.perf_counter()
            process_claimed_event(event_id, "request.submitted")
            direct.append(time.perf_counter() - started)

        from prefect.testing.utilities import prefect_test_harness

        from prefect import flow, tags

        from flows.lifecycle import run_event_flow

        @flow(name="leeg", flow_run_name="verzoek-{request_id}-leeg", persist_result=False)
        def empty_flow(request_id: int) -> int:
            return request_id

        from models.audit import Event
        from flows.worker import quick_runs

        started = time.perf_counter()
        with prefect_test_harness(server_startup_timeout=90), quick_runs():
            server_start = time.perf_counter() - started
            session, settings = _setup(Path(tmp) / "flows", N)
            events = [(e, session.get(Event, e).request_id) for e in pending_event_ids(session, N)]
            session.close()
            empty = []
            for i in range(N):  # Prefect alone: a flow run that does nothing, named and tagged like ours
                started = time.perf_counter()
                with tags(f"request:{i}", "event:leeg"):
                    empty_flow(i)
                empty.append(time.perf_counter() - started)
            flows = []
            for event_id, request_id in events:  # batch size 1: a run per event, named and tagged after it
                started = time.perf_counter()
                run_event_flow([(event_id, "request.submitted", request_id)], "bench")
                flows.append(time.perf_counter() - started)
            session, settings = _setup(Path(tmp) / "batched", N)
            events = [(e, "request.submitted", session.get(Event, e).request_id) for e in pending_event_ids(session, N)]
            session.close()
            batched = []  # per event, of runs of BATCH events as the worker runs a round
            for i in range(0, len(events), BATCH):
                started = time.perf_counter()
                run_event_flow(events[i:i + BATCH], "bench")
                batched.extend([(time.perf_counter() - started) / len(events[i:i + BATCH])] * len(events[i:i + BATCH]))

    def ms(values, q):
        return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000

    print(f"Prefect-overhead per event ({N} toewijzingen, SQLite, heartbeats uit, één Prefect-client)")
    print(f"  temporary Prefect server start       {server_start:6.1f} s")
    print(f"  direct (service)      p50 {ms(direct, 50):7.1f} ms   p99 {ms(direct, 99):7.1f} ms")
    print(f"  as a flow run         p50 {ms(flows, 50):7.1f} ms   p99 {ms(flows, 99):7.1f} ms")
    print(f"  an empty flow run     p50 {ms(empty, 50):7.1f} ms   p99 {ms(empty, 99):7.1f} ms")
    print(f"  overhead per flow run p50 {ms(flows, 50) - ms(direct, 50):7.1f} ms")
    print(f"  per event in runs of {BATCH:>3} p50 {ms(batched, 50):7.1f} ms   (overhead per event "
          f"{ms(batched, 50) - ms(direct, 50):.1f} ms)")


if __name__ == "__main__":
    main()
