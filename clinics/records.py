"""Validate and normalize one crawled clinic record before anything is written.

The record uses the field names of the shared vocabulary (see ``clinics.serialize``). A record that
cannot be stored (an address outside the United States among them) raises ``InvalidRecord`` with
a short reason code; parts that are merely doubtful
(one bad review, an unreadable phone) are dropped and counted, and the rest goes on.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date

from clinics import normalize, vocab
from clinics.errors import InvalidRecord
from clinics.evidence import clean_evidence
from clinics.geo import zip_point
from clinics.us_address import outside_us

MAX_PRICE_USD = 100_000
SCALAR_TEXT_FIELDS = {"name": 200, "organization": 200, "street": 200, "city": 100,
                      "description": 5000, "hours": 1000, "source_site": 100}


@dataclass
class CleanRecord:
    facts: dict
    practitioners: list[dict] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def coordinates_problem(lat: float, lon: float) -> str | None:
    """The rule for stated coordinates, shared with the crawler's item checks."""
    if math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
        return None
    return "bad_coordinates"


def payment_problem(accepted: str, insurers: list, covered: list, low: float | None,
                    high: float | None) -> str | None:
    """The rules for insurance and prices, shared with the crawler's item checks: a known
    insurance word, no insurer or covered treatment beside an explicit no, prices in range."""
    if accepted not in vocab.INSURANCE_ACCEPTED:
        return "bad_insurance_accepted"
    if accepted == "no" and (insurers or covered):
        return "contradictory_insurance"
    if any(amount is not None and not (math.isfinite(amount) and 0 <= amount <= MAX_PRICE_USD)
           for amount in (low, high)):
        return "bad_price"
    if low is not None and high is not None and high < low:
        return "bad_price"
    return None


def _coordinates(record: dict, facts: dict) -> None:
    lat, lon = record.get("lat"), record.get("lon")
    if lat is not None and lon is not None:
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            raise InvalidRecord("bad_coordinates", f"{lat!r}, {lon!r}") from None
        if coordinates_problem(lat, lon):
            raise InvalidRecord("bad_coordinates", f"{lat}, {lon}")
        facts.update(lat=lat, lon=lon, geo_precision="page")
        return
    point = zip_point(facts.get("postal_code") or "")
    if point is None:
        raise InvalidRecord("missing_location", "no coordinates and no known ZIP code")
    facts.update(lat=point[0], lon=point[1], geo_precision="zip")


def _amount(value: object, name: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidRecord("bad_price", f"{name}={value!r}") from None


def _payment(record: dict, facts: dict) -> None:
    insurers = vocab.canonical_list("insurers", record.get("insurers"))
    covered = vocab.canonical_list("treatments", record.get("insurance_treatments"))
    accepted = str(record.get("insurance_accepted") or "unknown").lower()
    low = _amount(record.get("price_min_usd"), "price_min_usd")
    high = _amount(record.get("price_max_usd"), "price_max_usd")
    reason = payment_problem(accepted, insurers, covered, low, high)
    if reason:
        raise InvalidRecord(reason, f"insurance {accepted[:20]}, price {low}-{high}")
    if (insurers or covered) and accepted == "unknown":
        accepted = "yes"
    facts.update(insurers=insurers, insurance_accepted=accepted, insurance_treatments=covered)
    for name in (*vocab.TRI_STATE_FIELDS, "superbill"):
        facts[name] = normalize.tri_state(record.get(name))
    facts.update(price_min_usd=None if low is None else int(round(low)),
                 price_max_usd=None if high is None else int(round(high)))


def _practitioner(raw: dict) -> dict | None:
    name = normalize.plain_text(raw.get("name"), 200) if isinstance(raw, dict) else None
    if not name:
        return None
    npi = str(raw.get("npi") or "").strip()
    return {
        "name": name,
        "credentials": vocab.canonical_list("credentials", raw.get("credentials")),
        "npi": npi if npi_is_valid(npi) else None,
        "license_state": normalize.state_code(raw.get("license_state")),
    }


def npi_is_valid(npi: str) -> bool:
    """The NPI check digit: Luhn over the number prefixed with 80840."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return total % 10 == 0


def _review(raw: dict) -> dict | None:
    if not isinstance(raw, dict):
        return None
    try:
        rating = float(raw.get("rating"))
    except (TypeError, ValueError):
        return None
    if not math.isfinite(rating) or not 1 <= rating <= 5:
        return None
    text = normalize.plain_text(raw.get("text"), 5000) or ""
    author = normalize.plain_text(raw.get("author"), 200)
    published = _date(raw.get("published"))
    digest = hashlib.sha256(
        "\x1f".join([" ".join(text.lower().split()), (author or "").lower(),
                     published.isoformat() if published else ""]).encode()
    ).hexdigest()
    return {"rating": int(rating + 0.5), "text": text, "author": author, "published": published,
            "content_hash": digest, "source_url": normalize.website(raw.get("source_url"))}


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _aggregate(record: dict, result: CleanRecord) -> None:
    """The source's own "4.6 from 212 reviews"; an absurd one is dropped, not believed."""
    rating, count = record.get("rating"), record.get("review_count")
    result.facts.update(rating=None, review_count=None)
    if rating is None and count is None:
        return
    try:
        rating = float(rating) if rating is not None else None
        count = int(count) if count is not None else None
    except (TypeError, ValueError):
        result.dropped.append("bad_rating")
        return
    if (rating is not None and not (math.isfinite(rating) and 1 <= rating <= 5)) or \
            (count is not None and not 0 <= count <= 10_000_000):
        result.dropped.append("bad_rating")
        return
    result.facts.update(rating=rating, review_count=count)


def clean(record: dict) -> CleanRecord:
    """Validated, canonical facts of one record; raises InvalidRecord when it cannot be stored."""
    if not isinstance(record, dict):
        raise InvalidRecord("not_a_record", type(record).__name__)
    facts: dict = {key: normalize.plain_text(record.get(key), limit)
                   for key, limit in SCALAR_TEXT_FIELDS.items()}
    if not facts["name"] or len(facts["name"]) < 2:
        raise InvalidRecord("missing_name")
    foreign = outside_us(*(str(record.get(key) or "")[:100]
                           for key in ("country", "state", "postal_code")))
    if foreign:
        raise InvalidRecord("non_us_address", foreign)
    facts["state"] = normalize.state_code(record.get("state"))
    facts["postal_code"] = normalize.postal_code(record.get("postal_code"))
    facts["phone"] = normalize.phone_e164(record.get("phone"))
    facts["website"] = normalize.website(record.get("website"))
    facts["organization_website"] = normalize.website(record.get("organization_website"))
    facts["treatments"] = vocab.canonical_list("treatments", record.get("treatments"))
    facts["conditions"] = vocab.canonical_list("conditions", record.get("conditions"))
    _coordinates(record, facts)
    _payment(record, facts)
    result = CleanRecord(facts=facts)
    if record.get("phone") and not facts["phone"]:
        result.dropped.append("bad_phone")
    _aggregate(record, result)
    for raw in record.get("practitioners") or []:
        person = _practitioner(raw)
        result.practitioners.append(person) if person else result.dropped.append("bad_practitioner")
    for raw in record.get("reviews") or []:
        review = _review(raw)
        result.reviews.append(review) if review else result.dropped.append("bad_review")
    facts["credentials"] = _credentials(record, result.practitioners)
    facts["evidence"], unusable = clean_evidence(record.get("evidence"), facts)
    result.dropped.extend(["bad_evidence"] * unusable)
    return result


def _credentials(record: dict, people: list[dict]) -> list[str]:
    """Every credential the record states, at clinic level or of anyone on staff, each once."""
    stated = vocab.canonical_list("credentials", record.get("credentials"))
    for person in people:
        stated.extend(token for token in person["credentials"] if token not in stated)
    return stated
