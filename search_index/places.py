"""Where a search looks: a point with a radius (ZIP, "City, ST", "lat,lon") or a whole state.

Points resolve offline through ``clinics.geo``. A state ("MD", "Maryland") is a region rather than
a point: it filters on the clinics' state and has no radius, and its ``Place`` carries the mean of
the state's ZIP centres only so that a map has somewhere to look.
"""
from __future__ import annotations

from clinics.geo import STATE_NAMES, Place, normalize_state, resolve_place, state_centre

STATE_PRECISION = "state"
# Radii tried in turn when nothing matches within the one asked for.
WIDER_RADII_MI = (25.0, 50.0, 100.0)


def resolve(near: str | None) -> Place | None:
    """The place of a search, None for anywhere; raises UnknownPlace with suggestions."""
    text = (near or "").strip()
    if not text:
        return None
    state = normalize_state(text)
    if state is not None:
        lat, lon = state_centre(state)
        return Place(STATE_NAMES[state], lat, lon, STATE_PRECISION, state)
    return resolve_place(text)


def state_of(place: Place | None) -> str | None:
    """The two-letter code when the place is a whole state."""
    if place is None or place.precision != STATE_PRECISION:
        return None
    return normalize_state(place.label)


def is_point(place: Place | None) -> bool:
    return place is not None and place.precision != STATE_PRECISION


def radii(asked_mi: float, widen: bool) -> list[float]:
    """The radius asked for, then the wider ones to try when nothing is inside it."""
    if not widen:
        return [asked_mi]
    return [asked_mi] + [radius for radius in WIDER_RADII_MI if radius > asked_mi]
