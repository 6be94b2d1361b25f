"""The directory the browser tests browse: clinics around Baltimore, one read closely, one hostile.

Rows are written straight into the tables (not through ingest) so hostile markup reaches the
database as it is: the pages alone must keep it inert.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from clinics.db import session_scope
from clinics.geo import zip_point
from clinics.models import Clinic, FieldSource, Practitioner, Review, SourceRating
from databases import new_database
from search_index import rebuild

SEEN_AT = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)
HOSTILE_NAME = '<img src=x onerror="alert(1)">Evil <script>alert(2)</script> Clinic'
HOSTILE_TEXT = ("<script>alert(3)</script><img src=y onerror=alert(4)> Calm rooms "
                '<a href="javascript:alert(5)">click</a>')
# Within 25 miles of 21201, each with a different mix of stated facts.
NEARBY_ZIPS = ("21202", "21205", "21209", "21210", "21211", "21212", "21213", "21214", "21215",
               "21216", "21217", "21218", "21224", "21230", "21231", "21204", "21286", "21093",
               "21044", "21045", "21401", "21403")
MAIN_SLUG = "harbor-light-ketamine"
HOSTILE_SLUG = "evil-clinic"
MAIN_REVIEWS = 14


@dataclass(frozen=True)
class Site:
    database_url: str
    index_dir: Path


def _clinic(slug: str, name: str, zip_code: str, **facts) -> Clinic:
    lat, lon, city, state = zip_point(zip_code)
    base = dict(slug=slug, name=name, postal_code=zip_code, city=city.title(), state=state,
                lat=lat, lon=lon, geo_precision="zip", status="active", is_demo=True,
                treatments=["iv_ketamine"], conditions=["depression"], insurers=[],
                insurance_accepted="unknown", last_seen=SEEN_AT)
    return Clinic(**{**base, **facts})


def _main_clinic() -> Clinic:
    clinic = _clinic(
        MAIN_SLUG, "Harbor Light Ketamine", "21201", street="10 Light St", phone="+14105550100",
        website="https://harbor-light.example/", hours="Mon-Fri 9am-5pm",
        insurance_accepted="yes", insurers=["aetna", "cigna"], sliding_scale=True,
        payment_plans=True, free_consultation=False, accepting_new_patients=True,
        treatments=["iv_ketamine", "esketamine_spravato"], conditions=["depression", "ptsd"],
        price_min_usd=400, price_max_usd=550, rating=4.2, review_count=MAIN_REVIEWS)
    clinic.practitioners = [
        Practitioner(name="Dana Reyes", credentials=["md", "board_certified_anesthesiology"],
                     npi="1234567893", npi_verified=True, npi_checked_at=SEEN_AT),
        Practitioner(name="Sam Lee", credentials=["crna"]),
    ]
    clinic.reviews = [
        Review(source="website" if n % 2 else "reviews.example",
               source_url=f"https://reviews.example/r/{n}", author=f"Patient {n}",
               rating=5 if n % 3 else 3, text=f"Review number {n}: kind staff.",
               published=date(2025, 3, 1) - timedelta(days=10 * n), content_hash=f"{n:064d}")
        for n in range(1, MAIN_REVIEWS + 1)
    ]
    clinic.source_ratings = [
        SourceRating(source="reviews.example", source_url="https://reviews.example/harbor",
                     rating=4.4, review_count=40, fetched_at=SEEN_AT),
    ]
    clinic.field_sources = [
        FieldSource(field="phone", value="+14105550100", spider="clinic_site",
                    source_url="https://harbor-light.example/contact", fetched_at=SEEN_AT),
        FieldSource(field="sliding_scale", value=True, spider="clinic_site",
                    source_url="https://harbor-light.example/fees", fetched_at=SEEN_AT),
    ]
    return clinic


def _hostile_clinic() -> Clinic:
    clinic = _clinic(HOSTILE_SLUG, HOSTILE_NAME, "21202", description=HOSTILE_TEXT,
                     website="javascript:alert(6)", insurance_accepted="yes", insurers=["aetna"],
                     sliding_scale=True, hours=HOSTILE_TEXT, rating=2.0, review_count=1)
    clinic.reviews = [Review(source="reviews.example", source_url="javascript:alert(7)",
                             author="<b onmouseover=alert(8)>A.</b>", rating=2,
                             text=HOSTILE_TEXT, published=date(2025, 1, 2),
                             content_hash="f" * 64)]
    return clinic


def _others() -> list[Clinic]:
    clinics = []
    for n, zip_code in enumerate(NEARBY_ZIPS):
        clinics.append(_clinic(
            f"clinic-{n:02d}", f"Chesapeake Care {n:02d}", zip_code,
            insurance_accepted="yes" if n % 2 else "unknown",
            insurers=["aetna"] if n % 2 else [],
            sliding_scale=(None, True, False)[n % 3], payment_plans=n % 4 == 0 or None,
            treatments=["iv_ketamine", "sgb"] if n % 5 == 0 else ["iv_ketamine"]))
    clinics.append(_clinic("far-away-wellness", "Far Away Wellness", "94103",
                           insurance_accepted="yes", insurers=["aetna"], sliding_scale=True))
    return clinics


def build_site(root: Path) -> Site:
    """A new database (on the run's engine) with the clinics, and its index under ``root``."""
    url = new_database(root)
    with session_scope(url) as session:
        session.add_all([_main_clinic(), _hostile_clinic(), *_others()])
    rebuild(database_url=url, index_dir=root / "index")
    return Site(url, root / "index")
