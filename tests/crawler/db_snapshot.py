"""A database's crawled content, comparable between two databases: every row of the crawl's tables
with row ids replaced by what the referenced row says, timestamps left out, and lists sorted.

Two crawls that stored the same facts give equal snapshots whatever order they stored them in.
"""
from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import DateTime, select

from clinics.db import engine_for
from clinics.models import Base

CRAWLED_TABLES = ("organizations", "clinics", "practitioners", "clinic_practitioners",
                  "reviews", "source_ratings", "field_sources")


def _plain(value):
    """A hashable, order-free form of a column value (JSON lists are sorted)."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return tuple(sorted(json.dumps(v, sort_keys=True) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return value


def _columns(table) -> list:
    return [c for c in table.columns
            if not (c.primary_key and not c.foreign_keys) and not isinstance(c.type, DateTime)]


def snapshot(database_url: str) -> dict[str, Counter]:
    """{table: Counter of rows} with foreign keys replaced by the referenced rows' snapshots."""
    natural: dict[str, dict[int, tuple]] = {}
    found: dict[str, Counter] = {}
    with engine_for(database_url).connect() as conn:
        for name in CRAWLED_TABLES:
            table = Base.metadata.tables[name]
            columns = _columns(table)
            # Rows are found by their own key where others refer to them (an "id"), else by
            # their place in the answer.
            key = table.c.id if "id" in table.c else None
            query = select(*([] if key is None else [key]), *columns)
            rows = {}
            for place, row in enumerate(conn.execute(query)):
                row_id, values = (place, row) if key is None else (row[0], row[1:])
                rows[row_id] = tuple(_resolve(c, v, natural) for c, v in zip(columns, values))
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
