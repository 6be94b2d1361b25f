"""Coarse map cells: one-degree squares that narrow a place search before exact distances.

Each clinic with coordinates is indexed with its cell ("39:-77" for the square whose south-west
corner is 39 N, 77 W). A search around a point takes the cells that overlap the bounding box of
its radius: a handful of set unions instead of two numeric range queries, after which the exact
great-circle distance decides. The box wraps across the 180th meridian when it must.
"""
from __future__ import annotations

import math

from clinics.geo import bounding_box

CELL_DEG = 1.0
# Widens the box a little so that float rounding never drops a clinic on its edge; the exact
# distance check decides.
_BOX_PAD_DEG = 1e-6


def cell_of(lat: float, lon: float) -> str:
    return f"{math.floor(lat / CELL_DEG)}:{math.floor(lon / CELL_DEG)}"


def cells_around(lat: float, lon: float, radius_mi: float) -> list[str]:
    """Every cell that may hold a point within ``radius_mi`` miles of (lat, lon)."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_mi)
    rows = range(math.floor(max(-90.0, min_lat - _BOX_PAD_DEG) / CELL_DEG),
                 math.floor(min(90.0, max_lat + _BOX_PAD_DEG) / CELL_DEG) + 1)
    columns = _columns(min_lon - _BOX_PAD_DEG, max_lon + _BOX_PAD_DEG)
    return [f"{row}:{column}" for row in rows for column in columns]


def _columns(low: float, high: float) -> list[int]:
    """Cell columns covering the longitudes from low to high (which may pass +-180)."""
    first, last = math.floor(-180.0 / CELL_DEG), math.floor(180.0 / CELL_DEG)
    if high - low >= 360:
        return list(range(first, last + 1))
    start, end = math.floor(low / CELL_DEG), math.floor(high / CELL_DEG)
    columns = set()
    for column in range(start, end + 1):
        # Shift columns beyond the meridian back into [-180, 180).
        wrapped = (column - first) % (last - first) + first
        columns.add(wrapped)
    if high >= 180.0 or low <= -180.0:
        # A clinic exactly on +180 sits in the last column.
        columns.add(last)
    return sorted(columns)
