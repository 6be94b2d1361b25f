"""How facts read on screen: tri-state wording, labels, phone numbers, miles, safe links.

Registered as Jinja filters by the factory. Every function returns plain text, never markup, so
Jinja's autoescape still applies to whatever a scraped value contains.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Iterable, Protocol
from urllib.parse import quote, urlsplit

from clinics import vocab

_E164 = re.compile(r"\+[1-9]\d{6,14}")
_NANP = re.compile(r"\+1(\d{3})(\d{3})(\d{4})")


def is_on(value: str | None) -> bool:
    """Whether a check box argument is ticked; the same words the search's parser accepts."""
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def tri_state(value: bool | None) -> str:
    """None is "not stated", never "no": a clinic that is silent has not refused."""
    if value is None:
        return "not stated"
    return "yes" if value else "no"


def insurance_wording(value: str | None) -> str:
    return {"yes": "yes", "no": "no (self-pay)"}.get(value or "unknown", "not stated")


def labels(tokens: list[str] | None, vocabulary: str) -> list[str]:
    return [vocab.label(vocabulary, token) for token in tokens or []]


def http_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link, else None (no javascript:, data:, relative)."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed "[" in an IPv6 host
        return None
    return url if parts.scheme.lower() in ("http", "https") and host else None


def tel_href(phone: str | None) -> str | None:
    """A tel: link for an E.164 number, or None for anything else."""
    if phone and _E164.fullmatch(phone):
        return f"tel:{phone}"
    return None


def phone_display(phone: str | None) -> str:
    """US numbers as (410) 555-0123; other E.164 numbers as stored."""
    if not phone:
        return ""
    match = _NANP.fullmatch(phone)
    return f"({match[1]}) {match[2]}-{match[3]}" if match else phone


def miles(distance_mi: float | None) -> str:
    if distance_mi is None:
        return ""
    return f"{distance_mi:.1f} mi" if distance_mi < 10 else f"{distance_mi:.0f} mi"


def usd_range(low: int | None, high: int | None) -> str:
    """A self-pay price range per session; "not stated" when neither end is known."""
    if low is None and high is None:
        return "not stated"
    if low is not None and high is not None and high != low:
        return f"${low:,}–${high:,}"
    if low is None:
        return f"up to ${high:,}"
    return f"${low:,}" if high == low else f"from ${low:,}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return "date not stated"
    return value.strftime("%Y-%m-%d")


def long_day(value: date | datetime | None) -> str:
    """A date as a person writes it: "3 Dec 2026"."""
    if value is None:
        return "date not stated"
    return f"{value.day} {value.strftime('%b %Y')}"


_PAGE_WORDS = re.compile(r"[a-z][a-z0-9]*(?:[-_ ][a-z0-9]+){0,3}")


def source_page(url: str | None, spider: str | None) -> str:
    """Which page a fact came from, in words: "the clinic's insurance page", "a directory
    listing on dir.example". Built from the address only, so it is plain text like the rest."""
    try:
        parts = urlsplit(url or "")
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return "an unreadable address"
    if spider != "clinic_site":
        kind = {"directory": "a directory listing", "reviews": "a review site"}.get(
            spider or "", "a page")
        return f"{kind} on {host}" if host else kind
    segment = next((s for s in reversed(parts.path.split("/")) if s), "")
    segment = segment.rsplit(".", 1)[0].lower()[:40]
    if not segment or segment in ("index", "home"):
        return "the clinic's home page"
    if not _PAGE_WORDS.fullmatch(segment):
        return "the clinic's site"
    return f"the clinic's {segment.replace('-', ' ').replace('_', ' ')} page"


def rating_text(rating: float | None, review_count: int | None) -> str:
    """"4.3 of 5 from 25 reviews", or "no reviews yet" when there is nothing to average."""
    if rating is None or not review_count:
        return "no reviews yet"
    reviews = "review" if review_count == 1 else "reviews"
    return f"{rating:.1f} of 5 from {review_count:,} {reviews}"


def source_label(source: str | None) -> str:
    """The clinic's own site says so (its testimonials and its claims about itself are its
    own, not independent reviews); other sources are named by their host."""
    if source == "website":
        return "testimonials on the clinic's site"
    return source or "an unnamed source"


class _Staff(Protocol):
    credentials: list[str] | None
    npi: str | None
    npi_verified: bool


# The strongest credential on staff decides the summary, in this order.
_STAFF_PHRASES = (
    ("board_certified_anesthesiology", "Board-certified anesthesiologist on staff"),
    ("board_certified_psychiatry", "Board-certified psychiatrist on staff"),
    ("board_certified_pain_medicine", "Board-certified pain medicine physician on staff"),
    ("md", "Physician (MD) on staff"),
    ("do", "Physician (DO) on staff"),
    ("crna", "Nurse anesthetist (CRNA) on staff"),
    ("pmhnp", "Psychiatric nurse practitioner on staff"),
    ("np", "Nurse practitioner on staff"),
    ("pa", "Physician assistant on staff"),
)


def staff_summary(staff: Iterable[_Staff]) -> str:
    """One line on who treats patients: the strongest credential named, and NPI checks.

    "NPI verified" means the public NPI registry matched every named clinician who has an NPI;
    a partial match says how many. Nothing is claimed that the clinic did not state.
    """
    people = list(staff)
    if not people:
        return "Staff not named"
    held = {token for person in people for token in person.credentials or []}
    phrase = next((text for token, text in _STAFF_PHRASES if token in held),
                  "Staff named, credentials not stated")
    with_npi = [person for person in people if person.npi]
    verified = sum(1 for person in with_npi if person.npi_verified)
    if with_npi and verified == len(with_npi):
        return f"{phrase}, NPI verified"
    if verified:
        return f"{phrase}, NPI verified for {verified} of {len(with_npi)}"
    if with_npi:
        return f"{phrase}, NPI listed but not verified"
    return phrase


_NPI = re.compile(r"\d{10}")
NPI_REGISTRY = "https://npiregistry.cms.hhs.gov/provider-view/"


def npi_registry_url(npi: str | None) -> str | None:
    """The public NPI registry's page for a 10-digit NPI, where anyone can check it."""
    return NPI_REGISTRY + npi if npi and _NPI.fullmatch(npi) else None


def directions_url(street: str | None, city: str | None, state: str | None,
                   postal_code: str | None) -> str | None:
    """A map directions link to the address, opened by the person's own map app or site."""
    parts = [part for part in (street, city, state, postal_code) if part]
    if not (street or postal_code) or len(parts) < 2:
        return None
    return "https://www.google.com/maps/dir/?api=1&destination=" + quote(", ".join(parts))


class _Place(Protocol):
    label: str
    precision: str


def place_label(place: _Place) -> str:
    """A searched place as a person reads it; coordinates from "use my location" say so."""
    return f"your location ({place.label})" if place.precision == "point" else place.label


FILTERS = {
    "place_label": place_label,
    "is_on": is_on,
    "tri_state": tri_state,
    "insurance_wording": insurance_wording,
    "labels": labels,
    "http_url": http_url,
    "tel_href": tel_href,
    "phone_display": phone_display,
    "miles": miles,
    "usd_range": usd_range,
    "day": day,
    "long_day": long_day,
    "source_page": source_page,
    "rating_text": rating_text,
    "source_label": source_label,
    "staff_summary": staff_summary,
    "npi_registry_url": npi_registry_url,
}
