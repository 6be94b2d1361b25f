"""Engines and sessions. A session belongs to one request or one job; none exists at import time.

Only ``migrate`` creates a database. Everything else opens an SQLite file read-write without the
right to create it (``mode=rw``): a moved or deleted file is an error that names itself ("unable
to open database file"), never a new empty database that answers "no such table" for ever after.

Broken connections are thrown away rather than reused: PostgreSQL connections are pinged when
taken from the pool, and a pooled SQLite connection is dropped when the file at its path is no
longer the file it opened (moved away, replaced), so service resumes without a restart once the
database is back.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

import config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_FILE_ID = "sqlite_file_id"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Concurrent crawl writers and web readers: WAL lets readers go on during a write, and the
    # busy timeout makes a second writer wait instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_path(url: str | URL) -> Path | None:
    """The file of an SQLite URL; None for other databases, in-memory ones and ``file:`` URIs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or parsed.query.get("uri"):
        return None
    return Path(database)


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _existing_file_url(url: str, path: Path) -> URL:
    """The same database as an SQLite URI that opens the file read-write and never creates it."""
    return make_url(url).set(database=f"file:{quote(str(path))}",
                             query={"mode": "rw", "uri": "true"})


def _sqlite_engine(url: str, path: Path | None) -> Engine:
    if path is None:
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    path = path.absolute()
    engine = create_engine(_existing_file_url(url, path), connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)

    def remember_file(_dbapi_connection, record) -> None:
        record.info[_FILE_ID] = _file_id(path)

    def same_file_or_reconnect(_dbapi_connection, record, _proxy) -> None:
        # Pooled connections keep reading a file that was moved away (or one since replaced);
        # raising DisconnectionError makes the pool open a fresh connection to the path instead.
        opened, now = record.info.get(_FILE_ID), _file_id(path)
        if now is None or now != opened:
            raise DisconnectionError(f"the database file {path} was moved or replaced")

    event.listen(engine, "connect", remember_file)
    event.listen(engine, "checkout", same_file_or_reconnect)
    return engine


# A process serves one or two databases; a test session opens many. An engine pushed out of the
# cache is disposed as it goes, so its pooled connections are closed rather than left to the
# garbage collector (which PostgreSQL's driver reports as a connection never closed).
_ENGINES_KEPT = 64
_engines: OrderedDict[str, tuple[Engine, sessionmaker[Session]]] = OrderedDict()
_engines_lock = threading.Lock()


def _new_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, sqlite_path(url))
    return create_engine(url, pool_pre_ping=True)


def _kept(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """The engine of a URL and its session factory, the least recently used disposed when more
    than ``_ENGINES_KEPT`` are kept."""
    with _engines_lock:
        if url in _engines:
            _engines.move_to_end(url)
            return _engines[url]
        engine = _new_engine(url)
        _engines[url] = engine, sessionmaker(bind=engine, expire_on_commit=False)
        if len(_engines) > _ENGINES_KEPT:
            _, (oldest, _maker) = _engines.popitem(last=False)
            oldest.dispose()
        return _engines[url]


def engine_for(url: str) -> Engine:
    """One engine per database URL per process. An SQLite file must exist (see ``migrate``)."""
    return _kept(url)[0]


def get_engine(url: str | None = None) -> Engine:
    return engine_for(url or config.load().database_url)


def _factory(url: str) -> sessionmaker[Session]:
    return _kept(url)[1]


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return _factory(url or config.load().database_url)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back when it raises."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def create_sqlite_file(url: str) -> None:
    """Create an SQLite database file (and its folder) if it is not there; other URLs are left
    alone. Only ``migrate`` calls it: every other path opens an existing database."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # An empty file is an empty SQLite database.
        path.touch(exist_ok=True)


def migrate(url: str | None = None) -> None:
    """Bring the database schema to the newest Alembic revision, creating an SQLite file first."""
    from alembic import command
    from alembic.config import Config

    url = url or config.load().database_url
    create_sqlite_file(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")
