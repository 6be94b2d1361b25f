"""Test data for the search index: real SQLite databases seeded with random clinics at real ZIP
codes, and the brute-force answers a search is checked against.

The brute force reads the database rows one by one and decides each filter from the facts as
stored, with its own haversine and its own radius widening, so a search is checked against what
the database says rather than against the index's own bookkeeping.
"""
from __future__ import annotations

import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import zipcodes
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from clinics import vocab
from clinics.db import session_scope
from clinics.geo import haversine_mi, normalize_state, resolve_place, zip_point
from clinics.models import Clinic, Organization, Practitioner, Review
from databases import new_database
from search_index import SearchRequest, rebuild, search
from search_index.checks import credential_choice, credential_tokens
from search_index.readers import close_thread_searchers

REGION_STATES = ("MD", "DC", "VA", "DE", "PA")
# Two Aleutian points on either side of the 180th meridian (Adak and Shemya).
DATELINE_ZIPS = ("99546", "96507")
# A word found only in some descriptions, so free-text results can be checked by brute force.
MARKER_WORD = "Solstice"
# A word found only in some reviews: review text is searchable though not stored.
REVIEW_WORD = "Marigold"
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
STAFF = (["md", "board_certified_anesthesiology"], ["md", "board_certified_psychiatry"], ["crna"],
         ["np", "pmhnp"], ["lcsw"], ["lpc"], ["psyd"], ["md", "crna"])
WIDER_RADII_MI = (25, 50, 100)


@dataclass(frozen=True)
class Corpus:
    database_url: str
    index_dir: Path
    clinics: list[Clinic]


def database_in(folder: Path) -> str:
    """A migrated database on the run's engine (an SQLite file in ``folder``, or PostgreSQL)."""
    return new_database(folder)


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
    if clinic.price_min_usd is not None:
        clinic.price_max_usd = clinic.price_min_usd + rng.choice((0, 100))
    clinic.rating = rng.choice((None, round(rng.uniform(1, 5), 1)))
    clinic.review_count = 0 if clinic.rating is None else rng.randint(1, 300)


def _reviews(rng: random.Random, number: int) -> list[Review]:
    texts = ["Kind staff and a calm room.", "The wait was long but worth it.",
             f"The {REVIEW_WORD} lounge was lovely."]
    chosen = rng.sample(texts, rng.randint(0, 2))
    return [Review(source="test", source_url=f"https://reviews.test/{number}", rating=5,
                   text=text, published=date(2025, 1, 1), content_hash=f"{number}-{i}")
            for i, text in enumerate(chosen)]


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
    _insured_treatments(clinic, number)
    clinic.reviews = _reviews(rng, number)
    return clinic


def _insured_treatments(clinic: Clinic, number: int) -> None:
    """Some insured clinics say insurance pays only for some treatments (often only Spravato).
    Drawn apart from the corpus's own sequence, so every other fact stays as it was."""
    rng = random.Random(f"insured:{number}")
    if clinic.insurers and len(clinic.treatments) > 1 and rng.random() < 0.5:
        clinic.insurance_treatments = rng.sample(clinic.treatments, 1)


def _staff(rng: random.Random, number: int) -> list[Practitioner]:
    return [Practitioner(name=f"Dr. Example {number}-{i}", credentials=list(rng.choice(STAFF)),
                         npi_verified=rng.random() < 0.4)
            for i in range(rng.choice((0, 0, 1, 2)))]


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
            clinic.practitioners = _staff(rng, number)
            session.add(clinic)


def load_clinics(database_url: str) -> list[Clinic]:
    """Every clinic row with its staff and reviews, detached, for brute-force comparisons."""
    with session_scope(database_url) as session:
        statement = select(Clinic).options(
            selectinload(Clinic.practitioners), selectinload(Clinic.reviews)).order_by(Clinic.id)
        return list(session.scalars(statement))


def within(clinic, place, radius_mi) -> float | None:
    """The clinic's distance when it is inside the radius, else None."""
    if clinic.lat is None or clinic.lon is None:
        return None
    distance = haversine_mi(place.lat, place.lon, clinic.lat, clinic.lon)
    return distance if distance <= radius_mi else None


YES_ONLY = ("sliding_scale", "payment_plans", "free_consultation", "aftercare",
            "accepting_new_patients", "telehealth")


def wanted_conditions(request: SearchRequest) -> set[str]:
    """The conditions chosen and every narrower one: depression finds postpartum depression."""
    return {narrow for token in request.conditions
            for narrow in vocab.narrower("conditions", token)}


def listed_conditions(clinic: Clinic) -> list[str]:
    """What a clinic is counted under in the conditions facet: its own and their broader ones."""
    return list(dict.fromkeys(found for token in clinic.conditions
                              for found in (token, *vocab.broader("conditions", token))))


def has_facts(c: Clinic, request: SearchRequest) -> bool:
    """Whether one database row passes every filter of the request except the place."""
    staff = {token for person in c.practitioners for token in person.credentials or []}
    return (
        c.status == "active"
        and (not request.insurers or bool(set(request.insurers) & set(c.insurers)))
        and (not request.insurers or not c.insurance_treatments
             or set(request.treatments) <= set(c.insurance_treatments))
        and set(request.treatments) <= set(c.treatments)
        and (not request.conditions or bool(wanted_conditions(request) & set(c.conditions)))
        and all(staff & set(credential_tokens(credential_choice(choice) or choice))
                for choice in request.credentials)
        and (not request.npi_verified or any(p.npi_verified for p in c.practitioners))
        and (request.min_rating is None
             or (c.rating is not None and c.rating >= float(request.min_rating)))
        and (request.max_price_usd is None
             or (c.price_min_usd is not None and c.price_min_usd <= float(request.max_price_usd)))
        and (not request.insurance_any or c.insurance_accepted == "yes")
        and all(getattr(c, fact) is True for fact in YES_ONLY if getattr(request, fact))
    )


def radii(request: SearchRequest) -> list[float]:
    asked = float(request.radius_mi)
    wider = [float(r) for r in WIDER_RADII_MI if r > asked] if request.widen else []
    return [asked, *wider]


def brute_force(clinics: list[Clinic], request: SearchRequest) -> list[Clinic]:
    """The clinics a request should find, checked one by one against the database rows."""
    return brute_force_with_radius(clinics, request)[0]


def brute_force_with_radius(clinics: list[Clinic], request: SearchRequest):
    """(clinics, radius searched): a point search widens to 25, 50, 100 miles while empty."""
    passing = [c for c in clinics if has_facts(c, request)]
    near = (request.near or "").strip()
    if not near:
        return passing, None
    state = normalize_state(near)
    if state is not None:
        return [c for c in passing if c.state == state], None
    place = resolve_place(near)
    for radius in radii(request):
        found = [c for c in passing if within(c, place, radius) is not None]
        if found:
            break
    return found, radius


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
def searching_meanwhile(look, threads: int = 2, pause_s: float = 0.001):
    """Run ``look()`` in a loop on other threads while the block runs; yields (seen, errors).

    Each thread waits ``pause_s`` between the end of one look and the start of the next.
    """
    stop, errors, seen = threading.Event(), [], []

    def keep_looking():
        try:
            while not stop.is_set():
                seen.append(look())
                time.sleep(pause_s)
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


def clinic_at(postal_code: str, slug: str, **facts) -> Clinic:
    """An active clinic at a ZIP's centre; facts not given keep the model's "not stated"."""
    lat, lon, city, state = zip_point(postal_code)
    fields = dict(name=slug.replace("-", " ").title(), slug=slug, status="active",
                  postal_code=postal_code, city=city.title(), state=state, lat=lat, lon=lon,
                  treatments=[], conditions=[], insurers=[])
    fields.update(facts)
    return Clinic(**fields)


def directory_of(folder: Path, clinics: list[Clinic]) -> Corpus:
    """A database holding exactly these clinics, and an index built from it."""
    database_url = database_in(folder)
    with session_scope(database_url) as session:
        session.add_all(clinics)
    rebuild(database_url, folder / "index")
    return Corpus(database_url, folder / "index", load_clinics(database_url))
