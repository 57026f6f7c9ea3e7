"""What the access log costs per read: a request read with its check and log record, against the same read
with the same check but no record.

Assumptions: SQLite in WAL mode on the local disk (the embedded default), one reader at a time, a log that
already holds N_LOG earlier records (the index on family_id and request_id grows with it). The log write is a
separate short write transaction before the data is returned (a failed write refuses the read), so on SQLite
every read takes the write lock briefly: concurrent readers queue on it. PostgreSQL is not measured here.
"""

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

N = int(os.environ.get("BENCH_ACCESS_READS", "400"))
N_LOG = int(os.environ.get("BENCH_ACCESS_LOG_ROWS", "200000"))


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tegenspraak-bench-access-") as tmp:
        os.environ["TEGENSPRAAK_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["TEGENSPRAAK_DOCUMENTS_DIR"] = str(Path(tmp) / "documents")
        os.environ.setdefault("TEGENSPRAAK_SECRET_KEY", "benchmark-key")
        from sqlmodel import Session

        from models.access_log import AccessLogEntry
        from models.case import Case
        from models.config import get_settings
        from models.db import get_engine
        from models.demo import demo_ots_content, seed_demo
        from models.dossier import load_dossier
        from models.organisation import User
        from models.request import Request
        from models.services import access, drafting

        get_settings.cache_clear()
        engine = get_engine(get_settings().database_url)
        session = Session(engine, expire_on_commit=False)
        demo = seed_demo(session)
        indiener = session.get(User, demo.users["utrecht/indiener"])
        now = datetime.now(UTC)
        case = drafting.create_case(session, actor=indiener, family_id=demo.family_id, title="bench",
                                    team_user_ids=[], now=now)
        request = drafting.create_request(session, actor=indiener, case_id=case.id, spoed=False, now=now,
                                          content=drafting.parse_content(demo_ots_content(demo, now)))
        session.bulk_save_objects([AccessLogEntry(at=now, user_id=indiener.id, object_type="request",
                                                  object_id=i, request_id=i, family_id=i % 5000, outcome="granted")
                                   for i in range(N_LOG)])
        session.commit()

        def plain() -> None:
            r = session.get(Request, request.id)
            assert access.request_basis(session, indiener, r, session.get(Case, r.case_id))
            load_dossier(session, request.id)
            session.commit()

        def logged() -> None:
            access.open_request(session, actor=indiener, request_id=request.id, part="request", now=now)
            session.commit()

        for _ in range(20):
            plain()
            logged()
        samples: dict[str, list[float]] = {"zonder log": [], "met log": []}
        for _ in range(N):  # interleaved, so load from elsewhere on the machine hits both alike
            for name, fn in (("zonder log", plain), ("met log", logged)):
                start = time.perf_counter()
                fn()
                samples[name].append(time.perf_counter() - start)
        results = {name: _percentiles(values) for name, values in samples.items()}
        session.close()
    (p50_plain, p99_plain), (p50_log, p99_log) = results["zonder log"], results["met log"]
    print(f"Access log per read (SQLite WAL, {N} reads, {N_LOG:,} earlier log rows)")
    print(f"  read + check, no record : p50 {p50_plain:.2f} ms  p99 {p99_plain:.2f} ms")
    print(f"  read + check + record   : p50 {p50_log:.2f} ms  p99 {p99_log:.2f} ms")
    print(f"  overhead of the record  : p50 {p50_log - p50_plain:+.2f} ms  p99 {p99_log - p99_plain:+.2f} ms")


if __name__ == "__main__":
    main()
