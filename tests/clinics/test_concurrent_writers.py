"""Crawls that store one clinic at the same moment, each through its own session, on real SQLite
and real PostgreSQL: four of them end with one clinic that keeps every crawl's sighting, and two
that match it by different keys both see each other's statements."""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from clinics import db
from clinics.ingest import upsert_clinic
from clinics.models import Clinic, FieldSource, Organization, Review
from clinics.write_locks import lock_id, match_keys

WRITERS = 4
# Each round is another clinic, in a ZIP code of its own.
ZIP_CODES = ["21201", "21202", "21205"]
ROUNDS = len(ZIP_CODES)


def sighting(round_no: int, writer: int) -> tuple[dict, str]:
    """One crawl's view of a clinic: the same site and phone, the name spelled its own way; one
    is a listing that names no website."""
    names = ["Harbor Light Ketamine", "Harbor Light Ketamine Clinic",
             "Harbor Light Ketamine, LLC", "HARBOR LIGHT KETAMINE"]
    record = {
        "name": f"{names[writer]} {round_no}", "website": f"https://harbor-{round_no}.example/",
        "phone": f"(410) 555-01{round_no:02d}", "street": f"{100 + round_no} N Charles Street",
        "city": "Baltimore", "state": "MD", "postal_code": ZIP_CODES[round_no],
        "reviews": [{"author": f"Writer {writer}", "rating": 5, "text": f"Visit {writer}",
                     "published": "2026-01-02"}],
    }
    if writer == 2:
        del record["website"]
    return record, f"https://directory-{writer}.example/clinic/{round_no}"


def store(database_url: str, barrier: threading.Barrier, record: dict, source_url: str,
          fetched_at: datetime | None = None) -> int | str:
    """Store the record once every writer is ready: the stored clinic's id, or why it failed."""
    try:
        with db.session_scope(database_url) as session:
            session.connection()  # connected before the start, so the race is the write itself
            barrier.wait(timeout=30)
            return upsert_clinic(session, record, source_url=source_url, spider="directory",
                                 fetched_at=fetched_at).clinic_id
    except Exception as error:  # noqa: BLE001 - reported by the test, not raised in a thread
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"


def race(database_url: str, round_no: int) -> list[int | str]:
    barrier = threading.Barrier(WRITERS)
    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [pool.submit(store, database_url, barrier, *sighting(round_no, writer))
                   for writer in range(WRITERS)]
        return [future.result(timeout=60) for future in futures]


def test_four_writers_storing_one_clinic_at_once_end_with_one_clinic(database_url):
    for round_no in range(ROUNDS):
        outcomes = race(database_url, round_no)
        failed = [outcome for outcome in outcomes if isinstance(outcome, str)]
        assert failed == [], f"round {round_no}: writers failed"
        assert len(set(outcomes)) == 1, f"round {round_no}: the writers made {set(outcomes)}"
    with db.session_scope(database_url) as session:
        clinics = session.scalars(select(Clinic).order_by(Clinic.id)).all()
        assert [clinic.website for clinic in clinics] == [
            f"https://harbor-{round_no}.example/" for round_no in range(ROUNDS)]
        assert len({clinic.slug for clinic in clinics}) == ROUNDS
        assert session.scalar(select(func.count(Organization.id))) == ROUNDS
        for clinic in clinics:
            sources = set(session.scalars(select(FieldSource.source_url)
                                          .where(FieldSource.clinic_id == clinic.id)))
            round_no = int(clinic.website.split("-")[1].split(".")[0])
            assert sources == {sighting(round_no, writer)[1] for writer in range(WRITERS)}
            authors = session.scalars(select(Review.author).where(Review.clinic_id == clinic.id))
            assert sorted(authors) == [f"Writer {writer}" for writer in range(WRITERS)]
            assert clinic.review_count == WRITERS


def test_a_record_is_locked_by_its_zip_site_phone_slug_and_npis():
    facts = {"name": "Harbor Light", "city": "Baltimore", "state": "MD", "postal_code": "21201",
             "phone": "+14105550100", "website": "https://www.Harbor.example/",
             "organization_website": "https://harbor.example"}
    people = [{"npi": "1234567893"}, {"npi": None}]
    assert match_keys(facts, people) == [
        "npi:1234567893", "phone:+14105550100", "site:harbor.example",
        "slug:harbor-light-baltimore-md", "zip:21201"]
    assert match_keys({"name": "Harbor Light"}, []) == ["slug:harbor-light"]
    assert lock_id("zip:21201") == lock_id("zip:21201") != lock_id("zip:21202")
    assert -2**63 <= lock_id("zip:21201") < 2**63




def test_two_writers_matching_one_clinic_by_different_keys_keep_the_newest_statement(
        database_url):
    """A listing matches by ZIP and name, the clinic's own site by its website and street: no
    key is shared, so the clinic's row is what keeps one merge from deciding on a stale read.
    The listing's older "no sliding scale" must not overwrite the site's newer "yes"."""
    now = datetime.now(timezone.utc)
    for round_no in range(ROUNDS):
        seed, _ = sighting(round_no, 0)
        with db.session_scope(database_url) as session:
            upsert_clinic(session, {**seed, "reviews": []}, source_url=seed["website"],
                          spider="directory", fetched_at=now - timedelta(days=2))
        listing = {**seed, "phone": None, "website": None, "sliding_scale": False}
        # The name stays (a new spelling could stop the listing matching); no city, no ZIP.
        site_page = {**sighting(round_no, 1)[0], "name": seed["name"], "city": None,
                     "postal_code": None, "lat": 39.29, "lon": -76.61, "sliding_scale": True}
        barrier = threading.Barrier(2)
        writes = [(listing, now - timedelta(days=1)), (site_page, now)]
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(store, database_url, barrier, record,
                                   f"https://directory-{writer}.example/clinic/{round_no}", seen)
                       for writer, (record, seen) in enumerate(writes)]
            outcomes = [future.result(timeout=60) for future in futures]
        assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int), outcomes
        with db.session_scope(database_url) as session:
            clinic = session.get(Clinic, outcomes[0])
            authors = session.scalars(select(Review.author).where(Review.clinic_id == clinic.id))
            assert sorted(authors) == ["Writer 0", "Writer 1"]
            assert clinic.review_count == 2, f"round {round_no}: a merge missed a review"
            assert clinic.sliding_scale is True, f"round {round_no}: a stale merge won"
