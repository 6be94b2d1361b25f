"""Real US ZIP codes where the invented clinics stand.

The list leans towards Baltimore, Washington and Philadelphia so that a 100-mile search around
21201 finds many clinics, and reaches every region so that far-away searches find others.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import zipcodes

from clinics.geo import zip_point

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

ZIPS = NEAR_BALTIMORE + ELSEWHERE


@dataclass(frozen=True)
class Place:
    postal_code: str
    city: str
    state: str
    lat: float
    lon: float
    area_codes: tuple[str, ...]


@lru_cache(maxsize=None)
def place(postal_code: str) -> Place:
    """The ZIP's centre and names as the offline geo data knows them; raises KeyError if unknown."""
    point = zip_point(postal_code)
    if point is None:
        raise KeyError(postal_code)
    lat, lon, city, state = point
    rows = zipcodes.matching(postal_code)
    area_codes = tuple(rows[0].get("area_codes") or ()) if rows else ()
    return Place(postal_code, city, state, lat, lon, area_codes or ("555",))


def all_places() -> list[Place]:
    return [place(code) for code in ZIPS]
