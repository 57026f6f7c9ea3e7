"""Remake the previous release's databases in tests/data/ (used by tests/models/test_migrations.py).

    .venv/bin/python tests/data/make_previous_release.py [--postgres-url postgresql+psycopg://.../an_empty_db]

Takes the code of the previous release (git a369605, stop 15) out of git into a temporary directory and runs *that*
code: its create_schema (create_all and the triggers, no migrations yet), its demo seed, a request with its
revision and audit events, an e-mail to a professional. Then dumps the database as SQL:
previous_release.sqlite.sql (always) and previous_release.postgresql.sql (with --postgres-url; pg_dump of the
server's major version on PATH or in /usr/lib/postgresql/<version>/bin). The tests load a dump, upgrade it with
today's code and check that the rows are intact and the audit chain still verifies."""

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

RELEASE = "a369605"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# Runs inside the old tree, with the old code on sys.path. Fixed time, fixed ids: the dumps only change when the
# old code is re-run on purpose.
MAKE = """
from datetime import UTC, datetime
from sqlmodel import Session
from models.db import create_schema, make_engine
from models.demo import seed_demo
from models.services.mailing import queue_mail
from tests.builders import make_request

now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
engine = make_engine(sys.argv[1])
create_schema(engine)
with Session(engine, expire_on_commit=False) as session:
    demo = seed_demo(session)
    request_id = make_request(session, demo, now)
    queue_mail(session, request_id=request_id, party_id=None, user_id=demo.users["utrecht/collega"],
               kind="seat_assigned", dedupe_key="fixture-seat-1", to="collega@example.org",
               subject="U bent ingedeeld", body="Zie {portal_link} voor {deadline}.", now=now)
    session.commit()
engine.dispose()
"""


def old_tree(into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", RELEASE], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run_old_code(tree: Path, url: str, workdir: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(tree), "TEGENSPRAAK_DEMO": "1",
                        "TEGENSPRAAK_SECRET_KEY": "fixture-key-not-secret-" + "x" * 32,
                        "TEGENSPRAAK_DATABASE_URL": url, "TEGENSPRAAK_DOCUMENTS_DIR": str(workdir / "documents")}
    env.pop("TEGENSPRAAK_CLOCK_START", None)
    subprocess.run([sys.executable, "-c", "import sys\n" + MAKE, url], cwd=tree, env=env, check=True)


def dump_sqlite(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return "\n".join(connection.iterdump()) + "\n"
    finally:
        connection.close()


def pg_dump_binary() -> str:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), reverse=True):
        return str(candidate)
    return "pg_dump"


def dump_postgres(url: str) -> str:
    u = make_url(url)
    env = os.environ | ({"PGPASSWORD": u.password} if u.password else {})
    out = subprocess.run([pg_dump_binary(), "--inserts", "--no-owner", "--no-privileges", "--no-comments",
                          "-h", u.host or "localhost", "-p", str(u.port or 5432), "-U", u.username or "postgres",
                          u.database], env=env, check=True, capture_output=True, text=True).stdout
    # psql's meta-commands (\\restrict) and the emptied search_path are for psql; the tests load it with psycopg.
    out = "\n".join(line for line in out.splitlines() if not line.startswith("\\"))
    return re.sub(r"SELECT pg_catalog\.set_config\('search_path', '', false\);\n", "", out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", help="an empty PostgreSQL database (it is filled by the old code)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tegenspraak-previous-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "tree").mkdir()
        tree = old_tree(tmp_path / "tree")
        db = tmp_path / "previous.db"
        run_old_code(tree, f"sqlite:///{db}", tmp_path)
        (HERE / "previous_release.sqlite.sql").write_text(dump_sqlite(db))
        print(f"{HERE / 'previous_release.sqlite.sql'}")
        if args.postgres_url:
            run_old_code(tree, args.postgres_url, tmp_path)
            (HERE / "previous_release.postgresql.sql").write_text(dump_postgres(args.postgres_url))
            print(f"{HERE / 'previous_release.postgresql.sql'}")


if __name__ == "__main__":
    main()
