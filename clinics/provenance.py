"""Per-field provenance: which page said what, since when, in which words, and which page wins.

Every stated fact of a record becomes (or refreshes) one ``FieldSource`` row per clinic, field and
page. A page crawled again that no longer states a fact retires its row: the row stays as
history, but no longer speaks for the clinic. The clinic shows, per field, the value of the
winning active row: the clinic's own site outranks directories and review sites; among sources
of one rank, the one that began saying its value most recently wins. A re-fetch that says the
same thing again is not news, so two sources that disagree do not take turns on every crawl;
their disagreement stays visible to ``field_conflicts``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from clinics.models import FieldSource

# An admin's edit outranks every crawl; a clinic's own site outranks a directory that copied it.
SPIDER_RANK = {"admin": 3, "clinic_site": 2}
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def rank(spider: str) -> int:
    return SPIDER_RANK.get(spider, 1)


@dataclass
class SourceRow:
    """One stored provenance row, read as plain values: a crawl item touches a dozen of them,
    and ORM objects for each cost more than the statements that write them."""

    id: int | None
    source_url: str
    spider: str
    value: object
    value_since: datetime | None
    retired: bool


def rows_by_field(session: Session, clinic_id: int) -> dict[str, list[SourceRow]]:
    """Every provenance row of the clinic (retired ones too), read in one query."""
    found: dict[str, list[SourceRow]] = {}
    rows = session.execute(
        select(FieldSource.id, FieldSource.field, FieldSource.source_url, FieldSource.spider,
               FieldSource.value, FieldSource.value_since, FieldSource.fetched_at,
               FieldSource.retired_at).where(FieldSource.clinic_id == clinic_id))
    for row_id, name, url, spider, value, since, fetched, retired in rows:
        found.setdefault(name, []).append(
            SourceRow(row_id, url, spider, value, aware(since or fetched), retired is not None))
    return found


def winner(rows: list[SourceRow]) -> SourceRow | None:
    """The active row that speaks for the clinic: highest rank, then the newest statement."""
    active = [row for row in rows if not row.retired]
    if not active:
        return None
    return max(active, key=lambda r: (rank(r.spider), r.value_since or _EPOCH,
                                      r.id if r.id is not None else float("inf")))


class SourceWrites:
    """The provenance rows one record adds, refreshes or retires, written in a few statements."""

    def __init__(self, clinic_id: int, source_url: str, spider: str, seen: datetime):
        self.clinic_id, self.source_url, self.spider, self.seen = clinic_id, source_url, spider, seen
        self.inserts: list[dict] = []
        self.updates: list[dict] = []
        self.retirements: list[dict] = []

    def _own(self, rows: list[SourceRow]) -> SourceRow | None:
        return next((r for r in rows if r.source_url == self.source_url), None)

    def state(self, rows: list[SourceRow], name: str, value: object,
              evidence: list[dict] | None) -> None:
        """This page states ``value`` for the field now."""
        row = self._own(rows)
        if row is None:
            rows.append(SourceRow(None, self.source_url, self.spider, value, self.seen, False))
            self.inserts.append({"clinic_id": self.clinic_id, "field": name, "value": value,
                                 "source_url": self.source_url, "spider": self.spider,
                                 "fetched_at": self.seen, "value_since": self.seen,
                                 "evidence": evidence or None})
            return
        if row.retired or row.value != value or row.value_since is None:
            row.value_since = self.seen
        row.value, row.retired = value, False
        self.updates.append({"id": row.id, "value": value, "fetched_at": self.seen,
                             "value_since": row.value_since, "retired_at": None,
                             "evidence": evidence or None})

    def unstated(self, rows: list[SourceRow]) -> None:
        """This page, read again, no longer states the field: its row becomes history."""
        row = self._own(rows)
        if row is not None and not row.retired and row.id is not None:
            row.retired = True
            self.retirements.append({"id": row.id, "retired_at": self.seen})

    def write(self, session: Session) -> None:
        if self.inserts:
            session.execute(insert(FieldSource), self.inserts)
        if self.updates:
            session.execute(update(FieldSource), self.updates)
        if self.retirements:
            session.execute(update(FieldSource), self.retirements)


def field_history(session: Session, clinic_id: int) -> dict[str, list[FieldSource]]:
    """Where and when each field of a clinic was seen, newest sighting first, retired rows
    included (their ``retired_at`` says since when the page no longer states the fact)."""
    stmt = (
        select(FieldSource)
        .where(FieldSource.clinic_id == clinic_id)
        .order_by(FieldSource.field, FieldSource.retired_at.is_not(None),
                  FieldSource.fetched_at.desc(), FieldSource.id)
    )
    grouped: dict[str, list[FieldSource]] = defaultdict(list)
    for row in session.scalars(stmt):
        grouped[row.field].append(row)
    return dict(grouped)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
