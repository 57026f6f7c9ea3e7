"""Engine and sessions. SQLite for the embedded default and tests; PostgreSQL by URL."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel, create_engine

# Importing the table modules registers them on SQLModel.metadata.
from models import audit, case, court_document, family, hearing, mail, organisation, panel, portal, request, review  # noqa: F401,E501
from models.audit import AuditEvent
from models.request import RequestRevision

IMMUTABLE = (AuditEvent, RequestRevision)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_serialised_writes(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


WRITE_OPTION = "tegenspraak_write"


def _sqlite_serialised_writes(engine: Engine) -> None:
    """A use case that writes takes SQLite's write lock at BEGIN (BEGIN IMMEDIATE), so two writers
    never both read a state and then act on it; readers use a plain BEGIN and, with WAL, never block
    anyone. See `begin_write`."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let us issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


def begin_write(session) -> None:
    """Start the session's transaction as a writer (SQLite: BEGIN IMMEDIATE; PostgreSQL: no difference).

    Call first thing in a use case that writes. Inside a transaction already begun it does nothing:
    the write then upgrades the lock, and SQLite refuses it if another writer got there first
    (no lost update; the caller retries)."""
    if session.in_transaction() and not _has_written(session):
        # A read left open (e.g. by a caller that looked something up first) would show this use case an old
        # snapshot; end it, so the use case reads and writes the newest state under the write lock.
        session.commit()
    if not session.in_transaction():
        session.connection(execution_options={WRITE_OPTION: True})


def _has_written(session) -> bool:
    return bool(session.info.get("wrote") or session.new or session.dirty or session.deleted)


@event.listens_for(OrmSession, "after_flush")
def _mark_written(session, _flush_context):
    session.info["wrote"] = True


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
def _clear_written(session):
    session.info.pop("wrote", None)


@event.listens_for(OrmSession, "before_flush")
def _refuse_changes_to_immutable_rows(session, _flush_context, _instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, IMMUTABLE) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError(f"{type(obj).__name__} is immutable: append a new row instead")


def create_schema(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session for one use case; the service commits, this only closes (and rolls back on error)."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


_engines: dict[str, Engine] = {}


def get_engine(url: str) -> Engine:
    """One engine per database URL per process (flows and the worker share it)."""
    if url not in _engines:
        engine = make_engine(url)
        create_schema(engine)
        _engines[url] = engine
    return _engines[url]
