"""`tegenspraak verify-audit` on a large trail: a SQLite database with N chained audit events (default
1,000,000), built with a fast bulk insert that chains them with the same hash function the application uses,
then verified by `verify_audit` in a fresh process (so its peak memory is its own).

    python -m benchmarks.verify_audit [--events N] [--keep PATH]"""

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

N = int(os.environ.get("BENCH_AUDIT_EVENTS", "1000000"))
CHUNK = 50_000
ACTIONS = ["party.invited", "party.responded", "assessments.recorded", "verdict.recorded", "signoff.recorded",
           "document.rendered", "mail.sent"]


def build(path: Path, n: int) -> float:
    """Create the schema (tables and triggers) and insert n chained events; returns the seconds it took."""
    from models.audit import GENESIS_HASH, event_hash
    from models.db import create_schema, make_engine

    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    engine.dispose()
    started = time.perf_counter()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    start, prev_hash, rows = datetime(2026, 1, 5, 8, 0, tzinfo=UTC), GENESIS_HASH, []
    sql = ("INSERT INTO auditevent (id, at, actor_id, actor, action, request_id, revision_id, revision_number, "
           "details, prev_hash, hash) VALUES (?, ?, NULL, ?, ?, NULL, NULL, ?, ?, ?, ?)")
    db.execute("BEGIN")
    for i in range(1, n + 1):
        at = start + timedelta(seconds=i * 7, microseconds=i % 1000)
        action = ACTIONS[i % len(ACTIONS)]
        actor = "systeem" if i % 3 else "Fatima el Amrani"
        details = {"party_id": i % 97, "channel": "email", "note": f"gebeurtenis {i}", "sha256": "ab" * 32}
        digest = event_hash(id=i, at=at, actor_id=None, actor=actor, action=action, request_id=None,
                            revision_id=None, revision_number=i % 4 or None, details=details, prev_hash=prev_hash)
        rows.append((i, at.strftime("%Y-%m-%d %H:%M:%S.%f"), actor, action, i % 4 or None, json.dumps(details),
                     prev_hash, digest))
        prev_hash = digest
        if len(rows) == CHUNK:
            db.executemany(sql, rows)
            rows.clear()
    db.executemany(sql, rows)
    db.execute("COMMIT")
    db.close()
    return time.perf_counter() - started


def verify_only(path: Path) -> None:
    """Runs in its own process: time verify_audit and report its own peak memory."""
    from sqlmodel import Session

    from models.db import make_engine
    from models.services.integrity import verify_audit

    engine = make_engine(f"sqlite:///{path}")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with Session(engine) as session:
        result = verify_audit(session)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"ok": result.ok, "checked": result.checked, "seconds": seconds, "peak_kib": peak,
                      "baseline_kib": baseline}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.verify_audit")
    parser.add_argument("--events", type=int, default=N)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the database at this path")
    parser.add_argument("--verify-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.verify_only:
        verify_only(args.verify_only)
        return
    with tempfile.TemporaryDirectory(prefix="tegenspraak-bench-audit-") as tmp:
        path = args.keep or Path(tmp) / "audit.db"
        built = None
        if not path.exists():
            built = build(path, args.events)
        done = subprocess.run([sys.executable, "-m", "benchmarks.verify_audit", "--verify-only", str(path)],
                              capture_output=True, text=True, check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        size = path.stat().st_size
    print(f"verify-audit over {figures['checked']:,} chained audit events (SQLite, {size / 2**20:.0f} MB)")
    if built is not None:
        print(f"  build (bulk insert, chained)  {built:8.1f} s")
    print(f"  verify                        {figures['seconds']:8.1f} s   "
          f"{figures['checked'] / figures['seconds']:,.0f} events/s   intact: {figures['ok']}")
    print(f"  peak RSS of the verifier      {figures['peak_kib'] / 1024:8.0f} MB   "
          f"(after start-up {figures['baseline_kib'] / 1024:.0f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
