"""Entity resolution: which stored clinic, if any, a cleaned record describes.

Two locations of one chain share a website and often a phone number, so neither alone is enough:
a website must agree on the street, and a phone on the ZIP code. A street that is not stated is
not a street that agrees: without both streets, the same website must stand at the same place
(the same ZIP code, or when one is missing, coordinates a short walk apart).
"""
from __future__ import annotations

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinics.geo import haversine_mi
from clinics.models import Clinic
from clinics.normalize import site_key, street_key

NAME_SIMILARITY_MIN = 90
SAME_PLACE_MI = 0.5


def _same_place(clinic: Clinic, facts: dict) -> bool:
    if clinic.postal_code and facts.get("postal_code"):
        return clinic.postal_code == facts["postal_code"]
    if None in (clinic.lat, clinic.lon, facts.get("lat"), facts.get("lon")):
        return False
    return haversine_mi(clinic.lat, clinic.lon, facts["lat"], facts["lon"]) <= SAME_PLACE_MI


def _same_site_and_street(clinic: Clinic, facts: dict) -> bool:
    if site_key(clinic.website) != site_key(facts.get("website")):
        return False
    ours, theirs = street_key(clinic.street), street_key(facts.get("street"))
    if ours and theirs:
        return ours == theirs
    return _same_place(clinic, facts)


def find_match(session: Session, facts: dict) -> Clinic | None:
    """The stored clinic this record describes, or None when it is a new one."""
    candidates: list[Clinic] = []
    if facts.get("postal_code"):
        candidates += session.scalars(
            select(Clinic).where(Clinic.postal_code == facts["postal_code"])
        ).all()
    if facts.get("phone"):
        candidates += session.scalars(select(Clinic).where(Clinic.phone == facts["phone"])).all()
    if facts.get("website"):
        candidates += session.scalars(
            select(Clinic).where(Clinic.website == facts["website"])
        ).all()
    for clinic in dict.fromkeys(candidates):
        if facts.get("website") and _same_site_and_street(clinic, facts):
            return clinic
    for clinic in dict.fromkeys(candidates):
        same_zip = clinic.postal_code == facts.get("postal_code")
        if facts.get("phone") and clinic.phone == facts["phone"] and same_zip:
            return clinic
        name_score = fuzz.token_sort_ratio(clinic.name.lower(), facts["name"].lower())
        if same_zip and name_score >= NAME_SIMILARITY_MIN:
            return clinic
    return None
