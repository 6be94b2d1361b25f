"""A small real directory for the web tests: a migrated database on the run's engine and a Whoosh
index of it.

The clinics sit at real ZIP centres around Baltimore at known distances, so search results can be
checked against great-circle distances computed here. Built once per session; tests only read it,
except through the ``fresh_directory`` fixture, which builds a throwaway one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from clinics.db import session_scope
from clinics.geo import zip_point
from clinics.models import Clinic, CrawlJob, FieldSource, Practitioner, Review
from databases import drop_database, new_database
from search_index import rebuild
from search_index.readers import close_thread_searchers
from webapp import auth, create_app

from partner_keys import keyed

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "correct horse battery staple"
SEEN_AT = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)
RETIRED_AT = datetime(2025, 6, 3, 12, 0, tzinfo=timezone.utc)
HOSTILE_QUOTE = 'We bill <b>Aetna</b> for Spravato."><script>alert(1)</script>'

CLINICS = [
    dict(slug="harbor-ketamine-baltimore", name="Harbor Ketamine Center", postal_code="21202",
         insurance_accepted="yes", insurers=["aetna", "cigna"], sliding_scale=True,
         treatments=["iv_ketamine", "esketamine_spravato"], conditions=["depression", "ptsd"],
         phone="+14105550123", website="https://harbor-ketamine.example/", street="10 Light St",
         hours="Mon-Fri 9am-5pm", price_min_usd=400, price_max_usd=550, is_demo=True),
    dict(slug="annapolis-infusion", name="Annapolis Infusion", postal_code="21401",
         insurance_accepted="yes", insurers=["aetna"], treatments=["iv_ketamine"]),
    dict(slug="capitol-sgb-washington", name="Capitol SGB Clinic", postal_code="20001",
         insurance_accepted="yes", insurers=["cigna"], sliding_scale=False, treatments=["sgb"]),
    dict(slug="philly-ketamine", name="Philly Ketamine", postal_code="19103",
         insurance_accepted="yes", insurers=["aetna", "bcbs"], treatments=["iv_ketamine"]),
    dict(slug="brooklyn-mind", name="Brooklyn Mind", postal_code="11201",
         insurance_accepted="yes", insurers=["aetna"],
         treatments=["ketamine_assisted_psychotherapy"]),
    dict(slug="richmond-relief", name="Richmond Relief", postal_code="23219",
         insurance_accepted="yes", insurers=["aetna"], treatments=["sgb"]),
    dict(slug="timonium-hidden", name="Timonium Hidden Clinic", postal_code="21093",
         insurance_accepted="yes", insurers=["aetna"], treatments=["iv_ketamine"], status="hidden"),
    dict(slug="columbia-self-pay", name="Columbia <b>Self-Pay</b> Clinic", postal_code="21044",
         insurance_accepted="no", description="<script>alert(1)</script> Calm rooms.",
         website="javascript:alert(1)", phone="410-555-0199", treatments=["oral_ketamine"]),
]


def build_clinic(record: dict) -> Clinic:
    """A Clinic at its ZIP's centre; keys not given keep the model's "not stated" defaults."""
    lat, lon, city, state = zip_point(record["postal_code"])
    fields = {"city": city.title(), "state": state, "lat": lat, "lon": lon, "geo_precision": "zip",
              "status": "active", "insurers": [], "treatments": [], "conditions": [], **record}
    return Clinic(**fields)


def harbor_details(clinic: Clinic) -> None:
    """Staff, two reviews and provenance for the clinic whose page the tests read closely."""
    clinic.practitioners = [
        Practitioner(name="Dana Reyes", credentials=["md", "board_certified_anesthesiology"]),
        Practitioner(name="Sam Lee", credentials=["crna"]),
    ]
    clinic.reviews = [
        Review(source="sample", source_url="https://reviews.example/1", author="Pat", rating=3,
               text="Older visit, long wait.", published=date(2024, 1, 10), content_hash="a" * 64),
        Review(source="sample", source_url="https://reviews.example/2", author="Kim", rating=5,
               text="Newest visit, kind staff.", published=date(2025, 3, 2), content_hash="b" * 64),
    ]
    clinic.rating, clinic.review_count = 4.0, 2
    clinic.field_sources = [
        FieldSource(field="phone", value="+14105550123", spider="clinic_site",
                    source_url="https://harbor-ketamine.example/contact", fetched_at=SEEN_AT),
        FieldSource(field="insurers", value=["aetna", "cigna"], spider="clinic_site",
                    source_url="https://harbor-ketamine.example/", fetched_at=SEEN_AT,
                    evidence=[{"url": "https://harbor-ketamine.example/insurance",
                               "quote": HOSTILE_QUOTE, "value": "aetna"}]),
        FieldSource(field="price_min_usd", value=350, spider="directory",
                    source_url="https://dir.example/harbor", fetched_at=SEEN_AT,
                    retired_at=RETIRED_AT),
    ]


@dataclass(frozen=True)
class Directory:
    database_url: str
    index_dir: Path


def make_directory(root: Path, records: list[dict], engine: str | None = None) -> Directory:
    """A new database (on the run's engine) with the clinics, an admin and a crawl job, and
    its index under ``root``."""
    url = new_database(root, engine)
    with session_scope(url) as session:
        clinics = [build_clinic(record) for record in records]
        for clinic in clinics:
            if clinic.slug == "harbor-ketamine-baltimore":
                harbor_details(clinic)
        session.add_all(clinics)
        session.add(CrawlJob(spider="clinic_site", status="done", stats={"items": 7}))
        auth.set_admin_password(session, ADMIN_EMAIL, ADMIN_PASSWORD)
    rebuild(database_url=url, index_dir=root / "index")
    return Directory(url, root / "index")


@pytest.fixture(scope="session")
def directory(tmp_path_factory):
    built = make_directory(tmp_path_factory.mktemp("directory"), CLINICS)
    yield built
    close_thread_searchers()
    drop_database(built.database_url)


@pytest.fixture(scope="session")
def clinic_records() -> list[dict]:
    return CLINICS


@pytest.fixture(scope="session")
def clinic_factory():
    """Turns one record like those in CLINICS into an unsaved Clinic."""
    return build_clinic


@pytest.fixture
def small_directory(tmp_path):
    """Builds throwaway directories from the records a test gives, for tests needing other data."""
    built: list[Directory] = []

    def build(records: list[dict], engine: str | None = None) -> Directory:
        built.append(make_directory(tmp_path / f"directory-{len(built)}", records, engine))
        return built[-1]

    yield build
    close_thread_searchers()
    for each in built:
        drop_database(each.database_url)


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """Build an app over a directory; keyword overrides go into its config."""
    monkeypatch.setenv("CLINICS_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("SECRET_KEY", "test secret key")

    def build(directory: Directory, **overrides):
        settings = {"TESTING": True, "DATABASE_URL": directory.database_url,
                    "INDEX_DIR": directory.index_dir, "WTF_CSRF_ENABLED": False, **overrides}
        return keyed(create_app(settings))

    return build


@pytest.fixture
def app(make_app, directory):
    return make_app(directory)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email=ADMIN_EMAIL, password=ADMIN_PASSWORD, next_path=None):
        url = "/admin/login" + (f"?next={next_path}" if next_path else "")
        return self._client.post(url, data={"email": email, "password": password})


@pytest.fixture
def auth_actions(client):
    return AuthActions(client)


@pytest.fixture(scope="session")
def admin_account() -> tuple[str, str]:
    """(email, password) of the admin every directory is built with."""
    return ADMIN_EMAIL, ADMIN_PASSWORD


@pytest.fixture
def redis_url():
    """The machine's Redis; skip only when none answers and this is not CI."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc.__class__.__name__}")
    finally:
        client.close()
    return REDIS_URL
