"""Fresh PostgreSQL databases for tests: one template per pytest run holds the schema, each test gets a copy.

Copying a template (CREATE DATABASE ... TEMPLATE ... STRATEGY FILE_COPY) takes ~40 ms and dropping it ~30 ms on
the test cluster, against ~540 ms to create an empty database and build the schema in it; the default WAL_LOG
strategy copies in ~65 ms. Measured on this 2-core machine with scripts/postgres.sh's settings.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from models.db import get_engine
from scripts.demo import process_alive

ENV = "TEGENSPRAAK_TEST_POSTGRES_URL"
PREFIX = "tegenspraak_test_"


def admin_url_from_env() -> str:
    """The admin URL that selects the PostgreSQL pass, or '' for the SQLite pass."""
    return os.environ.get(ENV, "").strip()


def local_cluster_url() -> str:
    """scripts/postgres.sh's cluster (its `url` command prints the same)."""
    return f"postgresql+psycopg://postgres@127.0.0.1:{os.environ.get('TEGENSPRAAK_PG_PORT', '54329')}/postgres"


class PostgresServer:
    def __init__(self, admin: Engine):
        self.admin = admin
        self.template: str | None = None
        self.run_id = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"

    @classmethod
    def find(cls) -> "PostgresServer | None":
        """The server of TEGENSPRAAK_TEST_POSTGRES_URL, else the local test cluster; None if it does not answer."""
        url = admin_url_from_env() or local_cluster_url()
        admin = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        try:
            with admin.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            admin.dispose()
            return None
        server = cls(admin)
        server.drop_leftovers()
        return server

    def url_of(self, database: str) -> str:
        return make_url(str(self.admin.url)).set(database=database).render_as_string(hide_password=False)

    def execute(self, sql: str) -> list:
        with self.admin.connect() as connection:
            result = connection.execute(text(sql))
            return result.all() if result.returns_rows else []

    def drop_leftovers(self) -> None:
        """Databases of earlier runs on this machine that were killed before their teardown (their process is
        gone). Only for a server on this machine: the process id means nothing elsewhere."""
        if self.admin.url.host not in ("127.0.0.1", "localhost", "::1", None):
            return
        for (name,) in self.execute(f"SELECT datname FROM pg_database WHERE datname LIKE '{PREFIX}%'"):
            pid = name[len(PREFIX):].split("_", 1)[0]
            if pid.isdigit() and not process_alive(int(pid)):
                self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _ensure_template(self) -> str:
        if self.template is None:
            name = f"{PREFIX}{self.run_id}_template"
            self.execute(f'CREATE DATABASE "{name}"')
            # The schema exactly as the application makes it; then no connection may stay open to a template.
            get_engine(self.url_of(name)).dispose()
            self.template = name
        return self.template

    @contextmanager
    def database(self) -> Iterator[str]:
        """A fresh database with the schema, dropped afterwards (with any connection still open to it)."""
        template = self._ensure_template()
        name = f"{PREFIX}{self.run_id}_{uuid.uuid4().hex[:12]}"
        strategy = " STRATEGY FILE_COPY" if self.admin.dialect.server_version_info >= (15,) else ""
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
        try:
            yield self.url_of(name)
        finally:
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self.template is not None:
            self.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            self.template = None
        self.admin.dispose()
