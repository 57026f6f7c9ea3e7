"""Engine and sessions. SQLite for the embedded default and tests; PostgreSQL by URL."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel, create_engine

# Importing the table modules registers them on SQLModel.metadata.
from models import access_log, audit, case, court_document, family, hearing, mail, organisation, panel, portal, request, review, workspace_session  # noqa: F401,E501
from models.audit import GENESIS_HASH, HASHED_FIELDS, AuditEvent, event_hash, stored_details
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


# --- the audit hash chain ----------------------------------------------------------------------------------
#
# Ids and hashes of new audit events are assigned in `before_flush`, not by the database: the hash covers the
# id, so the id must be known before the row is written. Under the chain lock the flush reads the head (the
# highest id and its hash) and numbers the new events head+1, head+2, ... in the order they were added to the
# session, chaining each to the one before. Several events added before one flush, and several flushes in one
# transaction, chain correctly because each flush reads the head the transaction itself sees. Two writers can
# never fork the chain: they are serialised by the lock, and if one somehow read a stale head its insert would
# collide on the primary key and fail. Ids are therefore gapless, so a gap means a deleted event.
#
# The lock: on SQLite the write lock (BEGIN IMMEDIATE via `begin_write`; a writer that did not call it reads
# the head in a deferred transaction and its insert must then upgrade the lock, which SQLite refuses if anyone
# wrote in between: an error, never a wrong chain). On PostgreSQL a transaction-level advisory lock, taken
# before the head is read and held until commit or rollback.

AUDIT_CHAIN_LOCK = 0x7465_6761  # any fixed 64-bit key, the same in every process


def lock_audit_chain(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})


def chain_head(connection: Connection) -> tuple[int, str]:
    """(id, hash) of the newest audit event, or (0, GENESIS_HASH) for an empty trail."""
    row = connection.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


@event.listens_for(OrmSession, "before_flush")
def _chain_new_audit_events(session, _flush_context, _instances):
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new:
        return
    new.sort(key=lambda obj: inspect(obj).insert_order)
    connection = session.connection()
    lock_audit_chain(connection)
    last_id, prev_hash = chain_head(connection)
    for audit_event in new:
        last_id += 1
        audit_event.id = last_id
        audit_event.details = stored_details(audit_event.details)
        audit_event.prev_hash = prev_hash
        audit_event.hash = prev_hash = audit_event.compute_hash()


# --- database-level protection: nobody updates or deletes these rows, not even with raw SQL -----------------

APPEND_ONLY_TABLES = ("auditevent", "requestrevision")

# Sent with exec_driver_sql, so the driver's paramstyle applies: %% is a literal percent sign.
_PG_REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION tegenspraak_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%% is immutable (append-only): %% refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""
_PG_TRIGGERS = {f"{table}_{name}": when.format(t=table) for table in APPEND_ONLY_TABLES
                for name, when in (("immutable", "BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW"),
                                   ("no_truncate", "BEFORE TRUNCATE ON {t} FOR EACH STATEMENT"))}


def _append_only_triggers(connection: Connection) -> None:
    """The triggers as the newest revision has them, made where missing: on an empty database made from the models,
    and again at every start, so a trigger dropped by hand is back after a restart. Changing a trigger is a revision
    (migrations/), and then this copy changes with it (tests/models/test_migrations.py compares the two)."""
    if connection.dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for op in ("UPDATE", "DELETE"):
                connection.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is immutable (append-only): {op} refused'); END")
    elif connection.dialect.name == "postgresql":
        # Only what is missing: DROP/CREATE TRIGGER would take an exclusive lock on the trail at every start.
        present = {row[0] for row in connection.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN "
            "('auditevent'::regclass, 'requestrevision'::regclass)")}
        has_function = connection.exec_driver_sql(
            "SELECT 1 FROM pg_proc WHERE proname = 'tegenspraak_refuse_change'").first() is not None
        if not has_function:
            connection.exec_driver_sql(_PG_REFUSE_FUNCTION)
        for name, when in _PG_TRIGGERS.items():
            if name not in present:
                connection.exec_driver_sql(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION tegenspraak_refuse_change()")


def _seal_unchained_audit_trail(connection: Connection) -> None:
    """A database made before the chain existed: add the columns and chain the events it holds, in id order.
    From then on the trail is sealed as it was found. The caller makes the append-only triggers afterwards."""
    columns = {c["name"] for c in inspect(connection).get_columns("auditevent")}
    if "hash" in columns:
        return
    # Triggers it may already have would refuse the sealing itself.
    if connection.dialect.name == "sqlite":
        for name in ("auditevent_no_update", "auditevent_no_delete"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    else:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS auditevent_immutable ON auditevent")
    for column in ("prev_hash", "hash"):
        connection.exec_driver_sql(f"ALTER TABLE auditevent ADD COLUMN {column} VARCHAR(64) NOT NULL DEFAULT ''")
    table, prev_hash = AuditEvent.__table__, GENESIS_HASH
    fields = [table.c[name] for name in HASHED_FIELDS if name != "prev_hash"]
    for row in connection.execute(select(*fields).order_by(table.c.id)).mappings().all():
        digest = event_hash(**row, prev_hash=prev_hash)
        connection.execute(table.update().where(table.c.id == row["id"]).values(prev_hash=prev_hash, hash=digest))
        prev_hash = digest


# --- the schema: Alembic revisions in migrations/ ---------------------------------------------------------------
#
# Every schema change is a revision. `create_schema` brings any database to the newest one (the head):
#   - an empty database gets the tables from the models (create_all), the triggers, and is stamped at the head:
#     the same schema as running every revision (tests/models/test_migrations.py proves it), in a fraction of
#     the time; tests make a fresh database for every test;
#   - a database made by `create_all` before migrations existed (tables, no alembic_version) is brought to the
#     baseline revision (tables, columns and chain it may lack) and stamped there, then upgraded;
#   - any other database is upgraded from its revision to the head.
# All of it in one transaction that holds the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the chain's
# advisory lock), so processes starting at once (API, workers) migrate once and never see half a schema.

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
BASELINE_REVISION = "0001"


class SchemaError(RuntimeError):
    pass


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration in code; alembic.ini is only for Alembic's own command line."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@cache
def migration_scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return migration_scripts().get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def database_revision(engine: Engine) -> str | None:
    """The revision the database is at, without changing anything (None: empty, or made before migrations)."""
    with engine.connect() as connection:
        return current_revision(connection)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """One transaction for a schema change, holding the write lock; committed when the block ends.

    On SQLite foreign keys are off meanwhile (a PRAGMA that only works outside a transaction): a revision that
    alters a table copies it, and dropping the old copy must not cascade into the rows that refer to it. The
    keys are checked before the commit instead."""
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                lock_audit_chain(connection)
                yield connection
            return
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(5)
                if broken:
                    raise SchemaError(f"foreign keys broken by the schema change: {broken}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def upgrade_schema(connection: Connection) -> str:
    """Bring the database on `connection` (inside `migration_connection`) to the head; returns the head."""
    head = head_revision()
    current = current_revision(connection)
    if current is None:
        if not set(SQLModel.metadata.tables) & set(inspect(connection).get_table_names()):
            migration_scripts().get_revision(BASELINE_REVISION).module.create_tables(SQLModel.metadata, connection)
            _append_only_triggers(connection)
            MigrationContext.configure(connection).stamp(migration_scripts(), head)
            return head
        _adopt_unversioned(connection)
        current = BASELINE_REVISION
    if current != head:
        try:
            migration_scripts().get_revision(current)
        except CommandError:
            raise SchemaError(f"the database is at revision {current}, which this code does not know "
                              f"(newer code ran on it?); its head is {head}") from None
        command.upgrade(alembic_config(connection), "head")
    _seal_unchained_audit_trail(connection)
    _append_only_triggers(connection)
    return head


def _adopt_unversioned(connection: Connection) -> None:
    """A database made by `create_all` before migrations existed, of the previous release or older: add what the
    baseline has and it lacks (whole tables; MailMessage.user_id; the audit chain, sealed as found), then stamp it
    at the baseline."""
    baseline = migration_scripts().get_revision(BASELINE_REVISION).module
    baseline.create_tables(baseline.baseline_metadata(), connection, checkfirst=True)
    if "user_id" not in {c["name"] for c in inspect(connection).get_columns("mailmessage")}:
        connection.exec_driver_sql('ALTER TABLE mailmessage ADD COLUMN user_id INTEGER REFERENCES "user" (id)')
        connection.exec_driver_sql("CREATE INDEX ix_mailmessage_user_id ON mailmessage (user_id)")
    _seal_unchained_audit_trail(connection)
    baseline.create_triggers(connection)
    command.stamp(alembic_config(connection), BASELINE_REVISION)


def create_schema(engine: Engine) -> str:
    """The database at the newest revision, with the triggers that make the audit trail and revisions append-only;
    returns that revision. Idempotent, and cheap on a database already there (tests call it for every test)."""
    with migration_connection(engine) as connection:
        return upgrade_schema(connection)


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
