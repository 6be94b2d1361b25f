"""Facts from schema.org data (JSON-LD, and microdata in the same uniform shape) via extruct.

Only the first node that is a clinic-like type is read; values are checked and converted, never
trusted (a latitude must be a number between -90 and 90, a rating between 1 and 5).
"""
from __future__ import annotations

import extruct

from clinics.geo import normalize_state
from clinics.vocab import canonical_list
from crawler.extract.contact import parse_address, to_e164
from crawler.extract.page import plain
from crawler.extract.people import people_in_nodes
from crawler.extract.price import amounts_usd
from crawler.extract.reviews import iso_date

CLINIC_TYPES = {"MedicalClinic", "MedicalBusiness", "MedicalOrganization", "Physician",
                "LocalBusiness", "Hospital", "HealthAndBeautyBusiness", "Organization"}
STAFF_KEYS = ("employee", "employees", "member", "members", "founder")


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _text(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return plain(str(value)) or None


def clinic_node(html: str, url: str) -> dict | None:
    """The first clinic-like schema.org node of the page (searching @graph too), or None."""
    try:
        data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "microdata"],
                               uniform=True, errors="ignore")
    except Exception:  # extruct raises many kinds of errors on hostile markup
        return None
    nodes = []
    for item in data.get("json-ld", []) + data.get("microdata", []):
        nodes.extend(n for n in [item, *_as_list(item.get("@graph"))] if isinstance(n, dict))
    ranked = sorted(nodes, key=lambda n: "Organization" in _types(n))
    return next((n for n in ranked if _types(n) & CLINIC_TYPES), None)


def _address(value) -> dict:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return parse_address(value) or {}
    if not isinstance(value, dict):
        return {}
    postal = (_text(value.get("postalCode")) or "")[:5]
    return {"street": _text(value.get("streetAddress")), "city": _text(value.get("addressLocality")),
            "state": normalize_state(_text(value.get("addressRegion"))),
            "postal_code": postal if postal.isdigit() and len(postal) == 5 else None}


def _number(value, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _geo(node: dict) -> dict:
    geo = node.get("geo") if isinstance(node.get("geo"), dict) else {}
    lat, lon = _number(geo.get("latitude"), -90, 90), _number(geo.get("longitude"), -180, 180)
    return {"lat": lat, "lon": lon} if lat is not None and lon is not None else {}


def _bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    return None


def _price(node: dict) -> dict:
    amounts = amounts_usd(str(node.get("priceRange") or ""))
    if not amounts:
        return {}
    return {"price_min_usd": min(amounts), "price_max_usd": max(amounts)}


def _rating_value(value, best) -> int | None:
    score, scale = _number(value, 0, 100), _number(best, 1, 100) or 5.0
    if score is None or score <= 0:
        return None
    return max(1, min(5, round(score * 5 / scale)))


def _reviews(node: dict) -> list[dict]:
    found = []
    for item in _as_list(node.get("review") or node.get("reviews")):
        if not isinstance(item, dict):
            continue
        stars = item.get("reviewRating") if isinstance(item.get("reviewRating"), dict) else {}
        rating = _rating_value(stars.get("ratingValue"), stars.get("bestRating"))
        text = _text(item.get("reviewBody") or item.get("description")) or ""
        if rating is not None:
            found.append({"author": _text(item.get("author")), "rating": rating, "text": text,
                          "published": iso_date(_text(item.get("datePublished"))),
                          "source_url": None})
    return found


def _aggregate(node: dict) -> dict:
    agg = node.get("aggregateRating") if isinstance(node.get("aggregateRating"), dict) else {}
    value = _number(agg.get("ratingValue"), 0, 100)
    scale = _number(agg.get("bestRating"), 1, 100) or 5.0
    count = _number(agg.get("reviewCount") or agg.get("ratingCount"), 0, 10**7)
    if value is None or count is None:
        return {}
    return {"rating": round(value * 5 / scale, 1), "review_count": int(count)}


def _hours(node: dict) -> str | None:
    lines = [_text(v) for v in _as_list(node.get("openingHours"))]
    return "; ".join(line for line in lines if line) or None


def structured_facts(html: str, url: str) -> dict:
    """The record fields the page's schema.org clinic node states; {} when it has none."""
    node = clinic_node(html, url)
    if node is None:
        return {}
    staff = [p for key in STAFF_KEYS for p in _as_list(node.get(key))]
    services = [_text(s) for s in _as_list(node.get("availableService"))]
    facts = {
        "name": _text(node.get("name")), "website": _text(node.get("url")),
        "description": _text(node.get("description")),
        "phone": to_e164(_text(node.get("telephone"))), "hours": _hours(node),
        "treatments": canonical_list("treatments", [s for s in services if s]),
        "accepting_new_patients": _bool(node.get("isAcceptingNewPatients")),
        "practitioners": people_in_nodes(staff), "reviews": _reviews(node),
        **_address(node.get("address")), **_geo(node), **_price(node), **_aggregate(node),
    }
    return {key: value for key, value in facts.items() if value not in (None, [], "")}
