"""The database goes away and comes back while the site runs: 503 while it is gone, 200 after,
with no restart.

On SQLite the file is moved away and back; on PostgreSQL the server stops and starts, played by
a relay on a loopback port that refuses connections and cuts the open ones (the machine's shared
server itself is never stopped). Requests arrive twelve at a time at a real waitress server, as
in the report that found the faults: 33 of 40 answered 500 ("no such table"), a new empty
database appeared at the path, the health check (now /readyz) said all was well, and half the
requests still failed after the file came back.
"""
from __future__ import annotations

import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from clinics.db import migrate, session_scope, sqlite_path
from clinics.models import Clinic

from partner_keys import new_key
from fault_directory import Answer, Directory, fetch, make_app
from live_server import LiveServer

SLUG = "harbor-ketamine-baltimore"
PAGES = [f"/clinics/{SLUG}", "/search?near=21201", "/search?q=ketamine"]
CORRECTION = {"topic": "phone", "message": "The phone number moved to a new line."}

# A partner's key, checked against the database: where there is none, the answer is 503.
SOME_KEY = {"X-API-Key": "ck_a-key-the-database-would-be-asked-about"}


def api_paths(directory: Directory) -> list[str]:
    with session_scope(directory.database_url) as session:
        clinic_id = session.scalar(select(Clinic.id).where(Clinic.slug == SLUG))
    return ["/api/v1/clinics", f"/api/v1/clinics/{clinic_id}"]


def twelve_at_a_time(base_url: str, paths: list[str], rounds: int = 2) -> list[Answer]:
    with ThreadPoolExecutor(max_workers=12) as pool:
        return list(pool.map(lambda path: fetch(base_url + path), paths * rounds))


class Outage:
    """Takes the database away and brings it back, as its kind allows."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.path = sqlite_path(directory.database_url)

    def begin(self) -> None:
        if self.directory.relay is not None:
            self.directory.relay.stop()
        else:
            os.rename(self.path, self.path.with_name("moved-away.sqlite3"))

    def end(self) -> None:
        if self.directory.relay is not None:
            self.directory.relay.start()
        else:
            os.rename(self.path.with_name("moved-away.sqlite3"), self.path)


def assert_unavailable_page(answer: Answer) -> None:
    assert answer.status == 503, answer
    assert answer.headers["retry-after"] == "30"
    assert "The directory is unavailable for a moment" in answer.body
    assert 'href="tel:988"' in answer.body


def assert_unavailable_json(answer: Answer) -> None:
    assert answer.status == 503, answer
    assert answer.headers["retry-after"] == "30"
    assert answer.headers["content-type"] == "application/json"
    assert '"code":"database_unavailable"' in answer.body.replace(" ", "")


def test_the_database_gone_is_503_and_back_is_200_with_no_restart(fault_directory):
    api = api_paths(fault_directory)
    outage = Outage(fault_directory)
    with LiveServer(make_app(fault_directory, RATELIMIT_ENABLED=False), threads=8) as server:
        before = twelve_at_a_time(server.url, PAGES + api + ["/readyz"])
        assert [answer.status for answer in before] == [200] * len(before)

        outage.begin()
        try:
            pages = twelve_at_a_time(server.url, PAGES)
            partners = twelve_at_a_time(server.url, api)
            health = fetch(server.url + "/readyz")
            sent = fetch(f"{server.url}/clinics/{SLUG}/correction", CORRECTION)
            if outage.path is not None:
                assert not outage.path.exists(), "the site created a database at the path"
        finally:
            outage.end()
        for answer in pages + [sent]:
            assert_unavailable_page(answer)
        for answer in partners:
            assert_unavailable_json(answer)
        assert health.status == 503
        assert '"database":"unavailable"' in health.body.replace(" ", "")

        after = twelve_at_a_time(server.url, PAGES + api + ["/readyz"], rounds=3)
        assert [answer.status for answer in after] == [200] * len(after)
        assert fetch(f"{server.url}/clinics/{SLUG}/correction", CORRECTION).status == 302


def test_search_that_needs_no_database_keeps_answering_while_it_is_gone(fault_directory):
    """The partners' search reads only the index: an outage of the database does not stop it."""
    outage = Outage(fault_directory)
    client = make_app(fault_directory).test_client()
    assert client.get("/readyz").status_code == 200
    # The partner's key was checked while the database answered; it is remembered meanwhile.
    assert client.get("/api/v1/search?near=21201").status_code == 200
    outage.begin()
    try:
        search = client.get("/api/v1/search?near=21201")
        health = client.get("/readyz")
    finally:
        outage.end()
    assert search.status_code == 200 and search.get_json()["total"] >= 1
    assert health.status_code == 503
    assert health.get_json() == {"status": "degraded", "database": "unavailable", "index": "ok"}
    assert client.get("/readyz").status_code == 200


def test_a_missing_database_file_is_never_created_by_the_site(sqlite_directory, tmp_path):
    missing = Directory("sqlite", "", sqlite_directory.index_dir,
                        f"sqlite:///{tmp_path / 'nowhere' / 'clinics.sqlite3'}")
    client = make_app(missing).test_client()
    assert client.get(f"/clinics/{SLUG}").status_code == 503
    assert client.get("/api/v1/clinics", headers=SOME_KEY).status_code == 503
    assert client.get("/readyz").get_json()["database"] == "unavailable"
    assert not (tmp_path / "nowhere").exists()

    migrate(missing.served_url)  # only migrate creates a database
    assert client.get("/readyz").get_json()["database"] == "ok"
    key = {"X-API-Key": new_key(missing.served_url)}
    assert client.get("/api/v1/clinics", headers=key).get_json()["clinics"] == []


def test_health_reads_a_real_table_so_an_empty_database_is_not_ok(sqlite_directory, tmp_path):
    """An empty SQLite file answers SELECT 1 as the real one does: the check must read a table."""
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    wrong = Directory("sqlite", "", sqlite_directory.index_dir, f"sqlite:///{empty}")
    client = make_app(wrong).test_client()
    health = client.get("/readyz")
    assert health.status_code == 503
    assert health.get_json() == {"status": "degraded", "database": "unavailable", "index": "ok"}
    assert client.get(f"/clinics/{SLUG}").status_code == 503
    assert client.get("/api/v1/clinics", headers=SOME_KEY).status_code == 503
