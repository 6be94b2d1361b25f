"""A seeded synthetic directory for the search benchmark: clinics at real ZIP codes, staff, reviews.

The same seed gives the same database, so runs compare like with like. Generating 200,000 reviews
takes a while, so the database is cached under ``$CLINICS_VAR/bench`` (or the system temp folder
when CLINICS_VAR is not set), never in the repository; a cached file is only used when it was
completed, because it is written under a temporary name and renamed at the end.
"""
from __future__ import annotations

import hashlib
import os
import random
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import zipcodes
from sqlalchemy import insert

from clinics import vocab
from clinics.db import engine_for, migrate
from clinics.models import Clinic, Organization, Practitioner, Review, clinic_practitioners

FORMAT = 4
NAME_FIRST = ("Harbor", "Summit", "Cedar", "Renew", "Bright", "Clear", "Lakeside", "Pinnacle",
              "Northstar", "Serenity", "Evergreen", "Horizon", "Riverbend", "Keystone", "Beacon")
NAME_SECOND = ("Ketamine", "Wellness", "Infusion Center", "Mind Care", "Health", "Clinic",
               "Psychiatry", "Pain Relief", "Recovery", "Neuro Health")
DESCRIPTION_SENTENCES = (
    "We offer ketamine infusions in a calm, private suite.",
    "Our anesthesiologists monitor every session closely.",
    "Evening and weekend appointments are available.",
    "Veterans and first responders are welcome.",
    "We treat treatment-resistant depression, PTSD and anxiety.",
    "Spravato (esketamine nasal spray) is given under supervision in our office.",
    "Stellate ganglion block for PTSD is performed with ultrasound guidance.",
    "Ketamine-assisted psychotherapy pairs each session with a licensed therapist.",
    "Free parking is next to the building.",
    "Chronic pain and fibromyalgia patients are seen by our pain team.",
    "Integration support after each session helps patients make lasting changes.",
)
REVIEW_OPENINGS = ("The staff were", "My nurse was", "The doctor was", "Everyone was",
                   "The front desk was", "The anesthesiologist was")
REVIEW_TRAITS = ("kind", "patient", "professional", "caring", "rushed", "late", "friendly",
                 "thorough", "calm", "helpful")
REVIEW_STORIES = (
    "After six infusions my depression finally lifted.",
    "The ketamine infusion helped my PTSD more than anything else.",
    "The SGB shot worked within an hour for my anxiety.",
    "Spravato sessions were long but worth it.",
    "Billing was confusing and insurance took months.",
    "The sliding scale made treatment affordable for me.",
    "Wait times were long on my first visit.",
    "The room was quiet and the music was relaxing.",
    "My chronic pain improved after the series.",
    "They explained every step before the treatment started.",
    "I felt safe the whole time and would come back.",
    "Parking was easy and the office was clean.",
)
EXTRA_INSURERS = ("ambetter", "oscar", "molina", "wellcare")
CREDENTIAL_SETS = (
    ["md", "board_certified_anesthesiology"], ["md", "board_certified_psychiatry"], ["crna"],
    ["np", "pmhnp"], ["do", "board_certified_pain_medicine"], ["lcsw"], ["lpc"], ["phd"],
    ["psyd"], ["pa"], ["rn"], ["lmft"],
)
SEEN_FROM = datetime(2025, 1, 1, tzinfo=timezone.utc)


def cache_dir() -> Path:
    """Where generated data may be kept between runs: never inside the repository."""
    base = os.environ.get("CLINICS_VAR") or tempfile.gettempdir()
    path = Path(base) / "bench" / "search"
    path.mkdir(parents=True, exist_ok=True)
    return path


def dataset_path(clinics: int, reviews: int, seed: int) -> Path:
    return cache_dir() / f"synthetic-v{FORMAT}-{clinics}c-{reviews}r-s{seed}.sqlite3"


def ensure_database(clinics: int, reviews: int, seed: int) -> tuple[str, bool]:
    """(database URL, whether it was generated now) for the cached dataset, generating it once."""
    path = dataset_path(clinics, reviews, seed)
    if path.exists():
        return f"sqlite:///{path}", False
    partial = path.with_suffix(f".partial-{os.getpid()}")
    url = f"sqlite:///{partial}"
    migrate(url)
    generate(url, clinics, reviews, seed)
    engine_for(url).dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    os.replace(partial, path)
    return f"sqlite:///{path}", True


def standard_zips() -> list[dict]:
    return sorted(
        (row for row in zipcodes.filter_by(zip_code_type="STANDARD")
         if row.get("lat") and row["state"] != "PR"),
        key=lambda row: row["zip_code"],
    )


def _maybe(rng: random.Random, yes: float = 0.4, no: float = 0.25) -> bool | None:
    draw = rng.random()
    return True if draw < yes else False if draw < yes + no else None


def _insurance(rng: random.Random) -> tuple[str, list[str]]:
    accepted = rng.choices(("yes", "no", "unknown"), weights=(45, 25, 30))[0]
    if accepted != "yes" or rng.random() < 0.1:
        return accepted, []
    # Each insurer once: the vocabulary has since learned some of the extra ones (molina).
    choices = list(dict.fromkeys((*vocab.tokens("insurers"), *EXTRA_INSURERS)))
    return accepted, rng.sample(choices, rng.randint(1, 5))


def _price(rng: random.Random) -> tuple[int | None, int | None]:
    if rng.random() < 0.3:
        return None, None
    low = rng.choice((250, 300, 350, 400, 450, 500, 550, 600, 700, 800))
    return low, low + rng.choice((0, 50, 100, 200))


def clinic_row(rng: random.Random, number: int, place: dict, organizations: int) -> dict:
    """One clinic as a row of the clinics table."""
    city = place["city"].title()
    name = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)} of {city}"
    accepted, insurers = _insurance(rng)
    price_min, price_max = _price(rng)
    row = dict(
        id=number, name=name, slug=f"bench-{number}", city=city, state=place["state"],
        postal_code=place["zip_code"], street=f"{rng.randint(1, 9999)} Main St",
        lat=round(float(place["lat"]) + rng.uniform(-0.02, 0.02), 6),
        lon=round(float(place["long"]) + rng.uniform(-0.02, 0.02), 6), geo_precision="page",
        phone=f"+1{rng.randint(201, 989)}555{number % 10000:04d}",
        website=f"https://bench-{number}.example/",
        description=" ".join(rng.sample(DESCRIPTION_SENTENCES, rng.randint(2, 4))),
        treatments=rng.sample(vocab.tokens("treatments"), rng.randint(1, 4)),
        conditions=rng.sample(vocab.tokens("conditions"), rng.randint(0, 6)),
        insurance_accepted=accepted, insurers=insurers,
        price_min_usd=price_min, price_max_usd=price_max,
        status=rng.choices(("active", "hidden", "closed"), weights=(94, 3, 3))[0],
        is_demo=False, organization_id=rng.randint(1, organizations) if rng.random() < 0.2 else None,
        first_seen=SEEN_FROM, last_seen=SEEN_FROM + timedelta(days=rng.randint(0, 300)),
    )
    for field in vocab.TRI_STATE_FIELDS:
        row[field] = _maybe(rng)
    if rng.random() < 0.03:
        row["lat"] = row["lon"] = None
    return row


def review_text(rng: random.Random) -> str:
    opening = f"{rng.choice(REVIEW_OPENINGS)} {rng.choice(REVIEW_TRAITS)}."
    return " ".join([opening, *rng.sample(REVIEW_STORIES, rng.randint(1, 3))])


def _review_counts(rng: random.Random, clinics: int, reviews: int) -> list[int]:
    """How many reviews each clinic gets: uneven, as on real sites, summing to ``reviews``."""
    weights = [rng.paretovariate(1.5) for _ in range(clinics)]
    scale = reviews / sum(weights)
    counts = [int(w * scale) for w in weights]
    for index in rng.sample(range(clinics), reviews - sum(counts)):
        counts[index] += 1
    return counts


def _reviews_of(rng: random.Random, clinic_id: int, count: int, first_id: int) -> list[dict]:
    rows = []
    for offset in range(count):
        review_id = first_id + offset
        rows.append(dict(
            id=review_id, clinic_id=clinic_id, source="bench",
            source_url=f"https://reviews.example/{clinic_id}", author=None,
            rating=rng.choices((1, 2, 3, 4, 5), weights=(5, 5, 10, 30, 50))[0],
            text=review_text(rng), published=date(2024, 1, 1) + timedelta(days=rng.randint(0, 600)),
            content_hash=hashlib.sha256(str(review_id).encode()).hexdigest(), first_seen=SEEN_FROM,
        ))
    return rows


def _staff(rng: random.Random, clinic_id: int, first_id: int) -> tuple[list[dict], list[dict]]:
    people, links = [], []
    for offset in range(rng.randint(0, 3)):
        person_id = first_id + offset
        people.append(dict(
            id=person_id, name=f"Practitioner {person_id}",
            credentials=list(rng.choice(CREDENTIAL_SETS)),
            npi=f"{1_000_000_000 + person_id}" if rng.random() < 0.7 else None,
            npi_verified=rng.random() < 0.5,
        ))
        links.append(dict(clinic_id=clinic_id, practitioner_id=person_id))
    return people, links


def generate(database_url: str, clinics: int, reviews: int, seed: int) -> None:
    """Write ``clinics`` clinics (with staff) and ``reviews`` reviews into a migrated database."""
    rng = random.Random(seed)
    places = standard_zips()
    organizations = max(1, clinics // 100)
    review_counts = _review_counts(rng, clinics, reviews)
    engine = engine_for(database_url)
    with engine.begin() as connection:
        connection.execute(insert(Organization), [
            dict(id=n, name=f"Chain {n} Ketamine Partners", website_domain=f"chain-{n}.example")
            for n in range(1, organizations + 1)])
        next_review, next_person = 1, 1
        for start in range(1, clinics + 1, 1000):
            batch = range(start, min(clinics, start + 999) + 1)
            rows, review_rows, people, links = [], [], [], []
            for number in batch:
                row = clinic_row(rng, number, rng.choice(places), organizations)
                count = review_counts[number - 1]
                review_rows += _reviews_of(rng, number, count, next_review)
                ratings = [r["rating"] for r in review_rows[-count:]] if count else []
                row["rating"] = round(sum(ratings) / count, 2) if count else None
                row["review_count"] = count
                next_review += count
                staff, staff_links = _staff(rng, number, next_person)
                next_person += len(staff)
                rows.append(row)
                people += staff
                links += staff_links
            connection.execute(insert(Clinic), rows)
            if review_rows:
                connection.execute(insert(Review), review_rows)
            if people:
                connection.execute(insert(Practitioner), people)
                connection.execute(insert(clinic_practitioners), links)
