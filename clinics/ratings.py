"""Combined ratings that do not let one glowing review outrank fifty good ones."""
from __future__ import annotations

from typing import Iterable

# A clinic with few reviews is pulled towards this mean; PRIOR_WEIGHT is how many reviews it is worth.
PRIOR_MEAN = 3.5
PRIOR_WEIGHT = 5


def combined_rating(ratings: Iterable[float]) -> float | None:
    """Bayesian average of 1-5 ratings rounded to 2 places, or None when there is no rating."""
    values = [float(r) for r in ratings]
    if not values:
        return None
    total = PRIOR_MEAN * PRIOR_WEIGHT + sum(values)
    return round(total / (PRIOR_WEIGHT + len(values)), 2)


def scale_to_five(value: float, best: float = 5.0, worst: float = 0.0) -> float | None:
    """A rating on another scale ("9/10", "4.5 out of 5") as 1-5, or None when it is absurd."""
    if best <= worst or value < worst or value > best:
        return None
    scaled = 5.0 * (value - worst) / (best - worst) if worst == 0 else \
        1 + 4.0 * (value - worst) / (best - worst)
    return max(1.0, min(5.0, scaled))
