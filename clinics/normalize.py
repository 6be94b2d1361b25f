"""Turn the many ways pages write a fact into one canonical form.

Every function returns None for a value it cannot read with confidence: a wrong fact in a health
directory is worse than a missing one.
"""
from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlsplit

import phonenumbers

from clinics.geo import normalize_state


class _TextCollector(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "iframe", "object"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def plain_text(value: object, max_length: int = 5000) -> str | None:
    """Scraped text with markup, scripts and control characters removed and spaces folded."""
    if value is None:
        return None
    collector = _TextCollector()
    collector.feed(str(value))
    collector.close()
    text = "".join(collector.parts)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    text = re.sub(r"\s+", " ", text).strip()
    return text[:max_length] or None


def phone_e164(value: object, region: str = "US") -> str | None:
    """A US phone number as E.164 ("+14105550123"), or None when it is not a possible number."""
    if not value:
        return None
    try:
        parsed = phonenumbers.parse(str(value), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def postal_code(value: object) -> str | None:
    """The five-digit ZIP of a ZIP or ZIP+4."""
    match = re.search(r"\b(\d{5})(?:-\d{4})?\b", str(value or ""))
    return match.group(1) if match else None


def state_code(value: object) -> str | None:
    return normalize_state(str(value)) if value else None


def website(value: object) -> str | None:
    """An http(s) URL with a host; anything else (javascript:, mailto:, junk) is dropped."""
    if not value:
        return None
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def site_key(url: str | None) -> str | None:
    """What makes two website URLs the same site: host without www, and the path without '/'."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/").lower()
    return f"{host}{port}{path}"


def street_key(street: str | None) -> str:
    """A street line reduced to letters and digits, for comparing two spellings of one address."""
    text = (street or "").lower()
    for long, short in (("street", "st"), ("avenue", "ave"), ("suite", "ste"), ("road", "rd"),
                        ("boulevard", "blvd"), ("drive", "dr"), ("parkway", "pkwy"),
                        ("lane", "ln"), ("place", "pl"), ("court", "ct"), ("highway", "hwy"),
                        ("circle", "cir"), ("terrace", "ter"), ("square", "sq"),
                        ("floor", "fl"), ("north", "n"), ("south", "s"), ("east", "e"),
                        ("west", "w")):
        text = re.sub(rf"\b{long}\b", short, text)
    return re.sub(r"[^a-z0-9]", "", text)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:200] or "clinic"


def clinic_slug(name: str, city: str | None, state: str | None) -> str:
    """A clinic's slug before any "-2", "-3" that keeps it apart from a namesake."""
    return slugify(" ".join(filter(None, [name, city, state])))


def tri_state(value: object) -> bool | None:
    """True / False for a stated fact, None for "not stated"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1", "y"}:
        return True
    if text in {"false", "no", "0", "n"}:
        return False
    return None
