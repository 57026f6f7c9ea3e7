"""Test set-up: Prefect isolated before it is imported; a real database per test, SQLite or PostgreSQL.

Which database: `TEGENSPRAAK_TEST_POSTGRES_URL` unset, a fresh SQLite file per test; set to a PostgreSQL admin URL
(`scripts/postgres.sh url`, e.g. postgresql+psycopg://postgres@127.0.0.1:54329/postgres), a fresh PostgreSQL
database per test, copied from a template that holds the schema (made once per pytest run). Either way
TEGENSPRAAK_DATABASE_URL points at it, so a served app and a worker in their own processes use it too.
`make test` runs the suite both ways; `make test-sqlite` / `make test-postgres` run one.
"""

import os
import tempfile

_prefect_home = tempfile.mkdtemp(prefix="tegenspraak-prefect-")
os.environ.setdefault("PREFECT_HOME", _prefect_home)
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from datetime import UTC, datetime  # noqa: E402

import pytest  # noqa: E402
from sqlmodel import Session  # noqa: E402

from adapters.clock import SystemClock  # noqa: E402
from models.config import Settings, get_settings  # noqa: E402
from models.db import get_engine  # noqa: E402
from models.demo import seed_demo  # noqa: E402

# The tests' moment. No test reads the real date: what holds today must hold in 2032 too.
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


from tests.postgres import PostgresServer, admin_url_from_env  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test works on the SQLite file itself (sqlite3, sqlite_master, json_set); "
                   "skipped in the PostgreSQL pass, with the reason given")


def pytest_collection_modifyitems(config, items):
    if not admin_url_from_env():
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "works on the SQLite file")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(scope="session")
def postgres_server() -> PostgresServer | None:
    """The PostgreSQL server tests get databases from: the one TEGENSPRAAK_TEST_POSTGRES_URL names, else the
    local test cluster (scripts/postgres.sh) when it runs; None when neither answers. Drops its template (and
    the databases of test runs that were killed) at the end."""
    server = PostgresServer.find()
    yield server
    if server is not None:
        server.close()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty-but-for-the-schema PostgreSQL database of its own, whatever the pass (SQLite or
    PostgreSQL): for tests that must run on PostgreSQL, e.g. several workers claiming events with row locks.

    Contract: the value is a SQLAlchemy URL (postgresql+psycopg://...) of a database that exists only for this
    test, with the schema already in it (as `get_engine` makes it), dropped at teardown (connections still open
    then are ended). It is not wired into `settings`: a test that wants the app or a worker on it sets
    TEGENSPRAAK_DATABASE_URL itself (monkeypatch.setenv, then `get_settings.cache_clear()`). In the PostgreSQL
    pass it is a different database from the one `settings` points at.

    No server (TEGENSPRAAK_TEST_POSTGRES_URL unset and `scripts/postgres.sh start` not run): the test is skipped,
    except under CI=true, where a missing server is an error: CI must run these tests.
    """
    if postgres_server is None:
        message = ("no PostgreSQL server for this test: run `scripts/postgres.sh start` "
                   "(or set TEGENSPRAAK_TEST_POSTGRES_URL to an admin URL)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    with postgres_server.database() as url:
        yield url


@pytest.fixture
def database_url(request, tmp_path) -> str:
    """The test's own database: SQLite under tmp_path, or in the PostgreSQL pass a fresh PostgreSQL database."""
    if not admin_url_from_env():
        url = f"sqlite:///{tmp_path / 'tegenspraak.db'}"
        yield url
        forget_engine(url)
        return
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.fail(f"TEGENSPRAAK_TEST_POSTGRES_URL is set but its server does not answer: {admin_url_from_env()}")
    with server.database() as url:
        yield url
        forget_engine(url)  # its pooled connections closed before the database is dropped


def forget_engine(url: str) -> None:
    """`get_engine` keeps one engine per URL for the process's life; every test has its own URL, so without this
    a run keeps hundreds of engines (each with its pool and statement cache): over 1 GB in tests/api, and
    minutes of garbage collection when pytest exits."""
    from models import db

    engine = getattr(db, "_engines", {}).pop(url, None)
    if engine is not None:
        engine.dispose()


@pytest.fixture
def settings(database_url, tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("TEGENSPRAAK_DATABASE_URL", database_url)
    monkeypatch.setenv("TEGENSPRAAK_DOCUMENTS_DIR", str(tmp_path / "documents"))
    # Tests run the demo set-up (demo users with random tokens) under a fixed test key.
    monkeypatch.setenv("TEGENSPRAAK_DEMO", "1")
    monkeypatch.setenv("TEGENSPRAAK_SECRET_KEY", "test-key-not-secret-" + "x" * 32)
    # Every clock made from these settings reads NOW at this moment and runs on from there, all on one time line:
    # the app served by uvicorn, the worker in its own process (both inherit the environment), the flows run in
    # this process without a `clock` fixture.
    monkeypatch.setenv("TEGENSPRAAK_CLOCK_START", NOW.isoformat())
    monkeypatch.setenv("TEGENSPRAAK_CLOCK_STARTED_AT", SystemClock().now().isoformat())
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def engine(settings):
    return get_engine(settings.database_url)


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def demo(session):
    return seed_demo(session)


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def clock():
    """A clock standing at NOW for the app (tests/api `client`) and the flows run in this process; a test moves
    it with `clock.advance(days=15)` or `clock.set(...)`."""
    from adapters.clock import FixedClock
    from flows.clock import use_clock

    with use_clock(FixedClock(NOW)) as fixed:
        yield fixed


class CollectingHandler:
    """An SMTP server's handler that keeps every message it receives, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings, monkeypatch):
    """A real SMTP server (aiosmtpd) on a free local port; the settings point at it."""
    from aiosmtpd.controller import Controller

    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("TEGENSPRAAK_SMTP_PORT", str(port))
    get_settings.cache_clear()
    yield handler
    controller.stop()
    get_settings.cache_clear()
