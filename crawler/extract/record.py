"""The clinic record shape (the contract's field names) and how partial records combine.

A partial record holds only what one source stated (one page, or one reading of a page).
Combining, earlier partials win: a scalar or tri-state fact comes from the first partial that
states it; the address and the price range each come whole from one partial, so a street from
one page is never joined to a ZIP from another; treatments and conditions are the union; staff
and reviews come from the first partial that lists any; insurance is "yes" if any partial says
so, else "no" if any refuses it, else "unknown".
"""
from __future__ import annotations

from clinics.vocab import TRI_STATE_FIELDS

SCALAR_FIELDS = ("name", "organization", "website", "phone", "lat", "lon", "description",
                 "hours") + TRI_STATE_FIELDS
ADDRESS_FIELDS = ("street", "city", "state", "postal_code")
UNION_FIELDS = ("treatments", "conditions")
FIRST_LIST_FIELDS = ("practitioners", "reviews")


def empty_record() -> dict:
    """Every field of the record, each saying "not stated"."""
    record: dict = {key: None for key in SCALAR_FIELDS + ADDRESS_FIELDS}
    record.update({key: [] for key in UNION_FIELDS + FIRST_LIST_FIELDS})
    record.update(insurance_accepted="unknown", insurers=[], credentials=[], price_min_usd=None,
                  price_max_usd=None, rating=None, review_count=0)
    return record


def _first(partials: list[dict], test) -> dict:
    return next((p for p in partials if test(p)), {})


def _union(lists) -> list:
    out: list = []
    for values in lists:
        out.extend(value for value in values if value not in out)
    return out


def _insurance(partials: list[dict]) -> tuple[str, list[str]]:
    said = [p.get("insurance_accepted", "unknown") for p in partials]
    if "yes" in said:
        return "yes", _union(p.get("insurers", []) for p in partials
                             if p.get("insurance_accepted") == "yes")
    return ("no" if "no" in said else "unknown"), []


def combine(partials: list[dict]) -> dict:
    """One full record from partial ones."""
    record = empty_record()
    for key in SCALAR_FIELDS:
        record[key] = _first(partials, lambda p: p.get(key) is not None).get(key)
    with_address = _first(partials, lambda p: p.get("postal_code")) or _first(
        partials, lambda p: p.get("street"))
    record.update({key: with_address.get(key) for key in ADDRESS_FIELDS})
    with_price = _first(partials, lambda p: p.get("price_min_usd") is not None)
    record["price_min_usd"] = with_price.get("price_min_usd")
    record["price_max_usd"] = with_price.get("price_max_usd")
    for key in UNION_FIELDS:
        record[key] = _union(p.get(key, []) for p in partials)
    for key in FIRST_LIST_FIELDS:
        record[key] = _first(partials, lambda p: p.get(key)).get(key, [])
    record["insurance_accepted"], record["insurers"] = _insurance(partials)
    rated = _first(partials, lambda p: p.get("rating") is not None)
    record["rating"], record["review_count"] = rated.get("rating"), rated.get("review_count", 0)
    record["credentials"] = _union(p["credentials"] for p in record["practitioners"])
    return record
