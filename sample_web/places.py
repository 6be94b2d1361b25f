"""Real US ZIP codes where the invented clinics stand.

The list leans towards Baltimore, Washington and Philadelphia so that a 100-mile search around
21201 finds many clinics, and reaches every state so that far-away searches find others. Places
are the same for every seed (the seed picks names and facts); they are drawn from the offline
``zipcodes`` data with a fixed random generator, so they change only if that pinned data does.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes

from clinics.geo import haversine_mi

BALTIMORE_ZIP = "21201"
CLUSTER_RADIUS_MI = 95
CLUSTER_EXTRA = 85
ZIPS_PER_CITY = 2

NEAR_BALTIMORE = (
    "21201", "21202", "21218", "21224", "21230", "21286", "21044", "21401", "21701", "21740",
    "20814", "20910", "20001", "20009", "20016", "22201", "22314", "22030", "20171", "19103",
    "19147", "19801", "19901", "17401", "17101", "17602", "21801",
)

ELSEWHERE = (
    "10001", "10025", "11201", "14604", "07102", "08540", "02115", "01605", "06510", "02903",
    "05401", "03101", "04101", "23219", "23510", "27601", "28202", "29201", "30303", "31401",
    "33130", "32801", "33602", "37203", "40202", "43215", "44113", "45202", "48226", "49503",
    "46204", "60611", "60614", "53202", "55401", "63101", "64105", "78701", "77002", "75201",
    "78205", "80202", "80302", "85004", "85701", "87102", "84101", "89101", "94103", "90012",
    "92101", "95814", "97205", "98101", "99201", "70112", "35203", "73102", "68102", "50309",
    "96813", "99501", "83702", "25301", "39201",
)

# Three cities per state (and DC) where more clinics open.
STATE_CITIES = {
    "AL": ("Birmingham", "Montgomery", "Huntsville"), "AK": ("Anchorage", "Fairbanks", "Wasilla"),
    "AZ": ("Phoenix", "Tucson", "Scottsdale"), "AR": ("Little Rock", "Fort Smith", "Fayetteville"),
    "CA": ("Los Angeles", "San Diego", "San Jose"), "CO": ("Denver", "Colorado Springs", "Aurora"),
    "CT": ("Hartford", "Stamford", "New Haven"), "DE": ("Wilmington", "Newark", "Dover"),
    "DC": ("Washington",), "FL": ("Miami", "Jacksonville", "Tampa"),
    "GA": ("Atlanta", "Savannah", "Macon"), "HI": ("Honolulu", "Aiea", "Ewa Beach"),
    "ID": ("Boise", "Idaho Falls", "Nampa"), "IL": ("Chicago", "Peoria", "Springfield"),
    "IN": ("Indianapolis", "Fort Wayne", "Evansville"),
    "IA": ("Des Moines", "Cedar Rapids", "Davenport"),
    "KS": ("Wichita", "Topeka", "Overland Park"),
    "KY": ("Louisville", "Lexington", "Bowling Green"),
    "LA": ("New Orleans", "Baton Rouge", "Shreveport"), "ME": ("Portland", "Kittery", "Eliot"),
    "MD": ("Baltimore", "Silver Spring", "Annapolis"), "MA": ("Boston", "Worcester", "Cambridge"),
    "MI": ("Detroit", "Grand Rapids", "Lansing"), "MN": ("Minneapolis", "Saint Paul", "Duluth"),
    "MS": ("Jackson", "Gulfport", "Meridian"), "MO": ("Saint Louis", "Kansas City", "Springfield"),
    "MT": ("Missoula", "Billings", "Helena"), "NE": ("Omaha", "Lincoln", "Grand Island"),
    "NV": ("Las Vegas", "Reno", "Henderson"), "NH": ("Manchester", "Nashua", "Concord"),
    "NJ": ("Newark", "Jersey City", "Trenton"), "NM": ("Albuquerque", "Santa Fe", "Las Cruces"),
    "NY": ("New York", "Buffalo", "Rochester"), "NC": ("Charlotte", "Raleigh", "Durham"),
    "ND": ("Fargo", "Bismarck", "Grand Forks"), "OH": ("Columbus", "Cleveland", "Cincinnati"),
    "OK": ("Oklahoma City", "Tulsa", "Norman"), "OR": ("Portland", "Eugene", "Bend"),
    "PA": ("Philadelphia", "Pittsburgh", "Erie"), "RI": ("Providence", "Warwick", "Cranston"),
    "SC": ("Columbia", "Charleston", "Greenville"), "SD": ("Sioux Falls", "Rapid City", "Aurora"),
    "TN": ("Nashville", "Memphis", "Knoxville"), "TX": ("Houston", "Dallas", "San Antonio"),
    "UT": ("Salt Lake City", "Provo", "Ogden"), "VT": ("Burlington", "Barton", "Bethel"),
    "VA": ("Richmond", "Norfolk", "Virginia Beach"), "WA": ("Seattle", "Spokane", "Tacoma"),
    "WV": ("Charleston", "Huntington", "Morgantown"), "WI": ("Milwaukee", "Madison", "Green Bay"),
    "WY": ("Cheyenne", "Casper", "Laramie"),
}

# ZIPs where a second, unrelated clinic stands too (so "same ZIP" alone never means "same clinic").
SHARED_ZIPS = ("21201", "10001", "78701", "98101")

# Regions a chain can spread over: (city, state) pairs, one location per city.
CHAIN_REGIONS = (
    (("Towson", "MD"), ("Columbia", "MD"), ("Bel Air", "MD"), ("Glen Burnie", "MD")),
    (("Austin", "TX"), ("Dallas", "TX"), ("Houston", "TX"), ("San Antonio", "TX")),
    (("Orlando", "FL"), ("Tampa", "FL"), ("Fort Lauderdale", "FL")),
    (("Denver", "CO"), ("Boulder", "CO"), ("Salt Lake City", "UT")),
    (("Los Angeles", "CA"), ("San Francisco", "CA"), ("Sacramento", "CA"), ("Portland", "OR")),
    (("Brooklyn", "NY"), ("Bronx", "NY"), ("Jersey City", "NJ")),
    (("Arlington", "VA"), ("Alexandria", "VA"), ("Washington", "DC")),
    (("Atlanta", "GA"), ("Charlotte", "NC"), ("Greenville", "SC")),
)

_NOT_A_TOWN = re.compile(r"\b(AFB|Navy|Naval|Jb\w*|Army|Apo|Fpo)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    postal_code: str
    city: str
    state: str
    lat: float
    lon: float
    area_codes: tuple[str, ...]


@lru_cache(maxsize=1)
def _rows_by_zip() -> dict[str, list[dict]]:
    """Every row of the offline data by ZIP, in the data's order (one pass instead of a scan of
    the whole list per ZIP, which is what ``zipcodes.matching`` does)."""
    rows: dict[str, list[dict]] = {}
    for row in zipcodes.list_all():
        rows.setdefault(row["zip_code"], []).append(row)
    return rows


@lru_cache(maxsize=None)
def place(postal_code: str) -> Place:
    """The ZIP's centre and names as ``clinics.geo.zip_point`` gives them (the first row with
    coordinates); raises KeyError if unknown."""
    rows = _rows_by_zip().get(postal_code, [])
    located = [row for row in rows if row.get("lat") and row.get("long")]
    if not located:
        raise KeyError(postal_code)
    row = located[0]
    area_codes = tuple(rows[0].get("area_codes") or ())
    return Place(postal_code, row["city"], row["state"], float(row["lat"]), float(row["long"]),
                 area_codes or ("555",))


@lru_cache(maxsize=1)
def _standard_zips() -> tuple[dict, ...]:
    """Active street-address ZIPs with coordinates and area codes, in ZIP order."""
    return tuple(row for row in zipcodes.list_all()
                 if row["zip_code_type"] == "STANDARD" and row["active"] and row["lat"]
                 and row["area_codes"] and not _NOT_A_TOWN.search(row["city"]))


@lru_cache(maxsize=1)
def _zips_by_city() -> dict[tuple[str, str], list[str]]:
    by_city: dict[tuple[str, str], list[str]] = {}
    for row in _standard_zips():
        by_city.setdefault((row["city"], row["state"]), []).append(row["zip_code"])
    return by_city


def _city_zips(city: str, state: str) -> list[str]:
    return _zips_by_city().get((city, state), [])


def _cluster_extra(rng: random.Random, taken: set[str]) -> list[str]:
    lat, lon = place(BALTIMORE_ZIP).lat, place(BALTIMORE_ZIP).lon
    near = [row["zip_code"] for row in _standard_zips()
            if row["zip_code"] not in taken
            and haversine_mi(lat, lon, float(row["lat"]), float(row["long"])) <= CLUSTER_RADIUS_MI]
    return sorted(rng.sample(near, CLUSTER_EXTRA))


def _state_extra(rng: random.Random, taken: set[str]) -> list[str]:
    chosen = []
    for state, cities in STATE_CITIES.items():
        for city in cities:
            free = [code for code in _city_zips(city, state) if code not in taken]
            chosen += sorted(rng.sample(free, min(ZIPS_PER_CITY, len(free))))
    return chosen


@lru_cache(maxsize=1)
def single_site_zips() -> tuple[str, ...]:
    """ZIPs of the one-location clinics, in a fixed order; SHARED_ZIPS appear twice."""
    rng = random.Random("sample-web-places")
    zips = list(dict.fromkeys(NEAR_BALTIMORE + ELSEWHERE))
    zips += _cluster_extra(rng, set(zips))
    zips += [code for code in _state_extra(rng, set(zips)) if code not in zips]
    return tuple(zips) + SHARED_ZIPS


@lru_cache(maxsize=1)
def chain_zips() -> tuple[tuple[str, ...], ...]:
    """For each chain region, one ZIP per city that no one-location clinic uses."""
    rng = random.Random("sample-web-chain-places")
    taken = set(single_site_zips())
    regions = []
    for region in CHAIN_REGIONS:
        codes = []
        for city, state in region:
            free = [code for code in _city_zips(city, state) if code not in taken]
            code = rng.choice(free)
            taken.add(code)
            codes.append(code)
        regions.append(tuple(codes))
    return tuple(regions)
