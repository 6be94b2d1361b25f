"""Whether an address is in the United States: the directory lists US clinics only.

A foreign country, a Canadian province or a Canadian postal code is refused at ingest rather than
matched to a US ZIP code that happens to share digits.
"""
from __future__ import annotations

import re

from clinics.geo import normalize_state

US_NAMES = {"us", "usa", "united states", "united states of america", "america"}
CANADIAN_PROVINCES = {
    "ab", "bc", "mb", "nb", "nl", "ns", "nt", "nu", "on", "pe", "qc", "sk", "yt",
    "alberta", "british columbia", "manitoba", "new brunswick", "newfoundland",
    "newfoundland and labrador", "nova scotia", "northwest territories", "nunavut", "ontario",
    "prince edward island", "quebec", "québec", "saskatchewan", "yukon",
}
_CANADIAN_POSTAL = re.compile(
    r"\b[abceghj-nprstvxy]\d[abceghj-nprstv-z] ?\d[abceghj-nprstv-z]\d\b", re.IGNORECASE)


def outside_us(country: str, state: str, postal_code: str) -> str | None:
    """Why an address is plainly not in the United States, or None when nothing says so."""
    stated = country.strip().lower().replace(".", "")
    if stated and stated not in US_NAMES:
        return f"country {country.strip()[:40]}"
    region = state.strip().lower().rstrip(".")
    if region in CANADIAN_PROVINCES and normalize_state(state) is None:
        return f"province {state.strip()[:40]}"
    if _CANADIAN_POSTAL.search(postal_code) and not re.search(r"\b\d{5}\b", postal_code):
        return f"postal code {postal_code.strip()[:12]}"
    return None
