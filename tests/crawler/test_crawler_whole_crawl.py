"""The whole sample web crawled by every spider into one database (clinic_site, directory,
reviews, npi_registry, in that order), measured against the truth: one clinic per true
location, true field values, reviews stored once across sources, verified credentials."""
from __future__ import annotations

from sqlalchemy import func, select

from clinics.db import session_scope
from clinics.models import Clinic, Review
from truth_table import MEASURED, pair, score, stored_clinics

ACCURACY_MIN = 0.98
# No one field may fall far behind the rest (an NPI a team page prints, a chain's shared staff).
FIELD_ACCURACY_MIN = 0.99


def test_every_true_location_is_one_stored_clinic_and_no_clinic_is_invented(whole_crawl, truth):
    stored = stored_clinics(whole_crawl.database_url)
    pairs, unmatched, strays = pair(stored, truth)
    assert [(r["id"], r["style"], r["name"]) for r in unmatched] == []
    assert [(s["name"], s["street"], s["postal_code"]) for s in strays] == []
    assert len(stored) == len(truth) == len(pairs)


def test_at_least_98_percent_of_true_field_values_are_stored(whole_crawl, truth):
    pairs, unmatched, _ = pair(stored_clinics(whole_crawl.database_url), truth)
    result = score(pairs)
    for name in MEASURED:
        result.total[name] += len(unmatched)
    print("\n" + result.table())
    assert result.accuracy >= ACCURACY_MIN, result.table() + "\n" + "\n".join(
        map(repr, result.wrong[:25]))
    behind = [name for name in MEASURED
              if result.right[name] < FIELD_ACCURACY_MIN * result.total[name]]
    assert behind == [], result.table()


def test_a_review_on_the_clinic_site_and_the_review_site_is_stored_once(whole_crawl, truth):
    pairs, _, _ = pair(stored_clinics(whole_crawl.database_url), truth)
    shown_twice = [(record["id"], (r["author"], r["published"], r["rating"]), stored["reviews"])
                   for record, stored in pairs for r in record["reviews"]
                   if len(r["sources"]) > 1]
    assert shown_twice, "the sample web shows some reviews on both"
    assert [(i, review) for i, review, held in shown_twice if held[review] != 1] == []
    with session_scope(whole_crawl.database_url) as session:
        stored = session.scalar(select(func.count(Review.id)))
    assert stored == sum(len(record["reviews"]) for record in truth)


def test_each_spider_ran_clean_and_counted_what_it_did(whole_crawl):
    runs = whole_crawl.runs
    for name, run in runs.items():
        assert run.offline_violations == [], name
        assert "spider_exceptions" not in str(run.stats), name
        assert not run.stats.get("ingest/errors") and not run.stats.get("log_count/ERROR"), name
    assert runs["clinic_site"].stats["clinic_site/locations"] >= 400
    assert runs["directory"].stats["directory/result_pages"] >= 2
    assert runs["reviews"].stats["reviews/pages"] > runs["reviews"].stats["reviews/clinics"]
    assert runs["npi_registry"].stats["ingest/npi_verified"] > 0


def test_the_flaky_page_was_retried_and_forbidden_pages_were_never_fetched(whole_crawl):
    stats = whole_crawl.runs["clinic_site"].stats
    assert stats["retry/reason_count/500 Internal Server Error"] >= 1
    assert stats["robotstxt/forbidden"] >= 1
    with session_scope(whole_crawl.database_url) as session:
        decoys = session.scalar(select(func.count(Clinic.id)).where(
            Clinic.name.like("%Forbidden%") | Clinic.name.like("%staff portal%")
            | Clinic.name.like("Hidden Test Clinic")))
    assert decoys == 0
