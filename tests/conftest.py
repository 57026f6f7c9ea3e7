"""Test set-up: Prefect isolated before it is imported; a real SQLite database per test."""

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


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("TEGENSPRAAK_DATABASE_URL", f"sqlite:///{tmp_path / 'tegenspraak.db'}")
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
