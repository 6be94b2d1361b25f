"""A database's crawled content, comparable between two databases: every row of the crawl's tables
with row ids replaced by what the referenced row says, timestamps left out, and lists sorted.

Two crawls that stored the same facts give equal snapshots whatever order they stored them in.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter

from sqlalchemy import DateTime

from clinics.models import Base

CRAWLED_TABLES = ("organizations", "clinics", "practitioners", "clinic_practitioners",
                  "reviews", "source_ratings", "field_sources")


def _plain(value):
    """A hashable, order-free form of a column value (JSON lists are sorted)."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        if isinstance(decoded, list):
            return tuple(sorted(json.dumps(v, sort_keys=True) for v in decoded))
        return json.dumps(decoded, sort_keys=True)
    return value


def _columns(table) -> list:
    return [c for c in table.columns
            if not (c.primary_key and not c.foreign_keys) and not isinstance(c.type, DateTime)]


def snapshot(database_url: str) -> dict[str, Counter]:
    """{table: Counter of rows} with foreign keys replaced by the referenced rows' snapshots."""
    natural: dict[str, dict[int, tuple]] = {}
    found: dict[str, Counter] = {}
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
        for name in CRAWLED_TABLES:
            table = Base.metadata.tables[name]
            columns = _columns(table)
            query = f"SELECT {', '.join(['rowid'] + [c.name for c in columns])} FROM {name}"
            rows = {}
            for rowid, *values in conn.execute(query):
                rows[rowid] = tuple(_resolve(c, v, natural) for c, v in zip(columns, values))
            natural[name] = rows
            found[name] = Counter(rows.values())
    return found


def _resolve(column, value, natural: dict[str, dict[int, tuple]]):
    if value is None or not column.foreign_keys:
        return _plain(value)
    target = next(iter(column.foreign_keys)).column.table.name
    return natural[target][value]


def differences(first: dict[str, Counter], second: dict[str, Counter], limit: int = 5) -> dict:
    """Rows only in the first and only in the second snapshot, per table (a few of each)."""
    out = {}
    for name in CRAWLED_TABLES:
        only_first = list((first[name] - second[name]).elements())[:limit]
        only_second = list((second[name] - first[name]).elements())[:limit]
        if only_first or only_second:
            out[name] = {"only_first": only_first, "only_second": only_second}
    return out
