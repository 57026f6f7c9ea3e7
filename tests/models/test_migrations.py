"""Schema migrations (migrations/, Alembic): every revision from an empty database gives exactly the models; the fast
path of `create_schema` for an empty database gives exactly what the revisions give; a database of the previous
release (tests/data/, made by its own code) is upgraded with its rows and its audit chain intact; each revision
steps down and up again. On SQLite, or on PostgreSQL in the PostgreSQL pass (TEGENSPRAAK_TEST_POSTGRES_URL)."""

import re
import sqlite3
import threading
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from models.audit import AuditEvent
from models.db import (BASELINE_REVISION, SchemaError, alembic_config, create_schema, current_revision,
                       head_revision, make_engine, migration_connection, migration_scripts)
from models.mail import MailMessage
from models.request import Request, RequestRevision
from models.services.integrity import verify_audit
from tests.conftest import NOW
from tests.postgres import PREFIX, admin_url_from_env

DATA = Path(__file__).resolve().parent.parent / "data"


# --- databases ---------------------------------------------------------------------------------------------------

@pytest.fixture
def blank_url(request, tmp_path):
    """A factory of empty databases (no tables at all) on the pass's database: SQLite files under tmp_path, or
    new PostgreSQL databases on the test server, dropped afterwards."""
    engines, created = [], []
    server = request.getfixturevalue("postgres_server") if admin_url_from_env() else None

    def make() -> sa.Engine:
        if server is None:
            url = f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
        else:
            name = f"{PREFIX}{server.run_id}_{uuid.uuid4().hex[:12]}"
            server.execute(f'CREATE DATABASE "{name}"')
            created.append(name)
            url = server.url_of(name)
        engines.append(make_engine(url))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()
    for name in created:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(engine: sa.Engine, how, target: str) -> None:
    """Run Alembic's own upgrade or downgrade, through the revisions one by one (no fast path)."""
    with migration_connection(engine) as connection:
        how(alembic_config(connection), target)


def load_previous_release(engine: sa.Engine) -> None:
    """The database as the previous release (git a369605) left it: made by its code, dumped as SQL
    (tests/data/make_previous_release.py remakes the dumps)."""
    if engine.dialect.name == "sqlite":
        connection = sqlite3.connect(engine.url.database)
        connection.executescript((DATA / "previous_release.sqlite.sql").read_text())
        connection.close()
    else:
        with psycopg.connect(make_url(engine.url).set(drivername="postgresql").render_as_string(False)) as c:
            c.execute((DATA / "previous_release.postgresql.sql").read_text())


# --- what a schema is made of ------------------------------------------------------------------------------------

def differences(engine: sa.Engine) -> list:
    """What Alembic's autogenerate would write to bring the database to the models: nothing, when they match."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def triggers(connection) -> dict[str, str]:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    else:
        rows = connection.exec_driver_sql(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal UNION ALL "
            "SELECT proname, pg_get_functiondef(oid) FROM pg_proc WHERE proname = 'tegenspraak_refuse_change'")
    return {name: re.sub(r"\s+", " ", sql) for name, sql in rows}


def schema(engine: sa.Engine) -> dict:
    """Tables, columns (type, nullability, default), keys, indexes, unique constraints and triggers, as the
    database itself reports them (order of columns aside)."""
    inspector = sa.inspect(engine)
    tables = {}
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        tables[table] = {
            "columns": {c["name"]: (str(c["type"]), c["nullable"], c.get("default"))
                        for c in inspector.get_columns(table)},
            "pk": inspector.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted((fk["name"] or "", tuple(fk["constrained_columns"]), fk["referred_table"],
                           tuple(fk["referred_columns"])) for fk in inspector.get_foreign_keys(table)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in inspector.get_indexes(table)),
            "uniques": sorted((u["name"] or "", tuple(u["column_names"]))
                              for u in inspector.get_unique_constraints(table)),
        }
    with engine.connect() as connection:
        return {"tables": tables, "triggers": triggers(connection)}


def rows(engine: sa.Engine) -> dict[str, list]:
    """Every row of every table, all columns, by table, in key order."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {name: {column: [r[column] for r in connection.execute(
                           sa.select(table).order_by(*table.primary_key.columns)).mappings()]
                       for column in table.c.keys()}
                for name, table in metadata.tables.items() if name != "alembic_version"}


def assert_audit_events_refuse_changes(engine: sa.Engine) -> None:
    for statement in ("UPDATE auditevent SET actor = 'Iemand Anders'", "DELETE FROM auditevent"):
        with pytest.raises(IntegrityError, match="immutable"), engine.begin() as connection:
            connection.exec_driver_sql(statement)


def add_audit_event(engine: sa.Engine, action: str) -> None:
    with Session(engine) as session:
        session.add(AuditEvent(at=NOW + timedelta(days=1), actor="systeem", action=action, details={"x": 1}))
        session.commit()


# --- (a) from an empty database -------------------------------------------------------------------------------------

def test_every_revision_from_an_empty_database_gives_the_models(blank_url):
    """Fails whenever a model changes without a revision (or a revision without the model): write the revision
    with `alembic revision --autogenerate` (see alembic.ini)."""
    engine = blank_url()
    migrate(engine, command.upgrade, "head")
    assert differences(engine) == []
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        assert len(triggers(connection)) == (4 if engine.dialect.name == "sqlite" else 5)
    add_audit_event(engine, "na_migratie")
    assert_audit_events_refuse_changes(engine)


def test_an_empty_database_made_from_the_models_is_the_same_as_by_every_revision(blank_url):
    """create_schema's fast path (create_all, the triggers, stamped at the head) against every revision run."""
    by_revisions, by_models = blank_url(), blank_url()
    migrate(by_revisions, command.upgrade, "head")
    assert create_schema(by_models) == head_revision()
    assert schema(by_models) == schema(by_revisions)
    with by_models.connect() as connection:
        assert current_revision(connection) == head_revision()


def test_a_postgresql_schema_made_first_in_the_process_leaves_the_next_database_its_foreign_keys(blank_url):
    """Making PostgreSQL's tables (its DDL, through a recording engine of SQLAlchemy's) adds the foreign keys of the
    request <-> requestrevision cycle with ALTER; that once left every later SQLite database in the same process
    without them (the SQLite pass, after the tests that need PostgreSQL whatever the pass)."""
    statements = []
    recorder = sa.create_mock_engine("postgresql+psycopg://", lambda sql, *a, **kw: statements.append(str(sql)))
    migration_scripts().get_revision(BASELINE_REVISION).module.create_tables(SQLModel.metadata, recorder)
    assert any("ALTER TABLE request ADD FOREIGN KEY" in " ".join(s.split()) for s in statements)
    by_revisions, by_models = blank_url(), blank_url()
    migrate(by_revisions, command.upgrade, "head")
    create_schema(by_models)
    assert schema(by_models) == schema(by_revisions)
    for table in ("request", "requestrevision"):
        assert {fk["referred_table"] for fk in sa.inspect(by_models).get_foreign_keys(table)} >= {"requestrevision",
                                                                                                  "request"} - {table}


def test_create_schema_is_idempotent_and_keeps_the_revision(blank_url):
    engine = blank_url()
    assert create_schema(engine) == create_schema(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1


def test_processes_starting_at_once_make_the_schema_once(blank_url):
    """The API and a worker starting together on an empty database: one migrates, the other finds the head."""
    first = blank_url()
    second = make_engine(first.url.render_as_string(hide_password=False))
    results, errors = [], []

    def start(engine):
        try:
            results.append(create_schema(engine))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(e,)) for e in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    second.dispose()
    assert errors == [] and results == [head_revision()] * 2
    assert differences(first) == []


# --- (b) the previous release -----------------------------------------------------------------------------------

def test_the_baseline_revision_is_the_previous_release(blank_url):
    previous, baseline = blank_url(), blank_url()
    load_previous_release(previous)
    migrate(baseline, command.upgrade, BASELINE_REVISION)
    assert schema(baseline) == schema(previous)


def test_a_database_of_the_previous_release_is_upgraded_with_its_rows_and_chain(blank_url):
    engine = blank_url()
    load_previous_release(engine)
    before = rows(engine)
    assert {table: len(next(iter(columns.values()))) for table, columns in before.items()
            if table in ("request", "requestrevision", "auditevent", "mailmessage")} == {
        "request": 1, "requestrevision": 1, "auditevent": 2, "mailmessage": 1}

    assert create_schema(engine) == head_revision()

    assert differences(engine) == []
    after = rows(engine)
    assert {table: {column: after[table][column] for column in columns} for table, columns in before.items()} == before
    with Session(engine) as session:
        assert verify_audit(session).ok
        request = session.exec(select(Request)).one()
        revision = session.exec(select(RequestRevision)).one()
        assert request.current_revision_id == revision.id
        assert revision.content_hash == revision.parsed().content_hash()
        mail = session.exec(select(MailMessage)).one()
        assert (mail.user_id, mail.status, mail.dedupe_key) == (before["mailmessage"]["user_id"][0], "pending",
                                                                "fixture-seat-1")
    add_audit_event(engine, "na_upgrade")
    with Session(engine) as session:
        result = verify_audit(session)
        assert result.ok and result.head_id == 3
    assert_audit_events_refuse_changes(engine)


def drop_column(engine: sa.Engine, table: str, column: str) -> None:
    """Make the database older than it is. SQLite cannot drop a column with a foreign key: copy the table."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
        return
    connection = sqlite3.connect(engine.url.database, isolation_level=None)
    ddl = connection.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    ddl = re.sub(rf"\s*(FOREIGN KEY\({column}\) REFERENCES \w+ \(id\)|{column} \w+),", "", ddl)
    keep = ", ".join(c[1] for c in connection.execute(f"PRAGMA table_info({table})") if c[1] != column)
    indexes = "; ".join(sql for name, sql in connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,))
        if name != f"ix_{table}_{column}")
    connection.executescript(
        f"PRAGMA foreign_keys=OFF; BEGIN; ALTER TABLE {table} RENAME TO old_{table}; {ddl};"
        f"INSERT INTO {table} ({keep}) SELECT {keep} FROM old_{table}; DROP TABLE old_{table}; {indexes}; COMMIT;")
    connection.close()


def test_an_older_database_is_brought_to_the_baseline_and_its_trail_sealed_as_found(blank_url):
    """Before the previous release, create_all made the tables but never added columns: a database may lack
    tables, MailMessage.user_id, and the audit chain (prev_hash, hash). Such a database gets them, its trail is
    chained in id order as it was found, and it is upgraded like any other."""
    engine = blank_url()
    load_previous_release(engine)
    with engine.begin() as connection:  # its triggers stay: they must not stop the sealing
        connection.exec_driver_sql("DROP TABLE accesslogentry")
        connection.exec_driver_sql("ALTER TABLE auditevent DROP COLUMN hash")
        connection.exec_driver_sql("ALTER TABLE auditevent DROP COLUMN prev_hash")
    drop_column(engine, "mailmessage", "user_id")
    before = rows(engine)

    assert create_schema(engine) == head_revision()

    assert differences(engine) == []
    after = rows(engine)
    assert {table: {column: after[table][column] for column in columns} for table, columns in before.items()} == before
    assert after["mailmessage"]["user_id"] == [None]
    with Session(engine) as session:
        assert verify_audit(session).ok
    assert_audit_events_refuse_changes(engine)


# --- (c) down and up again ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("revision", [r.revision for r in migration_scripts().walk_revisions()])
def test_each_revision_steps_down_and_up_again(blank_url, revision):
    engine = blank_url()
    load_previous_release(engine)
    create_schema(engine)
    down = migration_scripts().get_revision(revision).down_revision or "base"
    migrate(engine, command.downgrade, revision)  # from the head down to this revision, then one step further
    migrate(engine, command.downgrade, down)
    with engine.connect() as connection:
        assert current_revision(connection) == (None if down == "base" else down)
    migrate(engine, command.upgrade, "head")
    assert differences(engine) == []
    if down != "base":
        with Session(engine) as session:
            assert verify_audit(session).ok
    add_audit_event(engine, "na_terug_en_weer")
    assert_audit_events_refuse_changes(engine)


def test_a_database_of_a_newer_revision_is_refused(blank_url):
    engine = blank_url()
    create_schema(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_unknown'")
    with pytest.raises(SchemaError, match="ffff_unknown"):
        create_schema(engine)


# --- the command line ------------------------------------------------------------------------------------------------

def test_the_db_commands_upgrade_and_tell_the_revision(settings, capsys):
    from scripts.cli import main

    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0
    out = capsys.readouterr().out
    assert f"Revisie {head_revision()}: de nieuwste." in out
    engine = make_engine(settings.database_url)
    migrate(engine, command.downgrade, BASELINE_REVISION)
    engine.dispose()
    if head_revision() != BASELINE_REVISION:
        assert main(["db", "current"]) == 1
        assert main(["db", "upgrade"]) == 0
        assert f"Bijgewerkt van revisie {BASELINE_REVISION} naar {head_revision()}" in capsys.readouterr().out
    assert main(["db", "current"]) == 0
