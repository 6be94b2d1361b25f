"""No dead ends: where a patient can turn when nothing matches near enough.

When nothing matches within the widest radius searched, the nearest clinics that match every
filter are found at any distance (rings of 250, 500 and 1,000 miles, then everywhere), with their
distance. When the search had to widen or found nothing, the telehealth clinics of the patient's
own state that match every filter are offered too, marked as such: a clinic in the same state
can see its patients by video whatever the distance.
"""
from __future__ import annotations

from clinics.geo import Place, haversine_mi

from search_index import bits
from search_index.facts import STATE
from search_index.nearby import within
from search_index.snapshot import Snapshot

NEAREST_COUNT = 5
TELEHEALTH_COUNT = 5
_RINGS_MI = (250.0, 500.0, 1000.0)


def _ordered(snapshot: Snapshot, distances: dict[int, float | None], count: int
             ) -> list[tuple[int, float | None]]:
    """The ``count`` nearest, ties broken by name and id; clinics without a place last."""
    rows = snapshot.rows

    def key(item: tuple[int, float | None]):
        docnum, distance = item
        return (distance is None, distance or 0.0, rows[docnum].name_key, rows[docnum].clinic_id)
    return sorted(distances.items(), key=key)[:count]


def nearest(snapshot: Snapshot, docs: int, place: Place,
            count: int = NEAREST_COUNT) -> list[tuple[int, float]]:
    """(document, miles) of the ``count`` clinics of ``docs`` nearest to ``place``, any distance."""
    for radius in _RINGS_MI:
        found = within(snapshot, docs, place, radius).distance_mi
        if len(found) >= count:
            return _ordered(snapshot, found, count)
    rows = snapshot.rows
    everywhere = {docnum: haversine_mi(place.lat, place.lon, rows[docnum].lat, rows[docnum].lon)
                  for docnum in bits.members(docs) if rows[docnum].lat is not None}
    return _ordered(snapshot, everywhere, count)


def telehealth(snapshot: Snapshot, docs: int, place: Place,
               count: int = TELEHEALTH_COUNT) -> list[tuple[int, float | None]]:
    """(document, miles or None) of the telehealth clinics of ``docs`` in the place's state,
    nearest first; none when the place's state is unknown."""
    if place.state is None:
        return []
    found = docs & snapshot.set_of("telehealth", "yes") & snapshot.set_of(STATE, place.state)
    rows = snapshot.rows
    distances = {docnum: (haversine_mi(place.lat, place.lon, rows[docnum].lat, rows[docnum].lon)
                          if rows[docnum].lat is not None else None)
                 for docnum in bits.members(found)}
    return _ordered(snapshot, distances, count)
