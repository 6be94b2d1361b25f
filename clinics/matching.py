"""Entity resolution: which stored clinic, if any, a cleaned record describes.

Two locations of one chain share a website and often a phone number, so neither alone is enough:
a website must agree on the street, and a phone on the ZIP code.
"""
from __future__ import annotations

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinics.models import Clinic
from clinics.normalize import site_key, street_key

NAME_SIMILARITY_MIN = 90


def _same_site_and_street(clinic: Clinic, facts: dict) -> bool:
    if site_key(clinic.website) != site_key(facts.get("website")):
        return False
    return street_key(clinic.street) == street_key(facts.get("street"))


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
