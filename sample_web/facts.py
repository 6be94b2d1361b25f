"""The ground truth: what each invented clinic is, before any page is written about it.

Facts are drawn per clinic from a ``random.Random`` keyed by the seed and the clinic's number, so
one clinic's facts never shift because another clinic changed. Tri-state facts are True, False or
None (no page says); the pages state exactly these facts and nothing else. A chain's locations
share the chain's services, payment facts and prices, and each has its own address, phone, hours,
team, reviews and whether it accepts new patients.

``price_min_usd``/``price_max_usd`` are the lowest and highest self-pay price of ONE session of
the clinic's main treatment (its first treatment in vocabulary order); package totals, deposits
and consultation fees are never session prices. ``price_max_usd`` is None when the pages only say
"from $X".

``truth()`` gives one record per location with the contract's fields, where:
- ``website`` is the location's own page (the site root, or ``.../locations/<city>/`` of a chain);
  ``organization`` is the chain's brand for a chain location, else None;
- ``practitioners[]`` also carry ``npi_verifiable`` (the registry stand-in has them under their
  name, the clinic's state and a taxonomy that fits their credentials) and ``npi_stated`` (a
  team page prints the NPI); ``npi`` is None unless one of the two holds, and ``license_state``
  is the registry's license state (None unless verifiable);
- ``reviews[]`` are the distinct reviews from both sources, each with ``source`` ("site" when the
  clinic's own site shows it, else "review_site"), ``sources`` (every source showing it) and
  ``source_url`` (the clinic's page, or its first review-site page); ``rating`` is the plain
  mean, to one decimal, of those an independent source shows (the review site; each once) and
  ``review_count`` their number: testimonials only on the clinic's own site are its own, not
  its rating (None and 0 when no independent source shows one);
and adds ``style``, ``site_root``, ``directory_listed`` and ``conflicts`` (the directory's stale
values: ``{"field", "value", "source_url"}``; the truth's own value is the clinic site's).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from clinics.vocab import tokens
from sample_web import people, reviews, words
from sample_web.listings import plan_listings
from sample_web.naming import assign_names
from sample_web.places import Place, chain_zips, place, single_site_zips
from sample_web.statements import SAMPLE_INSURERS

SINGLE_STYLES = ("jsonld", "yoast", "microdata", "prose", "multipage")
STYLES = SINGLE_STYLES + ("chain", "malformed")
# Styles whose team pages may print NPIs, and styles whose pages give their own coordinates.
NPI_STYLES = {"yoast", "microdata", "multipage", "chain"}
GEO_STYLES = {"jsonld", "yoast", "chain"}

TREATMENT_ODDS = {
    "iv_ketamine": 0.75, "im_ketamine": 0.2, "esketamine_spravato": 0.35,
    "oral_ketamine": 0.2, "ketamine_assisted_psychotherapy": 0.3, "sgb": 0.35,
}
PRICE_BANDS_USD = {
    "iv_ketamine": (350, 650), "im_ketamine": (200, 400), "esketamine_spravato": (600, 900),
    "oral_ketamine": (100, 250), "ketamine_assisted_psychotherapy": (300, 600), "sgb": (700, 1500),
}
SHARED_FACTS = ("sliding_scale", "payment_plans", "free_consultation", "aftercare", "telehealth")


@dataclass(eq=False)
class SampleClinic:
    """One invented clinic location: what its own pages say, plus choices that shape the web.

    ``record`` is the clinic as its own site states it (its reviews are the site's testimonials
    only); ``truth()`` adds the review site's reviews and the fields only the truth carries.
    """

    record: dict
    slug: str
    style: str
    opening_hours: list[str] = field(default_factory=list)
    page_key: str = ""
    number: int = 0
    site_root: str = ""
    chain: "Chain | None" = None
    people: list[dict] = field(default_factory=list)
    posted_reviews: list[dict] = field(default_factory=list)
    directory_listed: bool = False
    directory_number: int | None = None
    stale: dict = field(default_factory=dict)
    review_site_number: int | None = None


@dataclass(eq=False)
class Chain:
    """A brand with several locations; its site root lists them all."""

    brand: str
    slug: str
    locations: list[SampleClinic] = field(default_factory=list)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _tri_state(rng: random.Random) -> bool | None:
    roll = rng.random()
    return True if roll < 0.4 else False if roll < 0.65 else None


def _some(rng: random.Random, universe: tuple[str, ...], low: int, high: int) -> list[str]:
    chosen = set(rng.sample(universe, rng.randint(low, high)))
    return [token for token in universe if token in chosen]


def _treatments(rng: random.Random) -> list[str]:
    offered = [token for token, odds in TREATMENT_ODDS.items() if rng.random() < odds]
    return [t for t in tokens("treatments") if t in offered] or [rng.choice(tokens("treatments"))]


def _insurance(rng: random.Random) -> tuple[str, list[str]]:
    roll = rng.random()
    if roll < 0.3:
        return "no", []
    if roll < 0.5:
        return "unknown", []
    if roll < 0.55:
        return "yes", []
    return "yes", _some(rng, SAMPLE_INSURERS, 1, 4)


def _price(rng: random.Random, main: str) -> tuple[int | None, int | None]:
    roll = rng.random()
    if roll < 0.15:
        return None, None
    low, high = PRICE_BANDS_USD[main]
    price_min = rng.randrange(low, high + 1, 25)
    if roll < 0.3:
        return price_min, None
    if roll < 0.45:
        return price_min, price_min
    return price_min, price_min + rng.randrange(50, 401, 25)


def _hours(rng: random.Random) -> tuple[str | None, list[str]]:
    """Human hours text and the schema.org openingHours lines saying the same."""
    if rng.random() < 0.15:
        return None, []
    opens, closes = rng.choice((8, 9, 10)), rng.choice((16, 17, 18))
    human = [f"Mon-Fri {_clock(opens)}-{_clock(closes)}"]
    machine = [f"Mo-Fr {opens:02d}:00-{closes:02d}:00"]
    if rng.random() < 0.4:
        human.append(f"Sat {_clock(9)}-{_clock(13)}")
        machine.append("Sa 09:00-13:00")
    return "; ".join(human), machine


def _clock(hour: int) -> str:
    return f"{(hour - 1) % 12 + 1}:00 {'AM' if hour < 12 else 'PM'}"


def _street(rng: random.Random) -> str:
    street = (f"{rng.randrange(10, 4000)} {rng.choice(words.STREET_NAMES)} "
              f"{rng.choice(words.STREET_TYPES)}")
    return f"{street}, Suite {rng.randrange(100, 500)}" if rng.random() < 0.4 else street


def fax_twin(phone: str) -> str:
    """The fax number a prose page may print beside a phone (its last two digits plus 37)."""
    return f"{phone[:-2]}{(int(phone[-2:]) + 37) % 100:02d}"


def new_phone(rng: random.Random, area_codes: tuple[str, ...], taken: set[str]) -> str:
    """An unused fictional number (555-0100 to 555-0199) in one of the place's area codes; no
    clinic's phone is another clinic's fax (both numbers of each phone are reserved)."""
    codes = list(area_codes)
    for _ in range(400):
        phone = f"+1{rng.choice(codes)}55501{rng.randrange(0, 100):02d}"
        if phone not in taken and fax_twin(phone) not in taken:
            taken.update((phone, fax_twin(phone)))
            return phone
    raise ValueError(f"no free 555-01xx number left in area codes {codes}")


def _point(rng: random.Random, spot: Place, style: str) -> tuple[float, float]:
    """Page coordinates (near the ZIP centre) for styles that state them, else the ZIP centre."""
    lat = round(spot.lat + rng.uniform(-0.01, 0.01), 5)
    lon = round(spot.lon + rng.uniform(-0.01, 0.01), 5)
    return (lat, lon) if style in GEO_STYLES else (spot.lat, spot.lon)


def _services(rng: random.Random) -> dict:
    """Facts a chain shares between its locations (a one-location clinic has them too)."""
    treatments = _treatments(rng)
    insurance_accepted, insurers = _insurance(rng)
    price_min, price_max = _price(rng, treatments[0])
    facts = {"treatments": treatments, "conditions": _some(rng, tokens("conditions"), 1, 5),
             "insurance_accepted": insurance_accepted, "insurers": insurers}
    facts.update({fact: _tri_state(rng) for fact in SHARED_FACTS})
    facts.update(price_min_usd=price_min, price_max_usd=price_max)
    return facts


def _record(number: int, name: str, spot: Place, rng: random.Random, style: str,
            services: dict, phones: set[str]) -> tuple[dict, list[str]]:
    hours, opening_hours = _hours(rng)
    lat, lon = _point(rng, spot, style)
    record = {
        "id": f"sw-{number:04d}", "name": name, "organization": None, "website": "",
        "phone": new_phone(rng, spot.area_codes, phones),
        "street": _street(rng), "city": spot.city, "state": spot.state,
        "postal_code": spot.postal_code, "lat": lat, "lon": lon,
        "description": rng.choice(words.DESCRIPTIONS).format(city=spot.city, state=spot.state),
        "hours": hours,
        **{key: services[key] for key in ("treatments", "conditions", "insurance_accepted",
                                          "insurers")},
        **{fact: services[fact] for fact in SHARED_FACTS[:4]},
        "accepting_new_patients": _tri_state(rng), "telehealth": services["telehealth"],
        "price_min_usd": services["price_min_usd"], "price_max_usd": services["price_max_usd"],
        "practitioners": [], "credentials": [], "reviews": [], "rating": None, "review_count": 0,
    }
    return record, opening_hours


def _staff(record: dict, team: list[dict]) -> None:
    record["practitioners"] = [people.truth_view(p, record["state"]) for p in team]
    record["credentials"] = _union(p["credentials"] for p in team)


def _own_reviews(clinic: SampleClinic, rng: random.Random) -> None:
    own = reviews.site_reviews(rng)
    clinic.record.update(reviews=own, rating=reviews.mean_rating(own), review_count=len(own))
    if rng.random() < 0.4:
        clinic.posted_reviews = reviews.review_site_reviews(rng, own)


def _union(lists) -> list[str]:
    seen: list[str] = []
    for values in lists:
        seen.extend(value for value in values if value not in seen)
    return seen


def _single(seed: int, number: int, name: str, spot: Place, style: str, slug: str,
            phones: set[str], names: set[str], npis: set[str]) -> SampleClinic:
    rng = random.Random(f"{seed}:clinic:{number}")
    record, opening_hours = _record(number, name, spot, rng, style, _services(rng), phones)
    team = [people.new_person(rng, names, npis) for _ in range(rng.randint(1, 3))]
    for person in team:
        person["npi_stated"] = person["npi_stated"] and style in NPI_STYLES
    record["website"] = f"/sites/{slug}/"
    _staff(record, team)
    clinic = SampleClinic(record, slug, style, opening_hours, f"{seed}:page:{number}", number,
                          record["website"], people=team)
    _own_reviews(clinic, rng)
    return clinic


def _chain(seed: int, index: int, brand: str, zips: tuple[str, ...], first_number: int,
           phones: set[str], names: set[str], npis: set[str]) -> Chain:
    rng = random.Random(f"{seed}:chain:{index}")
    chain = Chain(brand, slugify(brand))
    services = _services(rng)
    spots = [place(code) for code in zips[:rng.randint(2, len(zips))]]
    for offset, spot in enumerate(spots):
        number = first_number + offset
        local = random.Random(f"{seed}:clinic:{number}")
        record, opening_hours = _record(number, f"{brand} {spot.city}", spot, local, "chain",
                                        services, phones)
        location = f"/sites/{chain.slug}/locations/{slugify(spot.city)}/"
        record.update(organization=brand, website=location)
        clinic = SampleClinic(record, chain.slug, "chain", opening_hours,
                              f"{seed}:page:{number}", number, f"/sites/{chain.slug}/",
                              chain=chain)
        clinic.people = [people.new_person(local, names, npis)]
        _own_reviews(clinic, local)
        chain.locations.append(clinic)
    _share_staff(chain, rng, names, npis)
    return chain


def _share_staff(chain: Chain, rng: random.Random, names: set[str], npis: set[str]) -> None:
    """Add people who work at two locations of one state; then write each location's team."""
    by_state: dict[str, list[SampleClinic]] = {}
    for clinic in chain.locations:
        by_state.setdefault(clinic.record["state"], []).append(clinic)
    for group in by_state.values():
        if len(group) >= 2 and rng.random() < 0.8:
            person = people.new_person(rng, names, npis)
            for clinic in rng.sample(group, 2):
                clinic.people.append(person)
    for clinic in chain.locations:
        _staff(clinic.record, clinic.people)


def generate(seed: int) -> list[SampleClinic]:
    """Every clinic location of the sample web for one seed, in a stable order (ids sw-0001...)."""
    zips = single_site_zips()
    single_names, brands = assign_names(seed, [place(code) for code in zips], chain_zips())
    phones: set[str] = set()
    names: set[str] = set()
    npis: set[str] = set()
    style_rng = random.Random(f"{seed}:styles")
    styles = [style_rng.choice(SINGLE_STYLES) for _ in zips]
    # One site (not among the first few, which tests use as plain examples) has broken HTML.
    styles[style_rng.randrange(30, len(zips) - 30)] = "malformed"
    slugs: set[str] = set()
    clinics = []
    for number, (name, code, style) in enumerate(zip(single_names, zips, styles), start=1):
        spot = place(code)
        slug = _free_slug(slugify(name), spot, slugs)
        clinics.append(_single(seed, number, name, spot, style, slug, phones, names, npis))
    for index, (brand, region) in enumerate(zip(brands, chain_zips())):
        chain = _chain(seed, index, brand, region, len(clinics) + 1, phones, names, npis)
        clinics.extend(chain.locations)
    plan_listings(seed, clinics, lambda rng, codes: new_phone(rng, codes, phones))
    return clinics


def _free_slug(slug: str, spot: Place, taken: set[str]) -> str:
    """The name's slug, or with the city (and state) added when another site already has it."""
    for candidate in (slug, f"{slug}-{slugify(spot.city)}",
                      f"{slug}-{slugify(spot.city)}-{spot.state.lower()}"):
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise ValueError(f"no free slug for {slug}")


def truth_record(clinic: SampleClinic, prefix: str) -> dict:
    """The ground-truth record of one location, URLs absolute when prefix is a base URL."""
    record = {**clinic.record, "website": prefix + clinic.record["website"]}
    posted_url = f"{prefix}/reviews/clinic/{clinic.review_site_number}/"
    record["reviews"] = reviews.merged(clinic.record["reviews"], clinic.posted_reviews,
                                       record["website"], posted_url)
    independent = reviews.independent(record["reviews"])
    record["rating"] = reviews.mean_rating(independent)
    record["review_count"] = len(independent)
    record["practitioners"] = [dict(p) for p in record["practitioners"]]
    listing_url = f"{prefix}/directory/listing/{clinic.directory_number}/"
    record.update(style=clinic.style, site_root=prefix + clinic.site_root,
                  directory_listed=clinic.directory_listed,
                  conflicts=[{"field": name, "value": value, "source_url": listing_url}
                             for name, value in clinic.stale.items()])
    return record


def truth(seed: int, base_url: str | None = None) -> list[dict]:
    """The ground-truth records, one per clinic location; URLs absolute when base_url is given."""
    prefix = (base_url or "").rstrip("/")
    return [truth_record(clinic, prefix) for clinic in generate(seed)]
