"""Phone numbers, postal addresses, locations and opening hours as a page states them.

A number labelled as a fax, or a crisis line ("call the Lifeline at 1-800-273-8255"), is not
the clinic's phone. An address is a US street address with a ZIP code, on one line or spread over
two or three lines of an address block; a PO box or a mailing address is not where the clinic
is. A page that lists several street addresses is a multi-location page: each becomes a location
with the phone that follows it, and none of them is "the" address.
"""
from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
import usaddress

from clinics.geo import STATE_NAMES, city_point, normalize_state, zip_point
from clinics.normalize import phone_e164 as to_e164
from crawler.extract.page import Line

__all__ = ["phone_in_text", "parse_address", "address_on_page", "hours_in_lines", "to_e164",
           "phones_in_lines", "addresses_in_lines", "locations_in_lines", "towns_in_lines",
           "town_with_zip", "geo_in_meta", "geo_in_lines"]

_STATES = "|".join(sorted(list(STATE_NAMES) + list(STATE_NAMES.values()), key=len, reverse=True))
# A town's name as addresses and place lines write it: "Boise", "Johnson City", "St. Louis".
_CITY = r"(?:(?:St|Ft|Mt)\.\s)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
_ANCHOR = re.compile(rf"\b(?:{_STATES})\.?,?\s+\d{{5}}(?:-\d{{4}})?\b")
# A house number, not the tail of a phone number or a date ("742-0834", "3/14"); the grid
# numbers of northern Illinois ("1S443 Summit Ave") are house numbers too.
_STREET_START = re.compile(r"(?<![-./])\b(?:\d{1,2}[NSEW]\d{1,4}|\d{1,6}[A-Z]?)\s+[A-Za-z0-9]")
_LABELS = re.compile(r"fax|crisis|lifeline|hotline|suicide|emergenc|billing|hospital|switchboard"
                     r"|phone|call|tel\b|text"
                     r"|office|main|appointments?|schedul|\b[fp](?=\s*:)", re.IGNORECASE)
# A hospital's switchboard is not the clinic's line, even when the clinic gives care there.
_NOT_THE_CLINIC = re.compile(r"fax|crisis|lifeline|hotline|suicide|emergenc|billing|hospital"
                             r"|switchboard|f$",
                             re.IGNORECASE)
_CRISIS = re.compile(r"crisis|lifeline|hotline|suicide|emergenc", re.IGNORECASE)
_FAX_AFTER = re.compile(r"^\s*(?:[(\[]\s*(?:fax|f)\s*[)\]]|fax\b)", re.IGNORECASE)
_NOT_A_PLACE = re.compile(r"\bmailing\b|\bbilling\b|\bremit|\bp\.?\s?o\.? box|\bbox \d+",
                          re.IGNORECASE)
_HOURS = re.compile(r"^(?:(?:opening |office |clinic |business )?hours\s*:|open)\s*"
                    r"(?P<hours>(?<=:)\s*.+|(?:mon|tue|wed|thu|fri|sat|sun|daily|every).+)$",
                    re.IGNORECASE)
_DAY_LINE = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\b.*\d", re.IGNORECASE)
_STREET_LABELS = (
    "AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix", "StreetNamePreModifier",
    "StreetNamePreDirectional", "StreetNamePreType", "StreetName", "StreetNamePostType",
    "StreetNamePostDirectional",
)
_OCCUPANCY_LABELS = ("OccupancyType", "OccupancyIdentifier", "SubaddressType",
                     "SubaddressIdentifier")
MAX_LINES_PER_ADDRESS = 3
MIN_PHONE_DIGITS = 10
MAX_PHONE_LINE = 2000
_DIGIT = re.compile(r"\d")
_QUALIFIER = re.compile(r"office|main|appointment|schedul", re.IGNORECASE)
_COORDINATES = re.compile(r"\b(?:coordinates|gps|lat(?:itude)?\s*/\s*long?(?:itude)?)\b[^\d-]{0,25}"
                          r"(?P<lat>-?\d{1,2}\.\d{3,})\s*,\s*(?P<lon>-?\d{1,3}\.\d{3,})",
                          re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^[\s+()\d.\-–]{10,20}$")
_LABEL_LINE = re.compile(r"^\D{1,25}:?$")


def _clinic_number(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is labelled as the clinic's own line: not a fax
    or crisis line, and not a texting number ("Text: ..."; "call or text" is a phone)."""
    labels = [m.group(0).lower() for m in _LABELS.finditer(text[max(0, start - 30):start])]
    # "office" or "main" only qualifies a label: "Fax (both offices): ..." is a fax.
    labels = [label for label in labels if not _QUALIFIER.match(label)] or labels
    if labels and _NOT_THE_CLINIC.match(labels[-1]):
        return False
    if labels and all(label == "text" for label in labels):
        return False
    return not _FAX_AFTER.match(text[end:end + 12])


@lru_cache(maxsize=4096)
def phones_in_line(text: str) -> tuple[str, ...]:
    """E.164 numbers of one line that are the clinic's own (no fax, no crisis line). A contact
    line is short: only its first MAX_PHONE_LINE characters are read, which bounds the phone
    parser's work on a page of hostile digits."""
    text = text[:MAX_PHONE_LINE]
    if len(_DIGIT.findall(text)) < MIN_PHONE_DIGITS:
        return ()
    if _CRISIS.search(text) and not re.search(r"\b(?:phone|call us|tel)\b", text, re.I):
        return ()
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "US"):
        if _clinic_number(text, match.start, match.end):
            found.append(phonenumbers.format_number(match.number,
                                                    phonenumbers.PhoneNumberFormat.E164))
    return tuple(found)


def phone_in_text(text: str) -> str | None:
    """The first clinic phone number in the text."""
    for line in text.splitlines():
        if phones := phones_in_line(line):
            return phones[0]
    return None


def phones_in_lines(lines: list[Line]) -> list[tuple[int, str]]:
    return [(i, phone) for i, line in enumerate(lines)
            for phone in phones_in_line(_labelled(lines, i))]


def _labelled(lines: list[Line], i: int) -> str:
    """A line with the label a definition list or a table puts on the line before it
    ("Fax" / "(541) 555-0156"): a bare number takes a short label line above it."""
    text = lines[i].text
    if i and _BARE_NUMBER.match(text) and _LABEL_LINE.match(lines[i - 1].text):
        return f"{lines[i - 1].text}: {text}"
    return text


def _street(tags: dict) -> str | None:
    street = " ".join(tags[label] for label in _STREET_LABELS if label in tags).strip(" ,")
    occupancy = " ".join(tags[label] for label in _OCCUPANCY_LABELS if label in tags).strip(" ,")
    if not street:
        return None
    return f"{street}, {occupancy}" if occupancy else street


def _tagged(candidate: str) -> dict | None:
    try:
        tags, kind = usaddress.tag(candidate)
    except usaddress.RepeatedLabelError:
        return None
    if kind != "Street Address" or "AddressNumber" not in tags or "PlaceName" not in tags:
        return None
    state = normalize_state((tags.get("StateName") or "").strip(" .,"))
    postal = (tags.get("ZipCode") or "")[:5]
    if not (state and re.fullmatch(r"\d{5}", postal) and _street(tags)) or "@" in _street(tags):
        return None
    return {"street": _street(tags), "city": town_name(tags["PlaceName"].strip(" ,")),
            "state": state, "postal_code": postal}


_MOUNT_OR_FORT = re.compile(r"^(?:(?P<mount>Mt)|(?P<fort>Ft))\.?\s+(?=[A-Z])")


def town_name(city: str) -> str:
    """A town as the postal service names it: "Mt. Pleasant" is Mount Pleasant, "Ft. Worth"
    Fort Worth."""
    return _MOUNT_OR_FORT.sub(lambda m: "Mount " if m.group("mount") else "Fort ", city)


@lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple | None:
    address = _parse_address(text)
    return tuple(address.items()) if address else None


def parse_address(text: str) -> dict | None:
    """street / city / state / postal_code of a one-line US street address, or None."""
    found = _parsed(text)
    return dict(found) if found else None


def _parse_address(text: str) -> dict | None:
    """street / city / state / postal_code of a one-line US street address, or None."""
    anchor = _ANCHOR.search(text)
    if not anchor or _NOT_A_PLACE.search(text[:anchor.start()]):
        return None
    head = text[:anchor.end()]
    for start in _STREET_START.finditer(head):
        if address := _tagged(head[start.start():]):
            return address
    return None


def addresses_in_lines(lines: list[Line]) -> list[tuple[int, dict]]:
    """(line index, address) of each street address, an address block's lines joined; one
    under a "Billing office" or "Mailing address" heading is not where patients go."""
    found = []
    for i, line in enumerate(lines):
        if not _ANCHOR.search(line.text) or _NOT_A_PLACE.search(" ".join(line.headings[-1:])):
            continue
        for back in range(MAX_LINES_PER_ADDRESS):
            if i - back < 0:
                break
            joined = ", ".join(l.text for l in lines[i - back:i + 1])
            if address := parse_address(joined):
                found.append((i, address))
                break
    return found


def _same_place(a: dict, b: dict) -> bool:
    number = lambda address: address["street"].split()[0]
    return a["postal_code"] == b["postal_code"] and number(a) == number(b)


def distinct_addresses(lines: list[Line]) -> list[tuple[int, dict]]:
    kept: list[tuple[int, dict]] = []
    for i, address in addresses_in_lines(lines):
        if not any(_same_place(address, other) for _, other in kept):
            kept.append((i, address))
    return kept


def locations_in_lines(lines: list[Line]) -> list[dict]:
    """Each distinct address with the first phone within the lines that follow it (before
    the next address); [] for a page with fewer than two addresses."""
    places = distinct_addresses(lines)
    if len(places) < 2:
        return []
    phones = phones_in_lines(lines)
    found = []
    for n, (i, address) in enumerate(places):
        end = places[n + 1][0] if n + 1 < len(places) else i + 6
        near = [phone for j, phone in phones if i - 1 <= j < end]
        found.append({**address, "phone": near[0] if near else None})
    return found


def address_on_page(lines: list[Line]) -> dict | None:
    """The page's one address; None when it states none or several different ones."""
    places = distinct_addresses(lines)
    return places[0][1] if len(places) == 1 else None


# A line that is only a place, the way a footer or a location card writes it: "Norcross, GA",
# "Georgia Behavioral Health · Eugene, Oregon". A heading's "Ketamine in Norcross, GA" names an
# area served, not where the clinic is.
_PLACE_LINE = re.compile(
    rf"^(?:[^·|•–—]{{1,80}}\s[·|•–—]\s)?"
    rf"(?P<city>(?:(?:St|Ft|Mt)\.\s)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,3}}),"
    rf"\s(?P<state>{_STATES})\.?$")


# An address line that ends in another country or a Canadian postal code.
_FOREIGN_LINE = re.compile(
    r"\d[^|]{3,120}?(?:,\s*|\s+)(?P<country>Canada|Mexico|United Kingdom|UK|England|Ireland"
    r"|Australia|New Zealand|India|Germany|France|Spain|Italy|Netherlands|Israel)\.?$"
    r"|\b(?:AB|BC|MB|NB|NL|NS|ON|PE|QC|SK|YT)\s+(?P<postal>[A-Z]\d[A-Z] ?\d[A-Z]\d)\b")


def foreign_address(lines: list[Line]) -> str | None:
    """The country of an address line that is plainly outside the United States."""
    for line in lines:
        if match := _FOREIGN_LINE.search(line.text):
            return match.group("country") or "Canada"
    return None


# A footer's or a card's list of the towns a clinic has offices in, and nothing else: "Aurora,
# CO · Louisville, CO · Westminster, CO", "Fargo, ND Bismarck, ND".
_TOWN = rf"{_CITY},\s(?:{_STATES})\.?"
_TOWNS_LINE = re.compile(rf"^{_TOWN}(?:\s?[·|•–—;/]\s?|\s){_TOWN}"
                         rf"(?:(?:\s?[·|•–—;/]\s?|\s){_TOWN}){{0,6}}$")
_ONE_TOWN = re.compile(rf"(?P<city>{_CITY}),\s(?P<state>{_STATES})\b")
# "Psychiatrists located in Oakbrook Terrace, IL & Wheaton, IL": the towns a sentence places
# the clinic's offices in (a service area, "serving ...", places nothing).
_TOWNS_IN_PROSE = re.compile(rf"\b(?:located|offices?|clinics?|locations?)\s+in\s+{_TOWN}"
                             rf"(?:(?:,\s(?:and\s)?|\s(?:&|and)\s){_TOWN}){{1,6}}")


def towns_in_lines(lines: list[Line]) -> list[dict]:
    """The towns of a line that lists only the towns a clinic is in, or of a sentence that
    places its offices in them, each a known US town; [] when no line does."""
    for line in lines:
        if line.kind not in ("text", "item"):
            continue
        listed = _TOWNS_LINE.match(line.text) or _TOWNS_IN_PROSE.search(line.text)
        if not listed:
            continue
        towns = [{"city": town_name(m.group("city")), "state": normalize_state(m.group("state"))}
                 for m in _ONE_TOWN.finditer(listed.group(0))]
        if all(town["state"] and city_point(town["city"], town["state"]) for town in towns):
            return list({(t["city"], t["state"]): t for t in towns}.values())
    return []


def city_on_page(lines: list[Line]) -> dict | None:
    """City and state from a line that states only them; None when no line does, or when
    lines name different places."""
    found = {(m.group("city"), normalize_state(m.group("state")))
             for line in lines if line.kind in ("text", "item")
             and (m := _PLACE_LINE.match(line.text))}
    found = {place for place in found if place[1]}
    if len(found) != 1:
        return None
    city, state = found.pop()
    return {"city": town_name(city), "state": state}


# "Quincy, MA 02169" in a footer line that gives no street: the town and its ZIP code.
_TOWN_ZIP = re.compile(rf"(?P<city>(?:[A-Z][a-z]+\s){{0,2}}[A-Z][a-z]+),\s(?P<state>{_STATES})\.?"
                       r"\s+(?P<postal>\d{5})\b")


def town_with_zip(lines: list[Line]) -> dict | None:
    """City, state and ZIP code of a line that states them without a street, when the ZIP
    code is that town's; None when no line does or lines name different towns."""
    found = set()
    for line in lines:
        for match in _TOWN_ZIP.finditer(line.text):
            if place := _town_of_zip(match):
                found.add(place)
    if len(found) != 1:
        return None
    city, state, postal = found.pop()
    return {"city": city, "state": state, "postal_code": postal}


def _town_of_zip(match: re.Match) -> tuple[str, str, str] | None:
    state = normalize_state(match.group("state"))
    point = zip_point(match.group("postal"))
    if not point or point[3] != state:
        return None
    written = match.group("city").lower().split()
    town = point[2].lower().split()
    if written[-len(town):] != town:
        return None
    return point[2], state, match.group("postal")


# "at the Ketamine Treatment Center in Johnson City, Tennessee", "our facility in Culver City in
# Los Angeles, California": the clinic itself said to be in a town, not a service area.
_CLINIC_IN_PLACE = re.compile(
    r"\b(?:[Oo]ur|[Tt]he)\s+(?:[\w&'’-]+\s+){0,5}?"
    r"(?i:office|facility|clinic|center|centre|practice)"
    r"\s+(?:is\s+)?(?:located\s+|based\s+)?in\s+"
    rf"(?P<city>{_CITY})"
    r"(?:\s+in\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})?,?\s+"
    rf"(?P<state>{_STATES})\b")
# "Located in Scottsdale, Arizona", "We're based in Bend, OR": the clinic's own placing of itself;
# "I practice in Austin, TX", "Practising as a psychiatrist in Washington, D.C.": a practitioner's.
_LOCATED_IN_PLACE = re.compile(
    r"(?:(?:^|[.!]\s+|\b[Ww]e(?:['’]re|\s+are)\s+)(?:(?i:conveniently|centrally)\s+)?"
    r"(?i:located|based)|\bI\s+practi[cs]e|(?:^|[.!]\s+)[Pp]racti[cs]ing(?:\s+as\s+an?\s+[a-z]+)?)"
    rf"\s+in\s+(?P<city>{_CITY}),?\s+"
    rf"(?P<state>{_STATES}|D\.\s?C\.?)(?!\w)")
MAX_PROSE_LINE = 3000


def city_in_prose(lines: list[Line]) -> dict | None:
    """City and state from a sentence that places the clinic itself in a known town; None when
    no sentence does, or when sentences name different places."""
    found = set()
    for line in lines:
        if line.kind not in ("text", "item"):
            continue
        text = line.text[:MAX_PROSE_LINE]
        for match in (*_CLINIC_IN_PLACE.finditer(text), *_LOCATED_IN_PLACE.finditer(text)):
            state = normalize_state(re.sub(r"^D\.\s?C\.?$", "DC", match.group("state")))
            if state and city_point(match.group("city"), state):
                found.add((match.group("city"), state))
    if len(found) != 1:
        return None
    city, state = found.pop()
    return {"city": city, "state": state}


def hours_in_lines(lines: list[Line]) -> str | None:
    """"Hours: ..." on one line, or the day lines under an "Hours" heading, joined by "; "."""
    for line in lines:
        if match := _HOURS.match(line.text):
            return match.group("hours").strip()
    days = [line.text for line in lines if _DAY_LINE.match(line.text)
            and any("hours" in heading.lower() for heading in line.headings[-1:])]
    return "; ".join(dict.fromkeys(days)) or None


def geo_in_lines(lines: list[Line]) -> dict:
    """lat / lon a page writes out ("our GPS coordinates are 47.0625, -109.4290"); {} when it
    writes none."""
    for line in lines:
        if match := _COORDINATES.search(line.text):
            lat, lon = float(match.group("lat")), float(match.group("lon"))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return {"lat": lat, "lon": lon}
    return {}


def geo_in_meta(meta: dict[str, str]) -> dict:
    """lat / lon from geo.position, ICBM or place:location meta tags; {} when absent."""
    pair = meta.get("geo.position") or meta.get("icbm") or ""
    parts = re.split(r"[;,]\s*", pair) if pair else [
        meta.get("place:location:latitude", ""), meta.get("place:location:longitude", "")]
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except (IndexError, ValueError):
        return {}
    return {"lat": lat, "lon": lon} if -90 <= lat <= 90 and -180 <= lon <= 180 else {}
