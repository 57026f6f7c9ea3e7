"""Alembic's environment: the models' metadata, the app's database.

Run two ways: by `models.db.create_schema` (and `tegenspraak db ...`), which passes its own connection in
`config.attributes["connection"]`, already inside the one locked transaction of the upgrade; or by Alembic's command
line (`alembic revision --autogenerate`), which connects to the app's `database_url` the same way."""

from logging.config import fileConfig

from alembic import context
from sqlmodel.sql.sqltypes import AutoString

from models.base import UTCDateTime
from models.config import get_settings
from models.db import SQLModel, make_engine, migration_connection  # importing models.db registers every table

config = context.config
if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def render_item(type_, obj, autogen_context):
    """New revisions spell the columns in plain SQLAlchemy types, so a revision never imports the models (which
    change after it was written)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():  # inside the caller's transaction: nothing of its own
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline SQL (--sql) wordt niet ondersteund: de basisrevisie maakt de tabellen via SQLAlchemy. "
                     "Gebruik `tegenspraak db upgrade`.")

given = config.attributes.get("connection")
if given is not None:
    run(given)
else:
    engine = make_engine(get_settings().database_url)
    try:
        with migration_connection(engine) as connection:
            run(connection)
    finally:
        engine.dispose()
