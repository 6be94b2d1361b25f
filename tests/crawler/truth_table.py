"""Stored clinics against the sample web's truth: which stored clinic is which true location, and
how many true field values the database holds, field by field."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from clinics.db import session_scope
from clinics.models import Clinic
from clinics.normalize import street_key

SCALAR_FIELDS = ("name", "phone", "street", "city", "state", "postal_code", "website", "hours",
                 "insurance_accepted", "sliding_scale", "payment_plans", "free_consultation",
                 "aftercare", "accepting_new_patients", "telehealth", "price_min_usd",
                 "price_max_usd")
SET_FIELDS = ("treatments", "conditions", "insurers")
COORDINATE_TOLERANCE = 1e-4
RATING_TOLERANCE = 0.05
MEASURED = (SCALAR_FIELDS + SET_FIELDS + ("lat", "lon", "practitioners", "practitioner_npis",
                                          "npi_verified", "reviews", "rating", "review_count"))


def stored_view(clinic: Clinic) -> dict:
    view = {name: getattr(clinic, name)
            for name in SCALAR_FIELDS + ("lat", "lon", "rating", "review_count")}
    view.update({name: set(getattr(clinic, name) or []) for name in SET_FIELDS})
    people = clinic.practitioners
    view["practitioners"] = {(p.name, frozenset(p.credentials or [])) for p in people}
    view["practitioner_npis"] = {(p.name, p.npi) for p in people}
    view["npi_verified"] = {p.name for p in people if p.npi_verified}
    view["reviews"] = Counter((r.author, r.published.isoformat() if r.published else None,
                               r.rating) for r in clinic.reviews)
    return view


def true_view(record: dict) -> dict:
    view = {name: record[name]
            for name in SCALAR_FIELDS + ("lat", "lon", "rating", "review_count")}
    view.update({name: set(record[name]) for name in SET_FIELDS})
    people = record["practitioners"]
    view["practitioners"] = {(p["name"], frozenset(p["credentials"])) for p in people}
    view["practitioner_npis"] = {(p["name"], p["npi"]) for p in people}
    view["npi_verified"] = {p["name"] for p in people if p["npi_verifiable"]}
    view["reviews"] = Counter((r["author"], r["published"], r["rating"])
                              for r in record["reviews"])
    return view


def stored_clinics(database_url: str) -> list[dict]:
    with session_scope(database_url) as session:
        clinics = session.scalars(select(Clinic).options(
            selectinload(Clinic.practitioners), selectinload(Clinic.reviews))).all()
        return [stored_view(clinic) for clinic in clinics]


def _key(view: dict) -> tuple:
    return view["postal_code"], street_key(view["street"])


def pair(stored: list[dict], truth: list[dict]) -> tuple[list[tuple[dict, dict]], list, list]:
    """(pairs of (true record, stored view) matched one to one by ZIP and street,
    true records without exactly one stored clinic, stored clinics matching no true record)."""
    by_key: dict[tuple, list[dict]] = {}
    for view in stored:
        by_key.setdefault(_key(view), []).append(view)
    pairs, unmatched = [], []
    for record in truth:
        found = by_key.get(_key(record), [])
        (pairs.append((record, found[0])) if len(found) == 1 else unmatched.append(record))
    true_keys = Counter(_key(record) for record in truth)
    strays = [view for view in stored if true_keys[_key(view)] != 1]
    return pairs, unmatched, strays


def _same(name: str, stored, true) -> bool:
    if name in ("lat", "lon"):
        return (stored is None) == (true is None) and (
            true is None or abs(stored - true) <= COORDINATE_TOLERANCE)
    if name == "rating":
        return (stored is None) == (true is None) and (
            true is None or abs(stored - true) <= RATING_TOLERANCE + 1e-9)
    return stored == true


@dataclass
class FieldScore:
    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    wrong: list = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.total.values()))

    def table(self) -> str:
        lines = [f"{'field':24} {'right':>6} {'of':>6} {'%':>7}"]
        for name in MEASURED:
            right, total = self.right[name], self.total[name]
            lines.append(f"{name:24} {right:6} {total:6} {100 * right / max(1, total):6.1f}%")
        lines.append(f"{'all fields':24} {sum(self.right.values()):6} "
                     f"{sum(self.total.values()):6} {100 * self.accuracy:6.1f}%")
        return "\n".join(lines)


def score(pairs: list[tuple[dict, dict]]) -> FieldScore:
    result = FieldScore()
    for record, stored in pairs:
        true = true_view(record)
        for name in MEASURED:
            result.total[name] += 1
            if _same(name, stored[name], true[name]):
                result.right[name] += 1
            else:
                result.wrong.append((record["id"], record["style"], name, stored[name],
                                     true[name]))
    return result
