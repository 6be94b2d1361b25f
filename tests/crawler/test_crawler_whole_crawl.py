"""The real crawler against the real sample web: one clinic per invented clinic, facts as true
as the pages state them, nothing added by a second crawl, and no connection beyond loopback."""
from __future__ import annotations

import sqlite3

from sqlalchemy import func, select

from clinics.db import session_scope
from clinics.models import Clinic

MEASURED_FIELDS = ("name", "phone", "postal_code", "street", "city", "state", "insurers",
                   "treatments", "conditions", "insurance_accepted", "sliding_scale",
                   "payment_plans", "free_consultation", "aftercare", "accepting_new_patients",
                   "telehealth", "price_min_usd", "price_max_usd")
SET_FIELDS = ("insurers", "treatments", "conditions")
TABLES = ("clinics", "organizations", "practitioners", "clinic_practitioners", "reviews",
          "field_sources")


def _stored(url: str) -> dict[str, dict]:
    with session_scope(url) as session:
        clinics = session.scalars(select(Clinic)).all()
        return {c.website: {**{f: getattr(c, f) for f in MEASURED_FIELDS}, "is_demo": c.is_demo,
                            "people": {(p.name, frozenset(p.credentials)) for p in c.practitioners},
                            "reviews": len(c.reviews)}
                for c in clinics}


def _same(field: str, stored, true) -> bool:
    if field in SET_FIELDS:
        return set(stored or []) == set(true)
    return stored == true


def _table_counts(url: str) -> dict[str, int]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in TABLES}


def test_every_invented_clinic_is_stored_once(crawled_db_url, truth):
    stored = _stored(crawled_db_url)
    assert sorted(stored) == sorted(record["website"] for record in truth)
    assert all(clinic["is_demo"] for clinic in stored.values())


def test_the_page_behind_robots_txt_is_not_crawled(crawled_db_url):
    with session_scope(crawled_db_url) as session:
        hidden = session.scalar(select(func.count(Clinic.id)).where(
            Clinic.name == "Hidden Test Clinic"))
    assert hidden == 0


def test_stored_facts_match_the_truth(crawled_db_url, truth):
    stored = _stored(crawled_db_url)
    wrong = [(record["id"], field, stored[record["website"]][field], record[field])
             for record in truth for field in MEASURED_FIELDS
             if not _same(field, stored[record["website"]][field], record[field])]
    accuracy = 1 - len(wrong) / (len(truth) * len(MEASURED_FIELDS))
    assert accuracy >= 0.98, wrong[:20]


def test_staff_and_reviews_match_the_truth(crawled_db_url, truth):
    stored = _stored(crawled_db_url)
    for record in truth:
        clinic = stored[record["website"]]
        people = {(p["name"], frozenset(p["credentials"])) for p in record["practitioners"]}
        assert clinic["people"] == people, record["id"]
        assert clinic["reviews"] == record["review_count"], record["id"]


def test_crawling_again_adds_no_rows(crawled_db_url, sample_web_url, run_crawl, tmp_path):
    copy_url = f"sqlite:///{tmp_path / 'again.sqlite3'}"
    with sqlite3.connect(crawled_db_url.removeprefix("sqlite:///")) as source, \
            sqlite3.connect(copy_url.removeprefix("sqlite:///")) as target:
        source.backup(target)
    before = _table_counts(copy_url)
    run = run_crawl(sample_web_url + "/", copy_url)
    assert run.returncode == 0, run.log[-3000:]
    assert _table_counts(copy_url) == before
    assert "'ingest/created'" not in run.log
    assert f"'ingest/unchanged': {before['clinics']}" in run.log


def test_a_crawl_of_one_site_stores_that_clinic_only(db_url, sample_web_url, truth, run_crawl):
    record = next(r for r in truth if r["website"].endswith("/"))
    run = run_crawl(record["website"], db_url)
    assert run.returncode == 0, run.log[-3000:]
    stored = _stored(db_url)
    assert list(stored) == [record["website"]]
    assert stored[record["website"]]["phone"] == record["phone"]


def test_the_crawl_stays_offline_and_opens_no_listener(db_url, sample_web_url, run_crawl):
    run = run_crawl(sample_web_url + "/", db_url, "-s", "CLOSESPIDER_PAGECOUNT=5")
    assert run.returncode == 0, run.log[-3000:]
    assert run.offline_violations == []
    assert "Telnet console listening" not in run.log
    assert "Remote control HTTP server" not in run.log


def test_the_offline_guard_notices_a_lookup(db_url, run_crawl):
    run = run_crawl("http://clinic.example/", db_url, "-s", "RETRY_ENABLED=0")
    assert "resolve clinic.example" in run.offline_violations
