"""Pipelines: validation refuses what cannot be stored, with a counted reason; ingest stores
through clinics on a real SQLite database, once, and records NPI checks."""
from __future__ import annotations

import asyncio
import dataclasses

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic, Practitioner
from crawler.items import ClinicItem, NpiCheckItem
from crawler.jobdir import Ledger
from crawler.pipelines import IngestPipeline, ValidateItemPipeline

SITE = "http://127.0.0.1:8001/sites/alpha-ketamine/"
RECORD = {
    "name": "Alpha Ketamine Clinic", "website": SITE, "phone": "+14105550142",
    "street": "200 N Charles St, Suite 300", "city": "Baltimore", "state": "MD",
    "postal_code": "21201", "treatments": ["iv_ketamine"], "insurance_accepted": "yes",
    "insurers": ["aetna"], "price_min_usd": 450, "price_max_usd": 600,
    "practitioners": [{"name": "Jane Roe", "credentials": ["md"], "npi": None,
                       "license_state": None}],
    "reviews": [{"author": "Maria T.", "rating": 5, "text": "Calm staff.",
                 "published": "2025-03-03", "source_url": SITE}],
}


def _item(**changes) -> ClinicItem:
    item = ClinicItem.from_record(RECORD, source_url=SITE, demo=True, job_unit=SITE)
    return dataclasses.replace(item, **changes)


def test_an_item_carries_exactly_the_record_fields():
    record = _item().record()
    assert not {"source_url", "demo", "spider", "job_unit"} & set(record)
    assert record["name"] == RECORD["name"] and record["practitioners"] == RECORD["practitioners"]


@pytest.mark.parametrize(("changes", "reason"), [
    ({"name": "  "}, "missing_name"),
    ({"postal_code": None}, "missing_location"),
    ({"phone": None, "website": None}, "missing_contact"),
    ({"source_url": None}, "missing_provenance"),
    ({"spider": "elsewhere"}, "missing_provenance"),
    ({"phone": 4105550142}, "bad_type"),
    ({"treatments": "iv_ketamine"}, "bad_type"),
    ({"sliding_scale": "yes"}, "bad_type"),
    ({"practitioners": [{"credentials": ["md"]}]}, "bad_practitioner"),
    ({"lat": 95.0, "lon": 10.0}, "bad_coordinates"),
    ({"insurance_accepted": "maybe"}, "bad_insurance_accepted"),
    ({"insurance_accepted": "no", "insurers": ["aetna"]}, "contradictory_insurance"),
    ({"insurance_accepted": "no", "insurers": [], "insurance_treatments": ["sgb"]},
     "contradictory_insurance"),
    ({"superbill": "yes"}, "bad_type"),
    ({"insurance_treatments": "sgb"}, "bad_type"),
    ({"evidence": [{"url": SITE, "quote": "We take Aetna."}]}, "bad_evidence"),
    ({"price_min_usd": 500, "price_max_usd": 300}, "bad_price"),
    ({"price_min_usd": -5}, "bad_price"),
    ({"rating": 0.5}, "bad_rating"),
    ({"review_count": -1}, "bad_review_count"),
    ({"reviews": [{"author": "A", "rating": 9, "text": "", "published": None}]},
     "bad_review_rating"),
    ({"reviews": [{"author": "A", "rating": 4, "text": None, "published": None}]},
     "bad_review_text"),
])
def test_validation_rejects_items_that_cannot_be_stored(changes, reason):
    crawler = get_crawler()
    pipeline = ValidateItemPipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(_item(**changes))
    assert crawler.stats.get_value(f"validate/rejected/{reason}") == 1


def test_a_review_site_item_needs_no_contact_of_its_own():
    item = _item(spider="reviews", phone=None, website=None)
    assert ValidateItemPipeline.from_crawler(get_crawler()).process_item(item) is item


@pytest.mark.parametrize(("item", "reason"), [
    (NpiCheckItem(0, None, False, None, "http://x/"), "bad_practitioner_id"),
    (NpiCheckItem(1, "1234567890", False, None, "http://x/"), "invalid_npi"),
    (NpiCheckItem(1, None, True, None, "http://x/"), "bad_verification"),
    (NpiCheckItem(1, None, False, None, "file:///x"), "missing_provenance"),
    ("not an item", "unknown_item"),
])
def test_validation_rejects_bad_npi_checks(item, reason):
    crawler = get_crawler()
    with pytest.raises(DropItem, match=reason):
        ValidateItemPipeline.from_crawler(crawler).process_item(item)
    assert crawler.stats.get_value(f"validate/rejected/{reason}") == 1


def _ingest(db_url: str, items: list, jobdir: str | None = None):
    crawler = get_crawler(settings_dict={"DATABASE_URL": db_url, "JOBDIR": jobdir})
    pipeline = IngestPipeline.from_crawler(crawler)

    async def run():
        await pipeline.open_spider()
        try:
            for item in items:
                try:
                    await pipeline.process_item(item)
                except DropItem:
                    pass
        finally:
            await pipeline.close_spider()

    asyncio.run(run())
    return crawler.stats


def test_ingest_stores_once_then_finds_nothing_to_change(db_url, tmp_path):
    stats = _ingest(db_url, [_item(), _item()], str(tmp_path))
    assert stats.get_value("ingest/created") == 1 and stats.get_value("ingest/unchanged") == 1
    assert stats.get_value("ingest/reviews_added") == 1
    with session_scope(db_url) as session:
        clinics = session.scalars(select(Clinic)).all()
        assert [(c.name, c.phone, c.is_demo) for c in clinics] == [
            ("Alpha Ketamine Clinic", "+14105550142", True)]
    assert Ledger(str(tmp_path)).keys() == {SITE}


def test_ingest_rejects_what_the_domain_refuses_and_goes_on(db_url):
    stats = _ingest(db_url, [_item(postal_code="00000"), _item()])
    assert stats.get_value("ingest/rejected/missing_location") == 1
    assert stats.get_value("ingest/created") == 1


def test_a_non_us_address_is_rejected_with_a_counted_reason(db_url):
    stats = _ingest(db_url, [_item(state="ON", postal_code="M5V 2T6", lat=43.64, lon=-79.39),
                             _item(country="Canada"), _item()])
    assert stats.get_value("ingest/rejected/non_us_address") == 2
    assert stats.get_value("ingest/created") == 1


def test_superbill_insurance_by_treatment_and_evidence_reach_the_clinic(db_url):
    quote = "Spravato is billed to Aetna; we give a superbill for IV ketamine."
    item = _item(superbill=True, insurance_treatments=["esketamine_spravato"], evidence={
        "insurers": [{"url": SITE + "insurance/", "quote": quote, "value": "aetna"}]})
    assert ValidateItemPipeline.from_crawler(get_crawler()).process_item(item) is item
    assert _ingest(db_url, [item]).get_value("ingest/created") == 1
    with session_scope(db_url) as session:
        clinic = session.scalars(select(Clinic)).one()
        assert (clinic.superbill, clinic.insurance_treatments) == (True, ["esketamine_spravato"])
        sources = {row.field: row.evidence for row in clinic.field_sources}
        assert sources["insurers"] == [{"url": SITE + "insurance/", "quote": quote,
                                        "value": "aetna"}]


def test_an_npi_check_is_recorded_through_the_domain(db_url):
    _ingest(db_url, [_item()])
    with session_scope(db_url) as session:
        person_id = session.scalar(select(Practitioner.id))
    check = NpiCheckItem(person_id, "1234567893", True, "Anesthesiology",
                         "http://127.0.0.1:8001/npi/api/?version=2.1&number=1234567893")
    stats = _ingest(db_url, [check, dataclasses.replace(check, practitioner_id=person_id + 99)])
    assert stats.get_value("ingest/npi_verified") == 1
    assert stats.get_value("ingest/npi_unknown_practitioner") == 1
    with session_scope(db_url) as session:
        person = session.get(Practitioner, person_id)
        assert (person.npi, person.npi_verified, person.npi_taxonomy) == (
            "1234567893", True, "Anesthesiology")
