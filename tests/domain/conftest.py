"""The pure-domain tier: in-memory dossiers only. A test here that opens a database or writes a file fails."""

import builtins
import io
import sqlite3

import pytest


class TouchedTheWorld(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_database_no_files(monkeypatch):
    def no_sqlite(*args, **kwargs):
        raise TouchedTheWorld("the pure-domain tier opened a database; build the Dossier in memory instead")

    real_open = builtins.open

    def read_only_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            raise TouchedTheWorld(f"the pure-domain tier wrote a file ({file!r})")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", no_sqlite)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", no_sqlite)  # what SQLAlchemy's pysqlite dialect calls
    monkeypatch.setattr(builtins, "open", read_only_open)
    monkeypatch.setattr(io, "open", read_only_open)
