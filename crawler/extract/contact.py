"""Phone, postal address and opening hours as a page states them."""
from __future__ import annotations

import copy
import re

import phonenumbers
import usaddress

from clinics.geo import normalize_state
from clinics.normalize import phone_e164 as to_e164
from crawler.extract.page import Page, element_lines

_FAX_BEFORE = re.compile(r"fax\W{0,3}$|fax\s*(?:number|no\.?)?\s*[:.]?\s*$", re.IGNORECASE)
_ADDRESS = re.compile(
    r"\b\d{1,6}\s+[^\n]*?,\s*[A-Za-z][A-Za-z .'-]*?,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"
)
_ADDRESS_PARTS = re.compile(
    r"^(?P<street>.+?),\s*(?P<city>[A-Za-z][A-Za-z .'-]*?),\s*(?P<state>[A-Z]{2})\s+"
    r"(?P<postal_code>\d{5})"
)
_HOURS = re.compile(r"^(?:opening |office |clinic )?hours\s*:\s*(?P<hours>.+)$", re.IGNORECASE)
_STREET_LABELS = (
    "AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix", "StreetNamePreModifier",
    "StreetNamePreDirectional", "StreetNamePreType", "StreetName", "StreetNamePostType",
    "StreetNamePostDirectional",
)
_OCCUPANCY_LABELS = ("OccupancyType", "OccupancyIdentifier", "SubaddressType",
                     "SubaddressIdentifier")


def phone_in_text(text: str) -> str | None:
    """The first phone number in the text that is not labelled as a fax number."""
    for match in phonenumbers.PhoneNumberMatcher(text, "US"):
        if _FAX_BEFORE.search(text[max(0, match.start - 20):match.start]):
            continue
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


def hours_in_lines(lines: list[str]) -> str | None:
    for line in lines:
        if match := _HOURS.match(line):
            return match.group("hours").strip()
    return None


def _address_candidates(page: Page) -> list[str]:
    found = []
    if page.root is not None:
        for node in page.root.iter("address"):
            lines = element_lines(copy.deepcopy(node))
            found.append(", ".join(lines))
    return found + [m.group(0) for m in _ADDRESS.finditer(page.text)]


def parse_address(text: str) -> dict | None:
    """street / city / state / postal_code of a one-line US address, or None."""
    match = _ADDRESS.search(text)
    if not match:
        return None
    line = match.group(0)
    try:
        tags, _kind = usaddress.tag(line)
    except usaddress.RepeatedLabelError:
        tags = {}
    parts = _ADDRESS_PARTS.match(line)
    state = normalize_state(tags.get("StateName") or (parts and parts.group("state")))
    postal = (tags.get("ZipCode") or (parts and parts.group("postal_code")) or "")[:5]
    street = _street(tags) or (parts and parts.group("street").strip())
    city = tags.get("PlaceName") or (parts and parts.group("city").strip())
    if not (state and re.fullmatch(r"\d{5}", postal)):
        return None
    return {"street": street or None, "city": city or None, "state": state, "postal_code": postal}


def _street(tags: dict) -> str | None:
    street = " ".join(tags[label] for label in _STREET_LABELS if label in tags)
    occupancy = " ".join(tags[label] for label in _OCCUPANCY_LABELS if label in tags)
    if not street:
        return None
    return f"{street}, {occupancy}" if occupancy else street


def address_on_page(page: Page) -> dict | None:
    for candidate in _address_candidates(page):
        if address := parse_address(candidate):
            return address
    return None
