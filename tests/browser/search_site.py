"""The directory the search-behaviour browser tests browse.

* Around Baltimore, one clinic states everything the left-out test asks for, and each other one
  is silent on exactly one fact, so each filter leaves out a known number of clinics.
* In Austin, TX, a clinic lists only treatment-resistant depression.
* Near San Diego, an SGB clinic does not state a sliding scale; one in Henderson, NV does.
* Seattle is the nearest clinic to Ketchikan (ZIP 99950).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from clinics.db import session_scope
from clinics.geo import zip_point
from clinics.models import Clinic
from databases import new_database
from search_index import rebuild

SEEN_AT = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)
# What the left-out test chooses, and the clinic that says yes to all of it.
EVERY_FACT = dict(insurance_accepted="yes", insurers=["aetna"], sliding_scale=True,
                  accepting_new_patients=True, payment_plans=True, treatments=["iv_ketamine"],
                  conditions=["depression"])
LEFT_OUT_QUERY = ("near=21201&insurance=aetna&treatment=iv_ketamine&condition=depression"
                  "&sliding_scale=1&payment_plans=1&accepting_new_patients=1")
# Fact left unsaid -> (the change that leaves it unsaid, how many clinics do so).
SILENT = {
    "insurers": (dict(insurance_accepted="unknown", insurers=[]), 2),
    "treatments": (dict(treatments=[]), 1),
    "conditions": (dict(conditions=[]), 3),
    "sliding_scale": (dict(sliding_scale=None), 1),
    "payment_plans": (dict(payment_plans=None), 2),
    "accepting_new_patients": (dict(accepting_new_patients=None), 3),
}
BALTIMORE_ZIPS = ("21202", "21205", "21209", "21210", "21211", "21212", "21213", "21214",
                  "21215", "21216", "21217", "21218", "21224", "21230", "21231")


def _clinic(slug: str, zip_code: str, **facts) -> Clinic:
    lat, lon, city, state = zip_point(zip_code)
    base = dict(slug=slug, name=slug.replace("-", " ").title(), postal_code=zip_code,
                city=city.title(), state=state, lat=lat, lon=lon, geo_precision="zip",
                status="active", treatments=["iv_ketamine"], conditions=[], insurers=[],
                insurance_accepted="unknown", last_seen=SEEN_AT)
    return Clinic(**{**base, **facts})


def _baltimore() -> list[Clinic]:
    clinics = [_clinic("says-everything", "21201", **EVERY_FACT),
               # States "no" to a sliding scale: left out, but not for being silent.
               _clinic("no-sliding-scale", "21201", **{**EVERY_FACT, "sliding_scale": False})]
    zips = iter(BALTIMORE_ZIPS)
    for fact, (change, count) in SILENT.items():
        for n in range(count):
            clinics.append(_clinic(f"silent-{fact.replace('_', '-')}-{n}", next(zips),
                                   **{**EVERY_FACT, **change}))
    return clinics


def _elsewhere() -> list[Clinic]:
    return [
        _clinic("austin-resistant-depression", "78701",
                conditions=["treatment_resistant_depression"]),
        _clinic("san-diego-sgb", "92101", treatments=["sgb"]),
        _clinic("henderson-sgb", "89014", treatments=["sgb"], sliding_scale=True),
        _clinic("seattle-infusions", "98101"),
    ]


def build_search_site(root: Path) -> tuple[str, Path]:
    """(database URL, index directory) of a fresh directory under ``root``."""
    url = new_database(root)
    with session_scope(url) as session:
        session.add_all([*_baltimore(), *_elsewhere()])
    rebuild(database_url=url, index_dir=root / "index")
    return url, root / "index"
