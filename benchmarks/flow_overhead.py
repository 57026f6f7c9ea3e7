"""What Prefect costs per event: the same assignment work run directly and as a flow run.

Seeds a fresh SQLite database, submits N requests, and processes their `request.submitted` events
(a) through the service alone and (b) through the Prefect flow, on a local temporary Prefect server.
"""

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

N = int(os.environ.get("BENCH_FLOW_EVENTS", "40"))


def _setup(directory: Path, n: int):
    os.environ["TEGENSPRAAK_DATABASE_URL"] = f"sqlite:///{directory / 'bench.db'}"
    os.environ["TEGENSPRAAK_DOCUMENTS_DIR"] = str(directory / "documents")
    from sqlmodel import Session

    from models.config import get_settings
    from models.db import get_engine
    from models.demo import demo_ots_content, seed_demo
    from models.organisation import User
    from models.services import drafting

    get_settings.cache_clear()
    settings = get_settings()
    session = Session(get_engine(settings.database_url), expire_on_commit=False)
    demo = seed_demo(session)
    for user in session.query(User).all():  # room for every request in the pool
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
        from adapters.wiring import event_setting
        from models.services.events import pending_event_ids, process_event

        session, settings = _setup(Path(tmp) / "direct", N)
        direct = []
        for event_id in pending_event_ids(session, N):
            started = time.perf_counter()
            process_event(session, event_id=event_id, now=datetime.now(UTC), setting=event_setting(settings))
            direct.append(time.perf_counter() - started)
        session.close()

        from prefect.testing.utilities import prefect_test_harness

        from flows.lifecycle import assignment_flow
        from flows.worker import no_heartbeats

        started = time.perf_counter()
        with prefect_test_harness(server_startup_timeout=90), no_heartbeats():
            server_start = time.perf_counter() - started
            session, settings = _setup(Path(tmp) / "flows", N)
            ids = pending_event_ids(session, N)
            session.close()
            flows = []
            for event_id in ids:
                started = time.perf_counter()
                assignment_flow(event_id)
                flows.append(time.perf_counter() - started)

    def ms(values, q):
        return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000

    print(f"Prefect-overhead per event ({N} toewijzingen, SQLite, heartbeats uit)")
    print(f"  temporary Prefect server start       {server_start:6.1f} s")
    print(f"  direct (service)      p50 {ms(direct, 50):7.1f} ms   p99 {ms(direct, 99):7.1f} ms")
    print(f"  as a flow run         p50 {ms(flows, 50):7.1f} ms   p99 {ms(flows, 99):7.1f} ms")
    print(f"  overhead per flow run p50 {ms(flows, 50) - ms(direct, 50):7.1f} ms")


if __name__ == "__main__":
    main()
