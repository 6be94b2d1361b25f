"""How facts read on screen: tri-state wording, labels, phone numbers, miles, safe links.

Registered as Jinja filters by the factory. Every function returns plain text, never markup, so
Jinja's autoescape still applies to whatever a scraped value contains.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from clinics import vocab

_E164 = re.compile(r"\+[1-9]\d{6,14}")
_NANP = re.compile(r"\+1(\d{3})(\d{3})(\d{4})")


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


_UNSTATED = {
    "insurance_accepted": "take insurance",
    "sliding_scale": "offer a sliding scale",
    "payment_plans": "offer payment plans",
}


def unknown_note(field: str, count: int) -> str:
    """Says how many clinics a yes-only filter left out because they did not say either way."""
    what = _UNSTATED.get(field, f"state {field.replace('_', ' ')}")
    clinics = "clinic" if count == 1 else "clinics"
    return f"{count} more {clinics} did not say whether they {what}, so they are not listed."


FILTERS = {
    "tri_state": tri_state,
    "insurance_wording": insurance_wording,
    "labels": labels,
    "http_url": http_url,
    "tel_href": tel_href,
    "phone_display": phone_display,
    "miles": miles,
    "usd_range": usd_range,
    "day": day,
    "unknown_note": unknown_note,
}
