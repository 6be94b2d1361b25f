"""Test data for the search index: real SQLite databases seeded with random clinics at real ZIP
codes, and the brute-force answers a search is checked against."""
from __future__ import annotations

import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import zipcodes
from sqlalchemy import select

from clinics import vocab
from clinics.db import migrate, session_scope
from clinics.geo import haversine_mi, resolve_place, zip_point
from clinics.models import Clinic, Organization, Practitioner
from search_index import SearchRequest, search
from search_index.readers import close_thread_searchers

REGION_STATES = ("MD", "DC", "VA", "DE", "PA")
# Two Aleutian points on either side of the 180th meridian (Adak and Shemya).
DATELINE_ZIPS = ("99546", "96507")
# A word found only in some descriptions, so free-text results can be checked by brute force.
MARKER_WORD = "Solstice"
PHRASES = (
    "We offer ketamine infusions in a calm, private suite.",
    "Our anesthesiologists monitor every session.",
    "Evening appointments are available for working patients.",
    "Veterans are welcome; ask about our programs.",
    "Same-week consultations with a psychiatric nurse practitioner.",
    "Free parking next to the building.",
)
NAME_WORDS = (("Calm", "Harbor", "Renew", "Bright", "Cedar", "Summit"),
              ("Wellness", "Ketamine", "Infusion Center", "Health", "Clinic", "Mind Care"))
EXTRA_INSURER = "ambetter"


@dataclass(frozen=True)
class Corpus:
    database_url: str
    index_dir: Path
    clinics: list[Clinic]


def sqlite_url(folder: Path) -> str:
    url = f"sqlite:///{folder / 'clinics.sqlite3'}"
    migrate(url)
    return url


def region_zips() -> list[str]:
    return sorted(
        row["zip_code"] for row in zipcodes.list_all()
        if row["state"] in REGION_STATES and row["zip_code_type"] == "STANDARD" and row.get("lat")
    )


def _maybe(rng: random.Random) -> bool | None:
    return rng.choice((True, False, None))


def _located(rng: random.Random, clinic: Clinic, postal_code: str) -> None:
    lat, lon, city, state = zip_point(postal_code)
    clinic.postal_code, clinic.city, clinic.state = postal_code, city.title(), state
    if rng.random() < 0.04:
        return
    # Most clinics sit near, not exactly at, their ZIP's centre.
    clinic.lat = round(lat + rng.uniform(-0.03, 0.03), 6)
    clinic.lon = max(-180.0, min(180.0, round(lon + rng.uniform(-0.03, 0.03), 6)))


def _payment(rng: random.Random, clinic: Clinic) -> None:
    clinic.insurance_accepted = rng.choice(vocab.INSURANCE_ACCEPTED)
    if clinic.insurance_accepted == "yes" and rng.random() < 0.85:
        choices = list(vocab.tokens("insurers")) + [EXTRA_INSURER]
        clinic.insurers = rng.sample(choices, rng.randint(1, 4))
    for field in vocab.TRI_STATE_FIELDS:
        setattr(clinic, field, _maybe(rng))
    clinic.price_min_usd = rng.choice((None, 350, 400, 450, 500, 650))
    clinic.rating = rng.choice((None, round(rng.uniform(1, 5), 1)))
    clinic.review_count = 0 if clinic.rating is None else rng.randint(1, 300)


def random_clinic(rng: random.Random, number: int, postal_code: str) -> Clinic:
    """One plausible clinic at a ZIP; about one in ten is hidden or closed."""
    name = f"{rng.choice(NAME_WORDS[0])} {rng.choice(NAME_WORDS[1])} {number}"
    words = rng.sample(PHRASES, 2) + ([f"Ask about the {MARKER_WORD} program."]
                                      if rng.random() < 0.2 else [])
    clinic = Clinic(
        name=name, slug=f"clinic-{number}", description=" ".join(words),
        treatments=rng.sample(vocab.tokens("treatments"), rng.randint(1, 3)),
        conditions=rng.sample(vocab.tokens("conditions"), rng.randint(0, 4)),
        insurers=[], status=rng.choices(vocab.CLINIC_STATUSES, weights=(90, 5, 5))[0],
    )
    _located(rng, clinic, postal_code)
    _payment(rng, clinic)
    return clinic


def seed_clinics(database_url: str, count: int, seed: int) -> None:
    """Add ``count`` random clinics (plus two by the date line) to the database."""
    rng = random.Random(seed)
    zips = rng.sample(region_zips(), count) + list(DATELINE_ZIPS)
    with session_scope(database_url) as session:
        brand = Organization(name="Northstar Ketamine Partners", website_domain="northstar.test")
        for number, postal_code in enumerate(zips, start=1):
            clinic = random_clinic(rng, number, postal_code)
            if postal_code in DATELINE_ZIPS:
                clinic.status = "active"
                clinic.lat, clinic.lon = zip_point(postal_code)[:2]
            if number % 7 == 0:
                clinic.organization = brand
            if number % 5 == 0:
                clinic.practitioners = [Practitioner(name=f"Dr. Example {number}",
                                                     credentials=["md", "crna"])]
            session.add(clinic)


def load_clinics(database_url: str) -> list[Clinic]:
    """Every clinic row, detached, for brute-force comparisons."""
    with session_scope(database_url) as session:
        return list(session.scalars(select(Clinic).order_by(Clinic.id)))


def within(clinic, place, radius_mi) -> float | None:
    """The clinic's distance when it is inside the radius, else None."""
    if clinic.lat is None or clinic.lon is None:
        return None
    distance = haversine_mi(place.lat, place.lon, clinic.lat, clinic.lon)
    return distance if distance <= radius_mi else None


def wanted(c: Clinic, request: SearchRequest, place) -> bool:
    """Whether one database row answers the request, decided without the index."""
    return (
        c.status == "active"
        and (place is None or within(c, place, request.radius_mi) is not None)
        and (not request.insurers or bool(set(request.insurers) & set(c.insurers)))
        and set(request.treatments) <= set(c.treatments)
        and (not request.conditions or bool(set(request.conditions) & set(c.conditions)))
        and (not request.insurance_any or c.insurance_accepted == "yes")
        and (not request.sliding_scale or c.sliding_scale is True)
        and (not request.payment_plans or c.payment_plans is True)
    )


def brute_force(clinics: list[Clinic], request: SearchRequest) -> list[Clinic]:
    """The clinics a request should find, checked one by one against the database rows."""
    place = resolve_place(request.near) if request.near else None
    return [c for c in clinics if wanted(c, request, place)]


def all_hits(request: SearchRequest, index_dir) -> list:
    """Every hit of a search, page after page, checking that the total never changes."""
    hits, page = [], 1
    while True:
        results = search(replace(request, page=page, per_page=100), index_dir)
        hits += results.hits
        if page >= results.pages:
            assert len(hits) == results.total
            return hits
        page += 1


@contextmanager
def searching_meanwhile(look, threads: int = 2):
    """Run ``look()`` in a loop on other threads while the block runs; yields (seen, errors)."""
    stop, errors, seen = threading.Event(), [], []

    def keep_looking():
        try:
            while not stop.is_set():
                seen.append(look())
                time.sleep(0.001)
        except Exception as error:  # any failure at all is what the callers look for
            errors.append(error)
        finally:
            close_thread_searchers()

    readers = [threading.Thread(target=keep_looking) for _ in range(threads)]
    for thread in readers:
        thread.start()
    try:
        yield seen, errors
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=60)
