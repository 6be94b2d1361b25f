"""Throwaway databases for tests, on the database engine the run was given.

Without ``DATABASE_URL`` (or with an SQLite one) a test's database is an SQLite file in the
test's own folder. With ``DATABASE_URL`` naming a PostgreSQL database, each test's database is a
new database on that server, named after the run's: a copy (``CREATE DATABASE ... TEMPLATE``) of
one migrated once per session, dropped when the test is done, so a run on PostgreSQL costs no
migration per test. Whatever is left at the end of the session is dropped then.

Tests that run on both engines whatever the run (``engine_params``) reach PostgreSQL at
``TEST_POSTGRES_URL`` when the run itself is on SQLite.
"""
from __future__ import annotations

import os
import sqlite3
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from clinics import db

RUN_URL = os.environ.get("DATABASE_URL", "")
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# PostgreSQL names are at most 63 bytes: a prefix, "_tmpl", "_" and 12 hex digits fit.
_PREFIX_CHARS = 40
# A database still held by a connection that is closing cannot be a template yet.
_COPY_WAIT_S = 15


def run_engine() -> str:
    """"postgresql" when DATABASE_URL names a PostgreSQL database, else "sqlite"."""
    if RUN_URL and make_url(RUN_URL).get_backend_name() == "postgresql":
        return "postgresql"
    return "sqlite"


def described_run() -> str:
    """The run's database for pytest's header: ``sqlite``, or the PostgreSQL URL without its
    password."""
    if run_engine() == "sqlite":
        return "sqlite"
    return make_url(RUN_URL).set(password=None).render_as_string(hide_password=False)


def engine_params() -> list:
    """Parameters of a fixture that runs each test on both engines: SQLite and PostgreSQL in a
    run on SQLite; PostgreSQL alone in a run on PostgreSQL, since the SQLite run covers SQLite."""
    postgres = pytest.param("postgresql", marks=pytest.mark.postgres)
    return [postgres] if run_engine() == "postgresql" else ["sqlite", postgres]


class PostgresServer:
    """Databases of their own on one PostgreSQL server, made and dropped through a maintenance
    connection, each named ``<prefix>_<12 hex digits>``."""

    def __init__(self, maintenance_url: str, prefix: str):
        self.url = make_url(maintenance_url)
        self.prefix = prefix[:_PREFIX_CHARS]
        self.created: set[str] = set()
        self._admin: Engine | None = None
        self._template: str | None = None

    def _execute(self, statement: str) -> None:
        if self._admin is None:
            self._admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with self._admin.connect() as conn:
            conn.execute(text(statement))

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _new_name(self, kind: str = "") -> str:
        return f"{self.prefix}{kind}_{uuid.uuid4().hex[:12]}"

    def create(self, migrated: bool = True) -> str:
        """A new database: a copy of the migrated template, or empty."""
        template = self.template() if migrated else None
        name = self._new_name()
        self._execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.add(name)
        return self.url_of(name)

    def template(self) -> str:
        """The session's migrated template, made on first use."""
        if self._template is None:
            name = self._new_name("_tmpl")
            self._execute(f'CREATE DATABASE "{name}"')
            self.created.add(name)
            url = self.url_of(name)
            db.migrate(url)
            db.engine_for(url).dispose()
            self._template = name
        return self._template

    def copy(self, source_url: str, target_url: str) -> None:
        """Make the target database a copy of the source (which nobody may be connected to)."""
        source, target = make_url(source_url).database, make_url(target_url).database
        self.drop(target_url)
        db.engine_for(source_url).dispose()
        deadline = time.monotonic() + _COPY_WAIT_S
        while True:
            try:
                self._execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
                break
            except OperationalError as exc:
                if "being accessed by other users" not in str(exc) or time.monotonic() > deadline:
                    raise
                # Pools elsewhere (a served app's) open a fresh connection when theirs is gone.
                self._execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              f"WHERE datname = '{source}' AND pid <> pg_backend_pid()")
                time.sleep(0.2)
        self.created.add(target)

    def owns(self, url: str) -> bool:
        return make_url(url).database in self.created

    def drop(self, url: str) -> None:
        db.engine_for(url).dispose()
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.discard(name)

    def drop_all(self) -> None:
        for name in sorted(self.created):
            self.drop(self.url_of(name))
        if self._admin is not None:
            self._admin.dispose()


_servers: dict[str, PostgresServer] = {}


def postgres_server() -> PostgresServer:
    """The run's own server on a PostgreSQL run, else the one at TEST_POSTGRES_URL."""
    if run_engine() == "postgresql":
        maintenance, prefix = RUN_URL, make_url(RUN_URL).database or "clinics_test"
    else:
        maintenance, prefix = POSTGRES_ADMIN_URL, "clinics_test"
    if maintenance not in _servers:
        _servers[maintenance] = PostgresServer(maintenance, prefix)
    return _servers[maintenance]


def _create_on_postgres(migrated: bool) -> str:
    """A database on the server; skips only when no server answers, the run is on SQLite and
    this is not CI."""
    try:
        return postgres_server().create(migrated)
    except OperationalError as exc:
        if os.environ.get("CI") or run_engine() == "postgresql":
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc.__class__.__name__}")


def new_database(folder: Path, engine: str | None = None, migrated: bool = True,
                 filename: str = "clinics.sqlite3") -> str:
    """A fresh database's URL: migrated unless asked otherwise, on the run's engine unless
    ``engine`` names one. An unmigrated SQLite database is a file not yet there."""
    if (engine or run_engine()) == "postgresql":
        return _create_on_postgres(migrated)
    url = f"sqlite:///{folder / filename}"
    if migrated:
        db.migrate(url)
    return url


def drop_database(url: str) -> None:
    """Close the pooled connections; a PostgreSQL database made here is dropped too."""
    db.engine_for(url).dispose()
    for server in _servers.values():
        if server.owns(url):
            server.drop(url)


@contextmanager
def throwaway_database(folder: Path, engine: str | None = None, migrated: bool = True,
                       filename: str = "clinics.sqlite3") -> Iterator[str]:
    url = new_database(folder, engine, migrated, filename)
    try:
        yield url
    finally:
        drop_database(url)


def copy_database(source_url: str, target_url: str) -> None:
    """Make the target (a database made here) a copy of the source, on either engine."""
    if make_url(source_url).get_backend_name() == "postgresql":
        postgres_server().copy(source_url, target_url)
        return
    with closing(sqlite3.connect(db.sqlite_path(source_url))) as source, \
            closing(sqlite3.connect(db.sqlite_path(target_url))) as target:
        source.backup(target)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def count_rows(url: str, table) -> int:
    """Rows in ``table``, or 0 when the database cannot be read yet."""
    try:
        with db.engine_for(url).connect() as conn:
            return conn.scalar(select(func.count()).select_from(table))
    except DBAPIError:
        return 0


def drop_all() -> None:
    """Drop every PostgreSQL database this session made and has not dropped yet."""
    for server in _servers.values():
        server.drop_all()
