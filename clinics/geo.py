"""Offline places: ZIP codes and "City, ST" to coordinates, and great-circle distance in miles.

ZIPs and cities come from the ``zipcodes`` package's bundled data, read through ``place_table``;
which of several places of one name a person most likely means, and what a browser's coordinates
are called, from the population extract in ``populations``. No geocoding service is called.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from clinics import place_table, populations

EARTH_RADIUS_MI = 3958.7613

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}
_STATE_BY_NAME = {name.lower(): code for code, name in STATE_NAMES.items()}


class UnknownPlace(ValueError):
    """A place we cannot find; ``suggestions`` holds nearby spellings a person might have meant."""

    def __init__(self, text: str, suggestions: list[str] | None = None):
        self.text = text
        self.suggestions = suggestions or []
        hint = f" Did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            f"We could not find the place “{text}”. Try a 5-digit ZIP code or “City, ST”.{hint}"
        )


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lon: float
    # "zip" (a ZIP centre), "city" (mean of a city's ZIP centres) or "point" (given coordinates).
    precision: str
    # Two-letter code of the state the place is in (for a point, that of the town it is named
    # after); None when unknown.
    state: str | None = None


def haversine_mi(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in statute miles."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MI * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_mi: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) that contains every point within radius_mi."""
    dlat = math.degrees(radius_mi / EARTH_RADIUS_MI)
    cos_lat = max(math.cos(math.radians(min(89.9, abs(lat) + dlat))), 1e-6)
    dlon = min(180.0, math.degrees(radius_mi / (EARTH_RADIUS_MI * cos_lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def normalize_state(text: str | None) -> str | None:
    """Two-letter USPS code for a state code or name, or None."""
    if not text:
        return None
    cleaned = text.strip().rstrip(".")
    if cleaned.upper() in STATE_NAMES:
        return cleaned.upper()
    return _STATE_BY_NAME.get(cleaned.lower())


def zip_point(postal_code: str) -> tuple[float, float, str, str] | None:
    """(lat, lon, city, state) of a ZIP code's centre, or None when the ZIP is unknown."""
    code = (postal_code or "").strip()[:5]
    if not re.fullmatch(r"\d{5}", code):
        return None
    table = place_table.zip_table()
    at = table.find(code)
    if at is None:
        return None
    row = table.row(at)
    return row.lat, row.lon, row.city, row.state


# Where ZIP codes are: the states, DC and Puerto Rico, and the territories with ZIP codes.
_ZIP_REGIONS = (*STATE_NAMES, "VI", "GU", "AS", "MP")


def _mean_centres(rows, key) -> dict:
    """key(row) -> (mean lat, mean lon, the last row's city) of the ZIP rows with that key."""
    sums: dict = {}
    for row in rows:
        acc = sums.setdefault(key(row), [0.0, 0.0, 0, ""])
        acc[0] += row.lat
        acc[1] += row.lon
        acc[2] += 1
        acc[3] = row.city
    return {k: (s[0] / s[2], s[1] / s[2], s[3]) for k, s in sums.items()}


@lru_cache(maxsize=1)
def _cities() -> dict[tuple[str, str], tuple[float, float, str]]:
    """(lower-cased city, state) -> mean of its standard ZIP centres, and its name."""
    regions = set(_ZIP_REGIONS)
    standard = (row for row in place_table.zip_table().rows()
                if row.standard and row.state in regions)
    centres = _mean_centres(standard, lambda row: (row.city.lower(), row.state))
    return {key: (lat, lon, city.title()) for key, (lat, lon, city) in centres.items()}


@lru_cache(maxsize=1)
def _state_centres() -> dict[str, tuple[float, float]]:
    """Each state's mean of all its ZIP centres, in one pass over the table."""
    centres = _mean_centres(place_table.zip_table().rows(), lambda row: row.state)
    return {state: (lat, lon) for state, (lat, lon, _) in centres.items()}


def state_centre(state: str) -> tuple[float, float]:
    """The mean of a state's ZIP centres (somewhere for a map to look); (0, 0) when unknown."""
    return _state_centres().get(state, (0.0, 0.0))


def load_places() -> None:
    """Read the place tables now: a server calls this as each worker starts, so that its first
    searches by ZIP, city or coordinates do not wait on them (a few hundred milliseconds)."""
    _city_cells()
    _state_centres()
    populations.nearest_place(0.0, 0.0)


def city_point(city: str, state: str) -> tuple[float, float, str] | None:
    """(lat, lon, display name) for a city in a state, averaged over its ZIP codes."""
    return _cities().get((city.strip().lower(), state))


@lru_cache(maxsize=64)
def _suggestion_choices(state: str | None) -> dict[str, str]:
    """"City, ST" -> lower-cased city, for one state or (None) all: built once, not per request."""
    return {
        f"{name}, {st}": key[0]
        for key, (_, _, name) in _cities().items()
        for st in [key[1]]
        if state is None or st == state
    }


MAX_SUGGESTIONS = 5
# Spellings compared before the largest places are picked from them.
_SUGGESTION_POOL = 200


def _city_suggestions(city: str, state: str | None) -> list[str]:
    """"City, ST" labels close to what was typed: an exact name first, then the most populous,
    so "austin" offers Austin, TX first and "Sn Diego" San Diego, CA before San Diego, TX."""
    from rapidfuzz import fuzz, process

    typed = city.strip().lower()
    found = process.extract(typed, _suggestion_choices(state), scorer=fuzz.ratio,
                            limit=_SUGGESTION_POOL, score_cutoff=80)
    ranked = sorted(found, key=lambda item: (
        item[0] != typed, -populations.population(item[0], item[2][-2:]), -item[1], item[2]))
    return [label for _, _, label in ranked[:MAX_SUGGESTIONS]]


# A point far from any town of the population extract is named after the nearest ZIP city
# within this many miles.
_ZIP_CITY_NAMING_MI = 50.0


@lru_cache(maxsize=1)
def _city_cells() -> dict[tuple[int, int], list[tuple[float, float, str, str]]]:
    cells: dict[tuple[int, int], list[tuple[float, float, str, str]]] = {}
    for (_, state), (lat, lon, name) in _cities().items():
        cells.setdefault((math.floor(lat), math.floor(lon)), []).append((lat, lon, name, state))
    return cells


def _nearest_zip_city(lat: float, lon: float) -> tuple[str, str] | None:
    """(name, state) of the nearest ZIP city within _ZIP_CITY_NAMING_MI, from nearby cells."""
    best, best_mi = None, _ZIP_CITY_NAMING_MI
    cells, row, column = _city_cells(), math.floor(lat), math.floor(lon)
    for d_row in (-1, 0, 1):
        for d_column in (-2, -1, 0, 1, 2):
            for c_lat, c_lon, name, state in cells.get((row + d_row, column + d_column), ()):
                distance = haversine_mi(lat, lon, c_lat, c_lon)
                if distance <= best_mi:
                    best, best_mi = (name, state), distance
    return best


def _point(lat: float, lon: float) -> Place:
    """Coordinates named as a person would name them: after the town of at least a few thousand
    people they are in or near ("San Diego, CA"), else the nearest ZIP city, else as numbers."""
    town = populations.nearest_place(lat, lon)
    named = (town.name, town.state) if town is not None else _nearest_zip_city(lat, lon)
    if named is None:
        return Place(f"{lat:.4f}, {lon:.4f}", lat, lon, "point")
    return Place(f"{named[0]}, {named[1]}", lat, lon, "point", named[1])


# The longest state name, "District of Columbia", is three words.
_MOST_STATE_WORDS = 3


def _city_and_state(text: str) -> tuple[str, str | None]:
    r"""Split "City, ST", "City, State", "City ST" or "City State" into (city, state code).

    The state is whatever follows the last comma; without a comma, the longest run of the last
    one to three words that names a state ("Charleston West Virginia" is in WV). A plain split,
    not a pattern: a lazy group before optional spaces (``(.+?)\s*,?\s+``) backtracks
    polynomially on long runs of spaces, and one request could stall the server for seconds.
    The state is None when none is named.
    """
    if "," in text:
        city, _, state = text.rpartition(",")
        return city.strip(" ,"), normalize_state(state.strip())
    words = text.split()
    for count in range(min(_MOST_STATE_WORDS, len(words) - 1), 0, -1):
        state = normalize_state(" ".join(words[-count:]))
        if state:
            return " ".join(words[:-count]), state
    return text, None


# No US place a person types is longer ("Washington, District of Columbia" is 32 characters).
MAX_PLACE_CHARS = 100


def resolve_place(text: str) -> Place:
    """A ZIP, "City, ST", "City, State" or "lat,lon" as a point; raises UnknownPlace otherwise.

    Runs in time linear in the length of ``text``, which is capped at MAX_PLACE_CHARS: a longer
    text is no place, and no spelling is compared with it.
    """
    raw = (text or "").strip()
    if not raw or len(raw) > MAX_PLACE_CHARS:
        raise UnknownPlace(raw[:MAX_PLACE_CHARS])
    if m := re.fullmatch(r"(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)", raw):
        lat, lon = float(m.group(1)), float(m.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return _point(lat, lon)
        raise UnknownPlace(raw)
    if re.fullmatch(r"\d{5}(-\d{4})?", raw):
        point = zip_point(raw[:5])
        if point is None:
            raise UnknownPlace(raw)
        return Place(f"{raw[:5]} ({point[2].title()}, {point[3]})", point[0], point[1], "zip",
                     point[3])
    city, state = _city_and_state(raw)
    if city and state:
        if point := city_point(city, state):
            return Place(f"{point[2]}, {state}", point[0], point[1], "city", state)
        raise UnknownPlace(raw, _city_suggestions(city, state))
    raise UnknownPlace(raw, _city_suggestions(raw.split(",")[0], None))
