"""Item pipelines: validate an item, then hand it to ``clinics.ingest`` (the one write path).

Each pipeline does one thing and counts what it did in the crawl stats; a dropped item carries
its reason, so a crawl report says why records were lost.
"""
from __future__ import annotations

from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

import config
from clinics.db import session_factory
from clinics.errors import InvalidRecord
from clinics.ingest import upsert_clinic
from clinics.vocab import INSURANCE_ACCEPTED


def problem(item) -> str | None:
    """Why an item is not a storable clinic (a short reason code), or None when it is."""
    if not (item.name or "").strip():
        return "missing_name"
    if not (item.postal_code or (item.lat is not None and item.lon is not None)):
        return "missing_location"
    if not (item.phone or item.website):
        return "missing_contact"
    if item.insurance_accepted not in INSURANCE_ACCEPTED:
        return "bad_insurance_accepted"
    if item.insurance_accepted != "yes" and item.insurers:
        return "contradictory_insurance"
    low, high = item.price_min_usd, item.price_max_usd
    if (low is not None and low < 0) or (low is not None and high is not None and high < low):
        return "bad_price"
    if any(not _is_star_rating(review.get("rating")) for review in item.reviews):
        return "bad_review_rating"
    return None


def _is_star_rating(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value <= 5


class ValidateClinicPipeline:
    """Drops items that cannot be a clinic listing, counting ``validate/dropped/<reason>``."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        reason = problem(item)
        if reason:
            self.stats.inc_value("validate/dropped")
            self.stats.inc_value(f"validate/dropped/{reason}")
            raise DropItem(f"invalid clinic item ({reason}): {item.source_url}")
        self.stats.inc_value("validate/passed")
        return item


class IngestClinicPipeline:
    """Stores each item through ``upsert_clinic``, one session per crawl, one commit per item.

    Counts ``ingest/created``, ``ingest/updated``, ``ingest/unchanged`` and
    ``ingest/rejected/<reason>``; a rejected item is rolled back and dropped, the crawl goes on.
    """

    def __init__(self, crawler, database_url: str):
        self.crawler = crawler
        self.stats = crawler.stats
        self.database_url = database_url
        self.session = None

    @classmethod
    def from_crawler(cls, crawler):
        url = crawler.settings.get("DATABASE_URL") or config.load().database_url
        return cls(crawler, url)

    def open_spider(self):
        self.session = session_factory(self.database_url)()

    def close_spider(self):
        if self.session is not None:
            self.session.close()

    def process_item(self, item):
        spider = self.crawler.spider
        try:
            result = upsert_clinic(self.session, item.record(), source_url=item.source_url,
                                   spider=spider.name, demo=item.demo)
            self.session.commit()
        except InvalidRecord as error:
            self.session.rollback()
            self.stats.inc_value("ingest/rejected")
            self.stats.inc_value(f"ingest/rejected/{error.reason}")
            raise DropItem(f"rejected by ingest ({error}): {item.source_url}") from error
        except SQLAlchemyError:
            self.session.rollback()
            self.stats.inc_value("ingest/errors")
            raise
        outcome = "created" if result.created else "updated" if result.changed else "unchanged"
        self.stats.inc_value(f"ingest/{outcome}")
        self.stats.inc_value("ingest/reviews_added", result.reviews_added)
        return item
