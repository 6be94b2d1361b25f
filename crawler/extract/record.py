"""The clinic record shape (the contract's field names) and how partial records combine.

A partial record holds only what one source stated (one page, or one reading of a page).
Combining, earlier partials win: a scalar or tri-state fact comes from the first partial that
states it; the address and the price range each come whole from one partial, so a street from
one page is never joined to a ZIP from another; treatments and conditions are the union; staff,
reviews and locations come from the first partial that lists any; insurance is "yes" if any
partial says so, else "no" if any refuses it, else "unknown". The rating is a stated average
only: a page that shows three reviews and no average states no rating, and review_count is then
the number of reviews shown.
"""
from __future__ import annotations

from clinics.vocab import TRI_STATE_FIELDS
from crawler.extract import evidence

SCALAR_FIELDS = ("name", "organization", "website", "phone", "lat", "lon", "description",
                 "hours", "superbill") + tuple(f for f in TRI_STATE_FIELDS if f != "superbill")
ADDRESS_FIELDS = ("street", "city", "state", "postal_code", "country")
UNION_FIELDS = ("treatments", "conditions")
FIRST_LIST_FIELDS = ("practitioners", "reviews", "locations")
LOCATION_FIELDS = ADDRESS_FIELDS + ("phone", "lat", "lon", "hours")


def empty_record() -> dict:
    """Every field of the record, each saying "not stated"."""
    record: dict = {key: None for key in SCALAR_FIELDS + ADDRESS_FIELDS}
    record.update({key: [] for key in UNION_FIELDS + FIRST_LIST_FIELDS})
    record.update(insurance_accepted="unknown", insurers=[], insurance_treatments=[],
                  credentials=[], price_min_usd=None, price_max_usd=None, rating=None,
                  review_count=0, evidence={})
    return record


def _first(partials: list[dict], test) -> dict:
    return next((p for p in partials if test(p)), {})


def _union(lists) -> list:
    out: list = []
    for values in lists:
        out.extend(value for value in values if value not in out)
    return out


def _insurance(partials: list[dict]) -> tuple[str, list[str], list[str]]:
    said = [p.get("insurance_accepted", "unknown") for p in partials]
    if "yes" in said:
        yes = [p for p in partials if p.get("insurance_accepted") == "yes"]
        return ("yes", _union(p.get("insurers", []) for p in yes),
                _union(p.get("insurance_treatments", []) for p in yes))
    return ("no" if "no" in said else "unknown"), [], []


def _price(partials: list[dict]) -> tuple[int | None, int | None]:
    priced = _first(partials, lambda p: p.get("price_min_usd") is not None
                    or p.get("price_max_usd") is not None)
    return priced.get("price_min_usd"), priced.get("price_max_usd")


def _with_credentials(people: list[dict], partials: list[dict]) -> list[dict]:
    """The listed people, each with the credentials any partial gives for the same name (a
    location page lists names, the team page says who holds which degree)."""
    known: dict[str, list[str]] = {}
    for partial in partials:
        for someone in partial.get("practitioners", []):
            known.setdefault(someone["name"], [])
            known[someone["name"]] += [c for c in someone["credentials"]
                                       if c not in known[someone["name"]]]
    return [{**someone, "credentials": known.get(someone["name"], someone["credentials"])}
            for someone in people]


# The fields that tell which partial's address block to take, the most precise first.
_ADDRESS_ANCHORS = ("postal_code", "street", "city", "country", "state")


def combine(partials: list[dict]) -> dict:
    """One full record from partial ones."""
    record = empty_record()
    for key in SCALAR_FIELDS:
        record[key] = _first(partials, lambda p: p.get(key) is not None).get(key)
    with_address = next((found for key in _ADDRESS_ANCHORS
                         if (found := _first(partials, lambda p, key=key: p.get(key)))), {})
    record.update({key: with_address.get(key) for key in ADDRESS_FIELDS})
    record["price_min_usd"], record["price_max_usd"] = _price(partials)
    for key in UNION_FIELDS:
        record[key] = _union(p.get(key, []) for p in partials)
    for key in FIRST_LIST_FIELDS:
        record[key] = _first(partials, lambda p: p.get(key)).get(key, [])
    # Offices with their streets, from a contact page, outweigh a footer's list of towns.
    record["locations"] = _first(partials, lambda p: _addressed(p.get("locations"))).get(
        "locations") or record["locations"]
    record["practitioners"] = _with_credentials(record["practitioners"], partials)
    (record["insurance_accepted"], record["insurers"],
     record["insurance_treatments"]) = _insurance(partials)
    rated = _first(partials, lambda p: p.get("rating") is not None)
    record["rating"] = rated.get("rating")
    record["review_count"] = rated.get("review_count") or len(record["reviews"])
    record["credentials"] = _union([p["credentials"] for p in record["practitioners"]]
                                   + [p.get("staff_credentials", []) for p in partials])
    record["evidence"] = evidence.combined(partials, record)
    return record


def _addressed(places: list[dict] | None) -> bool:
    return any(place.get("street") or place.get("postal_code") for place in places or [])


def split_locations(record: dict) -> list[dict]:
    """One record per location of a multi-location record (each with that place's address,
    phone, coordinates and hours, the shared facts copied); [record] when it has none, or
    only a list of the towns it is in, which gives no place to tell its offices apart by."""
    if not _addressed(record.get("locations")):
        return [record]
    out = []
    for place in record["locations"]:
        one = {**record, "locations": []}
        one.update({key: place.get(key) for key in LOCATION_FIELDS})
        for shared in ("phone", "hours", "name"):
            one[shared] = place.get(shared) or record.get(shared)
        out.append(one)
    return out
