"""Pipelines: validation drops what cannot be a clinic, with a counted reason; ingest stores
through clinics.ingest on a real SQLite database, and a second pass changes nothing."""
from __future__ import annotations

import dataclasses

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic
from crawler.items import ClinicItem
from crawler.pipelines import IngestClinicPipeline, ValidateClinicPipeline
from crawler.spiders.clinic_site import ClinicSiteSpider
from saved_pages import BASE_URL, sample_truth


def _item(**changes) -> ClinicItem:
    record = sample_truth()[0]
    item = ClinicItem.from_record(record, source_url=record["website"], demo=True)
    return dataclasses.replace(item, **changes)


def _crawler(settings: dict | None = None):
    crawler = get_crawler(ClinicSiteSpider, settings)
    crawler.spider = ClinicSiteSpider.from_crawler(crawler, start_url=BASE_URL + "/", demo="1")
    return crawler


def test_an_item_carries_exactly_the_record_fields():
    record = _item().record()
    assert "source_url" not in record and "demo" not in record
    assert record["name"] == sample_truth()[0]["name"]
    assert record["practitioners"] == sample_truth()[0]["practitioners"]


@pytest.mark.parametrize(("changes", "reason"), [
    ({"name": "  "}, "missing_name"),
    ({"postal_code": None, "lat": None, "lon": None}, "missing_location"),
    ({"phone": None, "website": None}, "missing_contact"),
    ({"insurance_accepted": "maybe"}, "bad_insurance_accepted"),
    ({"insurance_accepted": "no", "insurers": ["aetna"]}, "contradictory_insurance"),
    ({"price_min_usd": 500, "price_max_usd": 300}, "bad_price"),
    ({"reviews": [{"author": "A", "rating": 9, "text": "", "published": None}]},
     "bad_review_rating"),
])
def test_validation_drops_items_that_cannot_be_clinics(changes, reason):
    crawler = _crawler()
    pipeline = ValidateClinicPipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(_item(**changes))
    assert crawler.stats.get_value(f"validate/dropped/{reason}") == 1


def test_validation_passes_a_good_item_unchanged():
    item = _item()
    assert ValidateClinicPipeline.from_crawler(_crawler()).process_item(item) is item


def test_ingest_stores_once_then_finds_nothing_to_change(db_url):
    crawler = _crawler({"DATABASE_URL": db_url})
    pipeline = IngestClinicPipeline.from_crawler(crawler)
    pipeline.open_spider()
    try:
        pipeline.process_item(_item())
        pipeline.process_item(_item())
    finally:
        pipeline.close_spider()
    assert crawler.stats.get_value("ingest/created") == 1
    assert crawler.stats.get_value("ingest/unchanged") == 1
    with session_scope(db_url) as session:
        clinics = session.scalars(select(Clinic)).all()
        assert [(c.name, c.phone, c.is_demo) for c in clinics] == [
            (sample_truth()[0]["name"], sample_truth()[0]["phone"], True)]


def test_ingest_rejects_what_the_domain_refuses_and_goes_on(db_url):
    crawler = _crawler({"DATABASE_URL": db_url})
    pipeline = IngestClinicPipeline.from_crawler(crawler)
    pipeline.open_spider()
    try:
        with pytest.raises(DropItem, match="missing_location"):
            pipeline.process_item(_item(postal_code="00000", lat=None, lon=None))
        pipeline.process_item(_item())
    finally:
        pipeline.close_spider()
    assert crawler.stats.get_value("ingest/rejected/missing_location") == 1
    assert crawler.stats.get_value("ingest/created") == 1
