"""The real parts the input, database and index fault tests break: a small directory (database
and index) on SQLite or PostgreSQL, the site served by waitress in a thread, and a TCP relay to
PostgreSQL that a test stops and starts as if the server went down and came back.

Kept apart from conftest.py so test modules can import it by name.
"""
from __future__ import annotations

import http.client
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy.engine import make_url

from clinics.db import engine_for, migrate, session_scope
from clinics.geo import zip_point
from clinics.models import Clinic
from databases import throwaway_database
from search_index import rebuild
from webapp import auth, create_app

from partner_keys import keyed

ADMIN_EMAIL = "ops@example.org"
ADMIN_PASSWORD = "a long and correct passphrase"

CLINICS = [
    dict(slug="harbor-ketamine-baltimore", name="Harbor Ketamine Center", postal_code="21202",
         insurance_accepted="yes", insurers=["aetna"], treatments=["iv_ketamine"],
         conditions=["depression"], description="Infusions for depression."),
    dict(slug="annapolis-infusion", name="Annapolis Infusion", postal_code="21401",
         treatments=["iv_ketamine"], conditions=["ptsd"]),
    dict(slug="capitol-sgb-washington", name="Capitol SGB Clinic", postal_code="20001",
         treatments=["sgb"], conditions=["ptsd"]),
    dict(slug="philly-ketamine", name="Philly Ketamine", postal_code="19103",
         treatments=["esketamine_spravato"], conditions=["depression"]),
]
# Words that take the filler clinics' index past a few hundred kilobytes, for the disk-full test.
FILLER_TEXT = " ".join(f"calm{n} rooms{n} careful{n} staff{n}" for n in range(40))


def clinic(record: dict) -> Clinic:
    lat, lon, city, state = zip_point(record["postal_code"])
    fields = {"city": city.title(), "state": state, "lat": lat, "lon": lon, "geo_precision": "zip",
              "status": "active", "insurers": [], "treatments": [], "conditions": [], **record}
    return Clinic(**fields)


def filler(n: int) -> dict:
    return dict(slug=f"filler-clinic-{n}", name=f"Filler Clinic {n}", postal_code="21230",
                treatments=["iv_ketamine"], description=f"{FILLER_TEXT} {n}")


def fill(url: str, fillers: int = 0) -> None:
    """Migrate, then add the clinics (and ``fillers`` more) and one admin."""
    migrate(url)
    with session_scope(url) as session:
        session.add_all([clinic(record) for record in CLINICS])
        session.add_all([clinic(filler(n)) for n in range(fillers)])
        auth.set_admin_password(session, ADMIN_EMAIL, ADMIN_PASSWORD)


@dataclass
class Directory:
    """A filled database and an index of it. ``served_url`` is what the app connects to: the
    database itself, or on PostgreSQL a relay in front of it that a test can stop."""

    kind: str
    database_url: str
    index_dir: Path
    served_url: str
    relay: TcpRelay | None = None


def _via(url: str, port: int) -> str:
    """The same PostgreSQL database reached through a loopback port of ours."""
    return make_url(url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


def _upstream(url: str) -> tuple[str, int]:
    parsed = make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or 5432


def build_directory(kind: str, root: Path, fillers: int = 0):
    """Yield a Directory of ``kind`` ("sqlite" or "postgresql") under ``root``; cleans up after.
    A PostgreSQL one is a database of its own on the shared server, which is never stopped."""
    index_dir = root / "index"
    with throwaway_database(root, kind) as url:
        fill(url, fillers)
        rebuild(database_url=url, index_dir=index_dir)
        if kind == "sqlite":
            yield Directory(kind, url, index_dir, url)
            return
        relay = TcpRelay(_upstream(url))
        relay.start()
        try:
            served = _via(url, relay.port)
            yield Directory(kind, url, index_dir, served, relay)
            engine_for(served).dispose()
        finally:
            relay.stop()


def make_app(directory: Directory, **overrides):
    """The site over ``directory``; rate limits are on unless a test turns them off."""
    settings = {"TESTING": True, "DATABASE_URL": directory.served_url,
                "INDEX_DIR": directory.index_dir, "WTF_CSRF_ENABLED": False,
                "SECRET_KEY": "fault tests", "RATELIMIT_STORAGE_URI": "memory://", **overrides}
    app = keyed(create_app(settings))
    _partner["key"] = app.partner_key or _partner["key"]
    return app


# The key of the last app built here: ``fetch`` sends it, as a partner's client would.
_partner: dict[str, str | None] = {"key": None}


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    ms: float


def fetch(url: str, form: dict | None = None) -> Answer:
    """One GET (or POST of ``form``) on a new connection, as a browser's first request."""
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    keyed_headers = {"X-API-Key": _partner["key"]} if _partner["key"] else {}
    try:
        if form is None:
            connection.request("GET", path, headers=keyed_headers)
        else:
            connection.request("POST", path, body=urlencode(form),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body,
                  (time.perf_counter() - started) * 1000)


class TcpRelay:
    """Bytes relayed between a loopback port and a server: ``stop`` refuses new connections and
    cuts the open ones, as a server going down does; ``start`` listens on the same port again."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            cut, self._open = self._open, set()
        for sock in cut:
            _close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.difference_update((source, target))
            _close(source)
            _close(target)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
