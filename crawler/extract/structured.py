"""Record facts from a page's schema.org nodes (see ``schema`` for how they are gathered).

The clinic is the most specific clinic-like node (a MedicalClinic before a LocalBusiness before
a plain Organization, which on a WordPress site is often the company that owns the site).
Values are checked and converted, never trusted: a latitude must be a number between -90 and 90,
a rating must fit its own scale, a phone must be a possible number.
"""
from __future__ import annotations

from clinics.geo import normalize_state
from crawler.extract import offers
from crawler.extract.contact import parse_address, to_e164
from crawler.extract.dates import iso_date
from crawler.extract.naming import without_legal_form
from crawler.extract.page import plain
from crawler.extract.people import looks_like_name, people_in_nodes
from crawler.extract.ratings import scaled
from clinics.us_address import outside_us
from crawler.extract import evidence
from crawler.extract.schema import as_list, schema_nodes, types

RANKS = (
    {"MedicalClinic", "MedicalBusiness", "Physician", "MedicalOrganization", "Hospital",
     "Psychiatric", "Dentist", "Optician", "Pharmacy"},
    {"LocalBusiness", "HealthAndBeautyBusiness", "ProfessionalService", "DaySpa"},
    {"Organization", "Corporation", "NGO"},
)
STAFF_KEYS = ("employee", "employees", "member", "members", "founder", "physician",
              "medicalStaff", "staff")
LOCATION_KEYS = ("department", "subOrganization", "location", "hasPOS")


def rank(node: dict) -> int | None:
    kinds = types(node)
    return next((n for n, group in enumerate(RANKS) if kinds & group), None)


def text(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        return text(value[0]) if value else None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return plain(str(value)) or None


def number(value, low: float, high: float) -> float | None:
    try:
        result = float(text(value) or "")
    except ValueError:
        return None
    return result if low <= result <= high else None


def boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    cleaned = (text(value) or "").strip().lower().rsplit("/", 1)[-1]
    return {"true": True, "false": False}.get(cleaned)


def foreign_country(country: str | None, region: str | None, postal: str | None) -> str | None:
    """The country an address is in when it is plainly not the United States, else None."""
    if outside_us(country or "", region or "", postal or ""):
        return country or ("Canada" if region or postal else None)
    return None


def address(value) -> dict:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return parse_address(value) or {}
    if not isinstance(value, dict):
        return {}
    postal = (text(value.get("postalCode")) or "")[:5]
    country = value.get("addressCountry")
    country = text(country.get("name") if isinstance(country, dict) else country)
    region = text(value.get("addressRegion"))
    found = {"street": text(value.get("streetAddress")),
             "city": text(value.get("addressLocality")),
             "state": normalize_state(region),
             "postal_code": postal if postal.isdigit() and len(postal) == 5 else None,
             # A foreign address is kept whole enough for ingest to say why it is refused.
             "country": foreign_country(country, region, text(value.get("postalCode")))}
    return {key: value for key, value in found.items() if value}


def geo(node: dict) -> dict:
    place = node.get("geo") if isinstance(node.get("geo"), dict) else {}
    lat, lon = number(place.get("latitude"), -90, 90), number(place.get("longitude"), -180, 180)
    return {"lat": lat, "lon": lon} if lat is not None and lon is not None else {}


def aggregate(node: dict) -> dict:
    """rating (1-5) and review_count of an aggregateRating, scaled by its bestRating."""
    agg = node.get("aggregateRating")
    agg = agg[0] if isinstance(agg, list) and agg else agg
    if not isinstance(agg, dict):
        return {}
    best = number(agg.get("bestRating"), 1, 100) or 5.0
    value = number(agg.get("ratingValue"), 0, best)
    count = number(agg.get("reviewCount") or agg.get("ratingCount"), 0, 10**7)
    rating = scaled(value, best) if value is not None else None
    if rating is None:
        return {}
    return {"rating": round(rating, 2), **({"review_count": int(count)} if count else {})}


def review(item) -> dict | None:
    if not isinstance(item, dict):
        return None
    stars = item.get("reviewRating") if isinstance(item.get("reviewRating"), dict) else {}
    best = number(stars.get("bestRating"), 1, 100) or 5.0
    value = number(stars.get("ratingValue"), 0, best)
    rating = scaled(value, best) if value is not None else None
    if rating is None:
        return None
    return {"author": text(item.get("author")), "rating": max(1, min(5, int(rating + 0.5))),
            "text": text(item.get("reviewBody") or item.get("description")) or "",
            "published": iso_date(text(item.get("datePublished"))), "source_url": None}


def hours(node: dict) -> str | None:
    lines = [text(v) for v in as_list(node.get("openingHours"))]
    for spec in as_list(node.get("openingHoursSpecification")):
        if isinstance(spec, dict) and spec.get("opens") and spec.get("closes"):
            days = [(text(d) or "").rsplit("/", 1)[-1][:2] for d in as_list(spec.get("dayOfWeek"))]
            lines.append(f"{','.join(d for d in days if d)} {text(spec['opens'])[:5]}-"
                         f"{text(spec['closes'])[:5]}".strip())
    return "; ".join(line for line in lines if line) or None


def _contact_point_phone(node: dict) -> str | None:
    """The phone of the node's ContactPoint, for an organization that gives no telephone of its
    own; a fax line or a crisis line is not it."""
    for point in as_list(node.get("contactPoint")):
        if not isinstance(point, dict):
            continue
        kind = str(point.get("contactType") or "").lower()
        if "fax" in kind or "crisis" in kind or "emergency" in kind:
            continue
        if phone := to_e164(text(point.get("telephone"))):
            return phone
    return None


def node_facts(node: dict) -> dict:
    """The record fields one clinic node states."""
    staff = [p for key in STAFF_KEYS for p in as_list(node.get(key))]
    facts = {
        "name": without_legal_form(text(node.get("name"))), "website": text(node.get("url")),
        "description": text(node.get("description")),
        "phone": to_e164(text(node.get("telephone"))) or _contact_point_phone(node),
        "hours": hours(node),
        "accepting_new_patients": boolean(node.get("isAcceptingNewPatients")),
        "practitioners": people_in_nodes(staff),
        "reviews": [r for r in map(review, as_list(node.get("review") or node.get("reviews"))) if r],
        **address(node.get("address")), **geo(node), **aggregate(node),
        **offers.services(node), **offers.payment(node), **offers.prices(node),
    }
    return {key: value for key, value in facts.items() if value not in (None, [], "")}


def clinic_nodes(nodes: list[dict]) -> list[dict]:
    """Clinic-like nodes, most specific first, page order kept within a rank."""
    ranked = [(rank(n), i, n) for i, n in enumerate(nodes) if rank(n) is not None]
    return [n for _, _, n in sorted(ranked, key=lambda t: (t[0], t[1]))]


def location_nodes(nodes: list[dict]) -> list[dict]:
    """Several places of one brand: clinic nodes with different street addresses, or the
    departments / locations a clinic node lists."""
    candidates = clinic_nodes(nodes)
    if candidates:
        candidates += [n for key in LOCATION_KEYS for n in as_list(candidates[0].get(key))
                       if isinstance(n, dict)]
    places, seen = [], set()
    for node in candidates:
        where = address(node.get("address"))
        key = (where.get("street"), where.get("postal_code"))
        if where.get("postal_code") and key not in seen:
            seen.add(key)
            places.append(node)
    return places if len(places) >= 2 else []


def _location(node: dict) -> dict:
    facts = node_facts(node)
    keys = ("name", "street", "city", "state", "postal_code", "phone", "lat", "lon", "hours")
    return {key: facts.get(key) for key in keys}


def _multi_location(clinics: list[dict], places: list[dict]) -> dict:
    """The brand's facts without any one place's address, and each place as a location."""
    parent = next((n for n in clinics if any(n.get(k) for k in LOCATION_KEYS)), None)
    facts = node_facts(parent if parent is not None else places[0])
    for key in ("street", "city", "state", "postal_code", "lat", "lon", "hours"):
        facts.pop(key, None)
    if parent is None or parent in places:
        facts.pop("phone", None)
    facts["locations"] = [_location(node) for node in places]
    return facts


def _is_person(node: dict) -> bool:
    """A Person, or a Physician node that is a person: schema.org's Physician is "an individual
    physician or a physician's office", and sites use it for both."""
    kinds = types(node)
    if kinds & {"Person", "IndividualPhysician"}:
        return True
    return ("Physician" in kinds and not node.get("address")
            and (bool(node.get("honorificSuffix")) or looks_like_name(str(node.get("name")))))


def _loose_nodes(nodes: list[dict], facts: dict) -> dict:
    """Reviews, ratings and staff given as nodes of their own, not inside the clinic node."""
    found: dict = {}
    if not facts.get("reviews"):
        found["reviews"] = [r for n in nodes if "Review" in types(n) if (r := review(n))]
    if "rating" not in facts:
        ratings = [aggregate({"aggregateRating": n}) for n in nodes if "AggregateRating" in types(n)]
        found.update(next((r for r in ratings if r), {}))
    if not facts.get("practitioners"):
        people = people_in_nodes([n for n in nodes if _is_person(n)])
        found["practitioners"] = [p for p in people if p["credentials"]]
    return {key: value for key, value in found.items() if value}


def structured_facts(html: str, url: str, tree=None) -> dict:
    """The record fields the page's schema.org data states, with the markup quoted as their
    evidence; {} when it has none. ``tree``: the page parsed already (see
    ``schema.raw_items``)."""
    nodes = schema_nodes(html, url, tree)
    if not nodes:
        return {}
    clinics, places = clinic_nodes(nodes), location_nodes(nodes)
    clinic = next((n for n in clinics if not _is_person(n)), None)
    if places:
        facts = _multi_location(clinics, places)
    else:
        facts = node_facts(clinic) if clinic is not None else {}
    facts = {**facts, **_loose_nodes(nodes, facts)}
    leaves = evidence.markup_strings(nodes)
    found = evidence.from_markup(facts, leaves, url)
    evidence.credentials(found, url, facts.get("practitioners", []), [text for _, text in leaves])
    return {**facts, "evidence": found} if found else facts
