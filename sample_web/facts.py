"""The ground truth: what each invented clinic is, before any page is written about it.

Facts are drawn per clinic from a ``random.Random`` keyed by the seed and the clinic's number, so
one clinic's facts never shift because another clinic changed. Tri-state facts are True, False or
None (the site does not say); the pages state exactly these facts and nothing else.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from clinics.vocab import tokens
from sample_web import words
from sample_web.places import Place, all_places

STYLES = ("jsonld", "prose")

# How often each treatment is offered; the first one a clinic offers is its "main" treatment.
TREATMENT_ODDS = {
    "iv_ketamine": 0.75, "im_ketamine": 0.2, "esketamine_spravato": 0.35,
    "oral_ketamine": 0.2, "ketamine_assisted_psychotherapy": 0.3, "sgb": 0.35,
}
# Self-pay price of one session of the main treatment: (lowest, highest) in dollars.
PRICE_BANDS_USD = {
    "iv_ketamine": (350, 650), "im_ketamine": (200, 400), "esketamine_spravato": (600, 900),
    "oral_ketamine": (100, 250), "ketamine_assisted_psychotherapy": (300, 600), "sgb": (700, 1500),
}
PEOPLE_ROLES = (
    ("md|do", "board_certified_anesthesiology"),
    ("md|do", "board_certified_psychiatry"),
    ("md", "board_certified_pain_medicine"),
    ("md|do",), ("crna",), ("pmhnp",), ("np",), ("pa",), ("rn",), ("lcsw|lpc|lmft|phd|psyd",),
)


@dataclass
class SampleClinic:
    """One invented clinic: its truth record plus the choices that only shape its pages."""

    record: dict
    slug: str
    style: str
    opening_hours: list[str] = field(default_factory=list)
    page_key: str = ""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _tri_state(rng: random.Random) -> bool | None:
    roll = rng.random()
    return True if roll < 0.4 else False if roll < 0.65 else None


def _some(rng: random.Random, vocabulary: str, low: int, high: int) -> list[str]:
    chosen = set(rng.sample(tokens(vocabulary), rng.randint(low, high)))
    return [token for token in tokens(vocabulary) if token in chosen]


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
    return "yes", _some(rng, "insurers", 1, 4)


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


def _person(rng: random.Random, used: set[str]) -> dict:
    role = rng.choice(PEOPLE_ROLES)
    credentials = [rng.choice(part.split("|")) for part in role]
    name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
    while name in used:
        name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
    used.add(name)
    return {"name": name, "credentials": credentials, "npi": None, "license_state": None}


def _reviews(rng: random.Random) -> list[dict]:
    reviews = []
    for _ in range(rng.choice((0, 0, 1, 2, 3, 4))):
        stars = rng.choices((5, 4, 3, 2, 1), weights=(45, 30, 12, 8, 5))[0]
        author = f"{rng.choice(words.REVIEWER_FIRST)} {chr(rng.randrange(65, 91))}."
        published = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1095))
        reviews.append({"author": author, "rating": stars,
                        "text": rng.choice(words.REVIEW_TEXTS[stars]),
                        "published": published.isoformat(), "source_url": None})
    return reviews


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


def _phone(rng: random.Random, place: Place, taken: set[str]) -> str:
    while True:
        phone = f"+1{rng.choice(place.area_codes)}55501{rng.randrange(0, 100):02d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def _names(rng: random.Random, count: int) -> list[str]:
    compounds = [start + end for start in words.NAME_STARTS for end in words.NAME_ENDS]
    chosen = rng.sample(compounds, count)
    return [f"{compound} {rng.choice(words.NAME_KINDS)}" for compound in chosen]


def _location(rng: random.Random, place: Place, style: str) -> tuple[float, float]:
    """Page coordinates for JSON-LD sites (a point near the ZIP centre), else the ZIP centre."""
    if style != "jsonld":
        return place.lat, place.lon
    return (round(place.lat + rng.uniform(-0.01, 0.01), 5),
            round(place.lon + rng.uniform(-0.01, 0.01), 5))


def _clinic(seed: int, number: int, name: str, place: Place, phones: set[str]) -> SampleClinic:
    rng = random.Random(f"{seed}:clinic:{number}")
    style = rng.choice(STYLES)
    slug = slugify(name)
    treatments = _treatments(rng)
    insurance_accepted, insurers = _insurance(rng)
    price_min, price_max = _price(rng, treatments[0])
    hours, opening_hours = _hours(rng)
    lat, lon = _location(rng, place, style)
    used_names: set[str] = set()
    practitioners = [_person(rng, used_names) for _ in range(rng.randint(1, 3))]
    reviews = _reviews(rng)
    record = {
        "id": f"sw-{number:04d}", "name": name, "organization": None,
        "website": f"/sites/{slug}/", "phone": _phone(rng, place, phones),
        "street": _street(rng), "city": place.city, "state": place.state,
        "postal_code": place.postal_code, "lat": lat, "lon": lon,
        "description": rng.choice(words.DESCRIPTIONS).format(city=place.city, state=place.state),
        "hours": hours, "treatments": treatments, "conditions": _some(rng, "conditions", 1, 5),
        "insurance_accepted": insurance_accepted, "insurers": insurers,
        **{fact: _tri_state(rng) for fact in (
            "sliding_scale", "payment_plans", "free_consultation", "aftercare",
            "accepting_new_patients", "telehealth")},
        "price_min_usd": price_min, "price_max_usd": price_max,
        "practitioners": practitioners,
        "credentials": _union(person["credentials"] for person in practitioners),
        "reviews": reviews,
        "rating": round(sum(r["rating"] for r in reviews) / len(reviews), 1) if reviews else None,
        "review_count": len(reviews),
    }
    return SampleClinic(record, slug, style, opening_hours, page_key=f"{seed}:page:{number}")


def _union(lists) -> list[str]:
    seen: list[str] = []
    for values in lists:
        seen.extend(value for value in values if value not in seen)
    return seen


def generate(seed: int) -> list[SampleClinic]:
    """Every clinic of the sample web for one seed, in a stable order."""
    places = all_places()
    names = _names(random.Random(f"{seed}:names"), len(places))
    phones: set[str] = set()
    return [_clinic(seed, number, name, place, phones)
            for number, (name, place) in enumerate(zip(names, places), start=1)]


def truth(seed: int, base_url: str | None = None) -> list[dict]:
    """The ground-truth records; site and review URLs are absolute when base_url is given."""
    prefix = (base_url or "").rstrip("/")
    records = []
    for clinic in generate(seed):
        record = {**clinic.record, "website": prefix + clinic.record["website"]}
        record["reviews"] = [{**r, "source_url": record["website"]} for r in record["reviews"]]
        records.append(record)
    return records
