"""The fixed, seeded mix of searches the benchmark times: what patients and partners ask.

Kinds, in the proportions of a directory's traffic as we expect it: a place with filters (the
page's default), words with a place, words alone, a whole state, browsing by rating or price with
filters, and the forgiving cases (typos, quoted phrases, prefixes). Places are drawn from the
benchmark's own clinics, so every ZIP and city resolves.
"""
from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from clinics import vocab

from search_index import SearchRequest

PATIENT_TEXT = (
    "ketamine", "ketamine near me", "spravato", "esketamine", "sgb", "stellate ganglion block",
    "sgb for ptsd", "ketamin clinic that takes tricare", "KAP", "ketamine assisted psychotherapy",
    "depression", "treatment resistant depression", "ptsd", "anxiety", "chronic pain",
    "iv ketamine infusion", "veterans", "kind staff", "anesthesiologist", "sliding scale",
    "infusion center", "fibromyalgia", "evening appointments", "integration support",
    "spravato baltimore", "ketamine for anxiety", "pain relief", "psychiatry",
)
FORGIVING_TEXT = ("ketamne", "spravto", "depresion", "stelate ganglion", "anxeity",
                  '"calm, private suite"', '"ultrasound guidance"', "infus*", "anesth*",
                  "psychiat*")
KINDS = (("place", 200), ("text_place", 100), ("text", 80), ("state", 40), ("browse", 40),
         ("forgiving", 40))
YES_ONLY = ("insurance_any", "sliding_scale", "payment_plans", "free_consultation", "aftercare",
            "accepting_new_patients", "telehealth", "npi_verified")


@dataclass(frozen=True)
class Query:
    kind: str
    request: SearchRequest


def _places(database_path: Path, rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    db = sqlite3.connect(database_path)
    rows = db.execute("SELECT postal_code, city, state, lat, lon FROM clinics "
                      "WHERE status = 'active' AND lat IS NOT NULL ORDER BY id").fetchall()
    db.close()
    chosen = rng.sample(rows, 300)
    zips = [row[0] for row in chosen]
    cities = [f"{row[1]}, {row[2]}" for row in chosen]
    points = [f"{row[3] + rng.uniform(-0.2, 0.2):.4f},{row[4] + rng.uniform(-0.2, 0.2):.4f}"
              for row in chosen]
    return zips, cities, points


def _filters(rng: random.Random, most: int) -> dict:
    chosen: dict = {}
    for _ in range(rng.randint(0, most)):
        kind = rng.choice(("insurers", "treatments", "conditions", "credentials", "yes",
                           "yes", "min_rating", "max_price_usd"))
        if kind in ("insurers", "conditions"):
            chosen[kind] = rng.sample(vocab.tokens(kind), rng.randint(1, 2))
        elif kind in ("treatments", "credentials"):
            chosen[kind] = [rng.choice(vocab.tokens(kind))]
        elif kind == "yes":
            chosen[rng.choice(YES_ONLY)] = True
        elif kind == "min_rating":
            chosen[kind] = rng.choice((3, 3.5, 4, 4.5))
        else:
            chosen[kind] = rng.choice((400, 500, 750))
    return chosen


def _one(kind: str, rng: random.Random, places) -> SearchRequest:
    zips, cities, points = places
    near = rng.choice(rng.choices((zips, cities, points), weights=(5, 4, 1))[0])
    radius = rng.choices((10, 25, 50, 100), weights=(2, 5, 3, 2))[0]
    page = 2 if rng.random() < 0.1 else 1
    if kind == "place":
        sort = rng.choices((None, "rating", "price"), weights=(7, 2, 1))[0]
        return SearchRequest(near=near, radius_mi=radius, sort=sort, page=page,
                             **_filters(rng, 3))
    if kind == "text_place":
        return SearchRequest(q=rng.choice(PATIENT_TEXT), near=near, radius_mi=radius,
                             sort=rng.choice((None, "relevance")), **_filters(rng, 2))
    if kind == "text":
        return SearchRequest(q=rng.choice(PATIENT_TEXT), page=page, **_filters(rng, 2))
    if kind == "state":
        return SearchRequest(q=rng.choice(("", "ketamine", "sgb", "spravato")),
                             near=rng.choice(("MD", "Texas", "CA", "New York", "FL", "OH")),
                             sort=rng.choice((None, "rating")), **_filters(rng, 2))
    if kind == "browse":
        return SearchRequest(sort=rng.choice(("rating", "price")), page=page,
                             **_filters(rng, 3))
    return SearchRequest(q=rng.choice(FORGIVING_TEXT), near=rng.choice((None, near)),
                         radius_mi=100)


def query_mix(database_path: Path, seed: int) -> list[Query]:
    """The 500 searches, in a seeded random order."""
    rng = random.Random(seed)
    places = _places(database_path, rng)
    mix = [Query(kind, _one(kind, rng, places)) for kind, count in KINDS for _ in range(count)]
    rng.shuffle(mix)
    return mix
