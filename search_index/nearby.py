"""Clinics within a radius: map cells narrow, the exact great-circle distance decides.

The cells around the point give a superset of the clinics inside the radius (their bounding box,
rounded out to whole cells); only those that also passed every other filter have their distance
computed, so the expensive part scales with the answer rather than with the directory.
"""
from __future__ import annotations

from dataclasses import dataclass

from clinics.geo import Place, haversine_mi

from search_index import bits
from search_index.cells import cells_around
from search_index.facts import GEO_CELL
from search_index.snapshot import Snapshot


@dataclass(frozen=True)
class Nearby:
    radius_mi: float
    # Documents within the radius, and their distance in miles.
    docs: int
    distance_mi: dict[int, float]


def within(snapshot: Snapshot, docs: int, place: Place, radius_mi: float) -> Nearby:
    """The documents of ``docs`` at most ``radius_mi`` miles from ``place``."""
    cells = bits.union(snapshot.set_of(GEO_CELL, cell)
                       for cell in cells_around(place.lat, place.lon, radius_mi))
    rows = snapshot.rows
    lat, lon = place.lat, place.lon
    distances: dict[int, float] = {}
    for docnum in bits.members(docs & cells):
        row = rows[docnum]
        distance = haversine_mi(lat, lon, row.lat, row.lon)
        if distance <= radius_mi:
            distances[docnum] = distance
    return Nearby(radius_mi, bits.from_members(distances, snapshot.size), distances)
