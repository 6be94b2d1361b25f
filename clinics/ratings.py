"""Combined ratings that do not let one glowing review outrank fifty good ones."""
from __future__ import annotations

from typing import Iterable

# A clinic with few reviews is pulled towards this mean; PRIOR_WEIGHT is how many reviews it is worth.
PRIOR_MEAN = 3.5
PRIOR_WEIGHT = 5


def scale_to_five(value: float, best: float = 5.0, worst: float = 0.0) -> float | None:
    """A rating on another scale ("9/10", "4.5 out of 5") as 1-5 to two decimals, or None when it
    is absurd. A zero on a scale that starts at zero is "no rating", not one star."""
    if best <= worst or value <= worst or value > best:
        return None
    scaled = 5.0 * (value - worst) / (best - worst) if worst == 0 else \
        1 + 4.0 * (value - worst) / (best - worst)
    return round(max(1.0, min(5.0, scaled)), 2)


def combined_from_sources(per_source: Iterable[tuple[float, int]]) -> tuple[float | None, int]:
    """Bayesian average over (mean rating, review count) pairs, one pair per source.

    A source that states "4.6 from 212 reviews" weighs as 212 reviews even when only a page of
    them was read; the count returned is the sum of the sources' counts.
    """
    pairs = [(float(r), int(n)) for r, n in per_source if n > 0]
    count = sum(n for _, n in pairs)
    if not count:
        return None, 0
    total = PRIOR_MEAN * PRIOR_WEIGHT + sum(r * n for r, n in pairs)
    return round(total / (PRIOR_WEIGHT + count), 2), count
