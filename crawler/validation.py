"""Checks an item must pass before anything is written: types, ranges and required fields.

Each check returns a short reason code (counted in the crawl's stats as
``validate/rejected/<reason>``) or None. Cleaning and canonical forms are ``clinics.records``'
job; this only refuses what is plainly not a record, so that a broken extraction is visible in
the stats instead of silently stored. The rules on values (coordinates, insurance, prices) are
``clinics.records``' own, applied here once the types are right.
"""
from __future__ import annotations

import math

from clinics.records import coordinates_problem, npi_is_valid, payment_problem
from clinics.vocab import TRI_STATE_FIELDS
from crawler.items import ClinicItem, NpiCheckItem

TEXT_FIELDS = ("name", "organization", "organization_website", "website", "phone", "street",
               "city", "state", "postal_code", "country", "description", "hours", "source_site")
TOKEN_LIST_FIELDS = ("treatments", "conditions", "insurers", "insurance_treatments",
                     "credentials")
SPIDERS = ("clinic_site", "directory", "reviews")


def _is_number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _is_text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_star_rating(value) -> bool:
    return _is_number(value) and 1 <= value <= 5


def _types(item: ClinicItem) -> str | None:
    if any(getattr(item, name) is not None and not isinstance(getattr(item, name), str)
           for name in TEXT_FIELDS):
        return "bad_type"
    if not all(_is_text_list(getattr(item, name)) for name in TOKEN_LIST_FIELDS):
        return "bad_type"
    if any(getattr(item, name) not in (None, True, False)
           for name in (*TRI_STATE_FIELDS, "superbill")):
        return "bad_type"
    if not isinstance(item.evidence, dict):
        return "bad_evidence"
    if not (isinstance(item.practitioners, list) and isinstance(item.reviews, list)):
        return "bad_type"
    if not all(isinstance(p, dict) and isinstance(p.get("name"), str) for p in item.practitioners):
        return "bad_practitioner"
    return None


def _required(item: ClinicItem) -> str | None:
    if item.spider not in SPIDERS or not item.source_url:
        return "missing_provenance"
    if not (item.name or "").strip():
        return "missing_name"
    if not (item.postal_code or (item.lat is not None and item.lon is not None)):
        return "missing_location"
    # A review site names a clinic well enough to match it without a contact of its own.
    if item.spider != "reviews" and not (item.phone or item.website):
        return "missing_contact"
    return None


def _coordinates(item: ClinicItem) -> str | None:
    if item.lat is None and item.lon is None:
        return None
    if not (_is_number(item.lat) and _is_number(item.lon)):
        return "bad_coordinates"
    return coordinates_problem(item.lat, item.lon)


def _payment(item: ClinicItem) -> str | None:
    low, high = item.price_min_usd, item.price_max_usd
    if any(v is not None and not _is_number(v) for v in (low, high)):
        return "bad_price"
    return payment_problem(item.insurance_accepted, item.insurers, item.insurance_treatments,
                           low, high)


def _ratings(item: ClinicItem) -> str | None:
    if item.rating is not None and not _is_star_rating(item.rating):
        return "bad_rating"
    if not (isinstance(item.review_count, int) and item.review_count >= 0):
        return "bad_review_count"
    for review in item.reviews:
        if not isinstance(review, dict) or not _is_star_rating(review.get("rating")):
            return "bad_review_rating"
        if not isinstance(review.get("text"), str):
            return "bad_review_text"
    return None


CLINIC_CHECKS = (_required, _types, _coordinates, _payment, _ratings)


def clinic_problem(item: ClinicItem) -> str | None:
    """Why a clinic item must not be stored (a reason code), or None when it may be."""
    return next((reason for check in CLINIC_CHECKS if (reason := check(item))), None)


def npi_problem(item: NpiCheckItem) -> str | None:
    """Why an NPI check must not be stored, or None when it may be."""
    if not isinstance(item.practitioner_id, int) or item.practitioner_id <= 0:
        return "bad_practitioner_id"
    if item.npi is not None and not (isinstance(item.npi, str) and npi_is_valid(item.npi)):
        return "invalid_npi"
    if item.verified not in (True, False) or (item.verified and item.npi is None):
        return "bad_verification"
    if item.taxonomy is not None and not isinstance(item.taxonomy, str):
        return "bad_type"
    if not (isinstance(item.source_url, str) and item.source_url.startswith(("http://", "https://"))):
        return "missing_provenance"
    return None


def problem(item) -> str | None:
    """The reason code for any item kind; unknown kinds are refused."""
    if isinstance(item, ClinicItem):
        return clinic_problem(item)
    if isinstance(item, NpiCheckItem):
        return npi_problem(item)
    return "unknown_item"
