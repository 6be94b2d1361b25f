"""Whoosh query objects built from a checked request, never from parsing what the user typed.

Free text is cut into plain words and each word becomes term queries, so quotes, parentheses,
``AND``, ``*`` or ``name:`` are only characters: they can match nothing, but cannot fail. Everything
that is a choice rather than prose (insurers, treatments, conditions, the map box) goes into the
filter, which narrows the results without touching their scores.
"""
from __future__ import annotations

import re

from whoosh.fields import Schema
from whoosh.query import And, Every, NumericRange, Or, Query, Term

from clinics.geo import Place, bounding_box

from search_index.request import SearchRequest

MAX_WORDS = 16
TEXT_FIELDS = ("name", "text")
_WORD = re.compile(r"\w+")
# Widens the map box a little so that float rounding never drops a clinic on its edge; the exact
# distance check after the search decides.
_BOX_PAD_DEG = 1e-6


def text_query(schema: Schema, q: str) -> tuple[Query, bool]:
    """(query, scored): each word (up to MAX_WORDS) must occur in the name or the text.

    Text without any searchable word (empty, punctuation, only stop words) matches every clinic.
    """
    clauses = []
    for word in _WORD.findall(q)[:MAX_WORDS]:
        terms = [
            Term(field, stem)
            for field in TEXT_FIELDS
            for stem in schema[field].process_text(word, mode="query")
        ]
        if terms:
            clauses.append(Or(terms))
    if not clauses:
        return Every(), False
    return And(clauses), True


def filter_query(request: SearchRequest, place: Place | None) -> Query:
    """The unscored part: status, vocabulary choices and the bounding box around ``place``."""
    parts: list[Query] = [Term("status", "active")]
    if request.insurers:
        parts.append(Or([Term("insurers", token) for token in request.insurers]))
    parts.extend(Term("treatments", token) for token in request.treatments)
    if request.conditions:
        parts.append(Or([Term("conditions", token) for token in request.conditions]))
    if place is not None:
        parts.append(box_query(place.lat, place.lon, request.radius_mi))
    return And(parts)


def box_query(lat: float, lon: float, radius_mi: float) -> Query:
    """Clinics inside the box around a point; wraps across the 180th meridian when it must."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_mi)
    latitudes = NumericRange("lat", min_lat - _BOX_PAD_DEG, max_lat + _BOX_PAD_DEG)
    return And([latitudes, _longitudes(min_lon - _BOX_PAD_DEG, max_lon + _BOX_PAD_DEG)])


def _longitudes(low: float, high: float) -> Query:
    if high - low >= 360:
        return NumericRange("lon", -180.0, 180.0)
    if low < -180:
        return Or([NumericRange("lon", low + 360, 180.0), NumericRange("lon", -180.0, high)])
    if high > 180:
        return Or([NumericRange("lon", low, 180.0), NumericRange("lon", -180.0, high - 360)])
    return NumericRange("lon", low, high)
