"""The yardstick for the search benchmark: the same directory in SQLite with FTS5 and an R*Tree.

It answers the same place + filter searches the way a careful SQLite design would: the R*Tree
narrows to the bounding box, indexed side tables answer the list filters (any insurer, every
treatment), columns answer the yes-only facts, and the exact distance, total, facets and page are
worked out from the rows that come back. Built from the benchmark's database into a file of its
own (cached next to it), so neither side shares a cache with the other.

Where the directory means more than the raw columns say, the baseline means the same, so that
the two can be compared search by search:

* a condition counts under each broader one (a clinic listing treatment-resistant depression is
  found, and counted, under depression), as ``clinics.vocab.broader`` says;
* an insurer chosen together with treatments needs insurance that pays for each of them, when
  the clinic names the treatments its insurance pays for;
* a facet counts clinics, each once per value, whatever its lists repeat;
* the R*Tree stores 32-bit floats rounded outwards, so its box is asked for overlap with the
  search's box, never containment, and the exact distance decides.
"""
from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from pathlib import Path

from clinics import vocab
from clinics.geo import bounding_box, haversine_mi

from search_index.request import YES_ONLY, SearchRequest

LISTS = ("insurers", "treatments", "conditions", "credentials")
# Bumped when the baseline's tables change, so that a cached baseline of older code is rebuilt.
FORMAT = 2
# The ``insured`` token of a clinic that does not tie its insurance to particular treatments.
INSURED_ANY = "*"
FACTS = ("insurance_accepted", "sliding_scale", "payment_plans", "free_consultation", "aftercare",
         "accepting_new_patients", "telehealth")
_SCHEMA = """
CREATE TABLE clinic (id INTEGER PRIMARY KEY, name TEXT, name_key TEXT, lat REAL, lon REAL,
    rating REAL, review_count INTEGER, price_min_usd INTEGER, state TEXT, npi_verified INTEGER,
    insurance_accepted INTEGER, sliding_scale INTEGER, payment_plans INTEGER,
    free_consultation INTEGER, aftercare INTEGER, accepting_new_patients INTEGER,
    telehealth INTEGER, insurers TEXT, treatments TEXT, conditions TEXT);
CREATE VIRTUAL TABLE clinic_box USING rtree(id, min_lat, max_lat, min_lon, max_lon);
CREATE VIRTUAL TABLE clinic_text USING fts5(name, body, reviews, tokenize='porter');
CREATE TABLE clinic_token (kind TEXT, token TEXT, clinic_id INTEGER);
"""
_INDEXES = "CREATE INDEX clinic_token_lookup ON clinic_token (kind, token, clinic_id);"
_STAFF = """SELECT cp.clinic_id, p.credentials, p.npi_verified FROM clinic_practitioners cp
            JOIN practitioners p ON p.id = cp.practitioner_id"""


def _staff(source: sqlite3.Connection) -> dict[int, tuple[set[str], bool]]:
    staff: dict[int, tuple[set[str], bool]] = {}
    for clinic_id, credentials, verified in source.execute(_STAFF):
        tokens, any_verified = staff.get(clinic_id, (set(), False))
        staff[clinic_id] = (tokens | set(json.loads(credentials or "[]")),
                            any_verified or bool(verified))
    return staff


def _word(value) -> int | None:
    return None if value is None else int(bool(value))


def path_for(database_path: Path) -> Path:
    """Where the baseline of a benchmark database is cached."""
    return database_path.with_suffix(f".baseline-v{FORMAT}.sqlite3")


def build(database_path: Path, baseline_path: Path) -> None:
    """Copy the active clinics of the benchmark database into the baseline's tables."""
    partial = baseline_path.with_suffix(f".partial-{os.getpid()}")
    source = sqlite3.connect(database_path)
    target = sqlite3.connect(partial)
    target.executescript(_SCHEMA)
    staff = _staff(source)
    reviews: dict[int, list[str]] = {}
    for clinic_id, text in source.execute("SELECT clinic_id, text FROM reviews"):
        reviews.setdefault(clinic_id, []).append(text)
    rows = source.execute(
        "SELECT id, name, lat, lon, rating, review_count, price_min_usd, state, "
        "insurance_accepted, sliding_scale, payment_plans, free_consultation, aftercare, "
        "accepting_new_patients, telehealth, insurers, treatments, conditions, description, "
        "insurance_treatments FROM clinics WHERE status = 'active'")
    for row in rows:
        _add(target, row, staff.get(row[0], (set(), False)), reviews.get(row[0], []))
    target.executescript(_INDEXES)
    target.commit()
    target.close()
    source.close()
    os.replace(partial, baseline_path)


def _distinct(tokens) -> list[str]:
    return list(dict.fromkeys(tokens))


def _with_broader(conditions: list[str]) -> list[str]:
    return _distinct(found for token in conditions
                     for found in (token, *vocab.broader("conditions", token)))


def _add(target: sqlite3.Connection, row: tuple, staff, reviews: list[str]) -> None:
    (clinic_id, name, lat, lon, rating, review_count, price, state, insurance, *facts) = row[:15]
    insurers, treatments, conditions, description, insured = row[15:]
    lists = {"insurers": _distinct(json.loads(insurers or "[]")),
             "treatments": _distinct(json.loads(treatments or "[]")),
             "conditions": _with_broader(json.loads(conditions or "[]")),
             "credentials": sorted(staff[0]),
             "insured": _distinct(json.loads(insured or "[]")) or [INSURED_ANY]}
    target.execute(
        "INSERT INTO clinic VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (clinic_id, name, name.lower(), lat, lon, rating, review_count, price, state,
         int(staff[1]), None if insurance == "unknown" else int(insurance == "yes"),
         *(_word(value) for value in facts),
         ",".join(lists["insurers"]), ",".join(lists["treatments"]),
         ",".join(lists["conditions"])))
    if lat is not None and lon is not None:
        target.execute("INSERT INTO clinic_box VALUES (?,?,?,?,?)", (clinic_id, lat, lat, lon, lon))
    target.execute("INSERT INTO clinic_text (rowid, name, body, reviews) VALUES (?,?,?,?)",
                   (clinic_id, name, description or "", "\n".join(reviews)))
    target.executemany("INSERT INTO clinic_token VALUES (?,?,?)",
                       [(kind, token, clinic_id) for kind, tokens in lists.items()
                        for token in tokens])


def _filters(request: SearchRequest) -> tuple[list[str], list]:
    where, args = [], []

    def among(kind: str, tokens) -> None:
        marks = ",".join("?" * len(tokens))
        where.append(f"c.id IN (SELECT clinic_id FROM clinic_token WHERE kind = ? "
                     f"AND token IN ({marks}))")
        args.extend([kind, *tokens])
    if request.insurers:
        among("insurers", request.insurers)
        for token in request.treatments:
            among("insured", [token, INSURED_ANY])
    for token in request.treatments:
        among("treatments", [token])
    if request.conditions:
        among("conditions", request.conditions)
    for token in request.credentials:
        among("credentials", [token])
    for flag, fact in YES_ONLY.items():
        if getattr(request, flag):
            where.append(f"c.{fact} = 1")
    if request.npi_verified:
        where.append("c.npi_verified = 1")
    if request.min_rating is not None:
        where.append("c.rating >= ?")
        args.append(request.min_rating)
    if request.max_price_usd is not None:
        where.append("c.price_min_usd <= ?")
        args.append(request.max_price_usd)
    return where, args


def place_search(db: sqlite3.Connection, request: SearchRequest, lat: float, lon: float) -> dict:
    """Total, facets and the first page of a place + filter search, nearest first."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, request.radius_mi)
    where, args = _filters(request)
    sql = ("SELECT c.id, c.name_key, c.lat, c.lon, c.insurers, c.treatments, c.conditions, "
           "c.insurance_accepted, c.sliding_scale, c.payment_plans, c.free_consultation "
           "FROM clinic_box b JOIN clinic c ON c.id = b.id "
           "WHERE b.max_lat >= ? AND b.min_lat <= ? AND b.max_lon >= ? AND b.min_lon <= ?"
           + "".join(f" AND {clause}" for clause in where))
    found = []
    for row in db.execute(sql, [min_lat, max_lat, min_lon, max_lon, *args]):
        distance = haversine_mi(lat, lon, row[2], row[3])
        if distance <= request.radius_mi:
            found.append((distance, row))
    found.sort(key=lambda item: (item[0], item[1][1], item[1][0]))
    facets = {name: Counter(t for _, row in found for t in (row[i] or "").split(",") if t)
              for i, name in ((4, "insurers"), (5, "treatments"), (6, "conditions"))}
    facets["payment"] = Counter(name for _, row in found for i, name in (
        (7, "insurance"), (8, "sliding_scale"), (9, "payment_plans"),
        (10, "free_consultation")) if row[i] == 1)
    start = (request.page - 1) * request.per_page
    page = [row[0] for _, row in found[start:start + request.per_page]]
    return {"total": len(found), "ids": page, "facets": facets}


def connect(baseline_path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(baseline_path, check_same_thread=False)
    db.execute("PRAGMA query_only = 1")
    db.execute("PRAGMA cache_size = -262144")
    return db
