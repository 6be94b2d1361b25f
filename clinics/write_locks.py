"""Locks that make ingest's match-then-insert one step when several crawls write at once.

Matching reads, then inserts: two writers that both read "no such clinic" would each create one.
A writer therefore locks, before it looks, every key by which its record could match or collide
with another record, and holds the locks until its transaction ends:

- the ZIP code: the fuzzy name rule compares every clinic of a ZIP, so two spellings of one name
  ("... Clinic", "... Clinics") must meet on the ZIP itself, not on a normalized name;
- the website's site key, and the brand site's (organizations are unique by it);
- the E.164 phone number;
- the slug the record would get, and each stated NPI (both unique in the database).

Any two records that the rules of ``clinics.matching`` join share the site key or the ZIP (the
phone rule also requires the same ZIP), so one of them waits for the other's commit and then
finds its clinic. On PostgreSQL the locks are transaction-scoped advisory locks, taken in one
sorted order so that two writers never wait on each other in a circle. Callers commit each
record on its own (``crawler.writer`` does): a transaction that stores many records keeps
every key it has locked until it ends.

On SQLite the database has one writer at a time: the write transaction is begun with
``BEGIN IMMEDIATE``, so the read that finds the match already holds the write lock (the busy
timeout in ``clinics.db`` makes the next writer wait for it). A plain deferred transaction would
read first and take the lock only at its first insert, after another writer may have inserted.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from clinics.models import Clinic
from clinics.normalize import clinic_slug, site_key

# Keeps these locks apart from any other advisory lock taken on the same database.
_NAMESPACE = "clinics.ingest:"


def match_keys(facts: dict, practitioners: list[dict]) -> list[str]:
    """The keys a cleaned record is locked by, without repeats, in a stable order."""
    keys = {f"slug:{clinic_slug(facts['name'], facts.get('city'), facts.get('state'))}"}
    if facts.get("postal_code"):
        keys.add(f"zip:{facts['postal_code']}")
    if facts.get("phone"):
        keys.add(f"phone:{facts['phone']}")
    sites = (site_key(facts.get("website")), site_key(facts.get("organization_website")))
    keys.update(f"site:{site}" for site in sites if site)
    keys.update(f"npi:{person['npi']}" for person in practitioners if person.get("npi"))
    return sorted(keys)


def lock_id(key: str) -> int:
    """A key as the signed 64-bit number PostgreSQL's advisory locks take."""
    digest = hashlib.blake2b((_NAMESPACE + key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_for_match(session: Session, facts: dict, practitioners: list[dict]) -> None:
    """Wait until no other writer holds any of this record's keys; held until commit or
    rollback. Call it before looking for the record's clinic."""
    connection = session.connection()
    backend = connection.dialect.name
    if backend == "sqlite":
        _begin_immediate(connection)
    elif backend == "postgresql":
        for number in sorted({lock_id(key) for key in match_keys(facts, practitioners)}):
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": number})


def lock_matched(session: Session, clinic: Clinic) -> None:
    """Hold the matched clinic's row until commit, and read it afresh.

    Two records may match one stored clinic by different keys (a listing by its ZIP and name,
    the clinic's own site by its website); the row lock makes the second merge wait for the
    first and then see what it stored (a clinic this session has changed keeps its changes).
    Nothing may have been written in this transaction yet, or a writer holding the row could
    wait on this one in turn.
    """
    if session.connection().dialect.name != "postgresql":
        return
    session.execute(select(Clinic.id).where(Clinic.id == clinic.id).with_for_update())
    if not session.is_modified(clinic):
        session.refresh(clinic)


def _begin_immediate(connection) -> None:
    """Take SQLite's write lock now, unless this transaction has written (and so holds it)."""
    driver_connection = connection.connection.driver_connection
    if not driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
