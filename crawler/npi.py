"""The NPPES NPI Registry API (version 2.1): queries, and whether an answer is the practitioner.

An entry verifies a practitioner only when its name, a state (a taxonomy's licence state, else a
practice address) and a taxonomy that fits a credential the clinic claims all match. Plain
functions over parsed JSON, so tests run them on saved answers.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from clinics.credentials import PractitionerToVerify

# Which taxonomy descriptions confirm a claimed credential (lower-case substrings). Degrees
# (md, do) are confirmed by any physician taxonomy: codes of that group start with "20".
SPECIALTY_TAXONOMIES: dict[str, tuple[str, ...]] = {
    "board_certified_anesthesiology": ("anesthesiology",),
    "board_certified_psychiatry": ("psychiatry",),
    "board_certified_pain_medicine": ("pain medicine",),
    "crna": ("nurse anesthetist",),
    "np": ("nurse practitioner",),
    "pmhnp": ("nurse practitioner, psych",),
    "pa": ("physician assistant",),
    "lcsw": ("social worker",),
    "lpc": ("counselor",),
    "lmft": ("marriage & family therapist", "marriage and family therapist"),
}
DEGREE_TAXONOMIES: dict[str, tuple[str, ...]] = {
    "rn": ("registered nurse",),
    "psyd": ("psycholog",),
    "phd": ("psycholog",),
}
PHYSICIAN_DEGREES = ("md", "do")
PHYSICIAN_CODE_PREFIX = "20"
NAME_QUERY_LIMIT = 50


@dataclass(frozen=True)
class Verdict:
    """The registry's answer about one practitioner."""

    npi: str | None
    verified: bool
    taxonomy: str | None
    reason: str


def query_url(base_url: str, person: PractitionerToVerify) -> str:
    """By number when the clinic published a valid NPI, else by name and state."""
    if person.npi:
        params = {"version": "2.1", "number": person.npi}
    else:
        params = {"version": "2.1", "first_name": person.first_name,
                  "last_name": person.last_name, "state": person.license_state,
                  "enumeration_type": "NPI-1", "limit": NAME_QUERY_LIMIT}
    return f"{base_url}?{urlencode(params)}"


def _fold(text: str | None) -> str:
    """Upper-case ASCII letters only: "José-María" and "JOSE MARIA" compare equal."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.upper() if ch.isalpha())


def name_matches(entry: dict, person: PractitionerToVerify) -> bool:
    basic = entry.get("basic") or {}
    return (bool(_fold(person.last_name)) and _fold(basic.get("last_name")) == _fold(person.last_name)
            and _fold(basic.get("first_name")) == _fold(person.first_name))


def state_matches(entry: dict, state: str | None) -> bool:
    """A taxonomy licensed in the state, or (when no taxonomy names a state) an address there."""
    if not state:
        return False
    licensed = [t.get("state") for t in entry.get("taxonomies") or [] if t.get("state")]
    if licensed:
        return state in licensed
    return any(a.get("state") == state for a in entry.get("addresses") or [])


def _fits(token: str, taxonomy: dict) -> bool:
    desc = (taxonomy.get("desc") or "").lower()
    if token in PHYSICIAN_DEGREES:
        return str(taxonomy.get("code") or "").startswith(PHYSICIAN_CODE_PREFIX)
    wanted = SPECIALTY_TAXONOMIES.get(token) or DEGREE_TAXONOMIES.get(token) or ()
    return any(word in desc for word in wanted)


def fitting_taxonomy(entry: dict, credentials: tuple[str, ...]) -> dict | None:
    """The taxonomy (primary first) that confirms a claimed credential. When the clinic claims a
    specialty, the specialty must fit; a degree alone is checked only when nothing more is
    claimed."""
    specialties = [c for c in credentials if c in SPECIALTY_TAXONOMIES]
    tokens = specialties or [c for c in credentials if c in DEGREE_TAXONOMIES
                             or c in PHYSICIAN_DEGREES]
    taxonomies = sorted(entry.get("taxonomies") or [], key=lambda t: not t.get("primary"))
    return next((t for t in taxonomies for token in tokens if _fits(token, t)), None)


def verdict(answer: dict, person: PractitionerToVerify) -> Verdict:
    """What one API answer says about the practitioner."""
    if answer.get("Errors"):
        return Verdict(person.npi, False, None, "api_error")
    entries = [e for e in answer.get("results") or [] if isinstance(e, dict)]
    if person.npi:
        entries = [e for e in entries if str(e.get("number")) == person.npi]
    if not entries:
        return Verdict(person.npi, False, None, "not_found")
    named = [e for e in entries if name_matches(e, person)]
    placed = [e for e in named if state_matches(e, person.license_state)]
    fitting = [(e, t) for e in placed if (t := fitting_taxonomy(e, person.credentials))]
    if len(fitting) > 1:
        return Verdict(person.npi, False, None, "ambiguous")
    if fitting:
        entry, taxonomy = fitting[0]
        return Verdict(str(entry["number"]), True, taxonomy.get("desc"), "verified")
    reason = "name_mismatch" if not named else "state_mismatch" if not placed else "taxonomy_mismatch"
    return Verdict(person.npi, False, None, reason)
