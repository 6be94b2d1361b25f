"""Ratings as patients read them: the mean of a clinic's independent reviews, each counted once.

A clinic's own claim about itself and the testimonials on its own site are kept and shown as its
own, never averaged in. "Best rated" is ordered by a Bayesian score, not shown as a rating.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

# "Best rated" pulls a clinic with few reviews towards this mean; PRIOR_WEIGHT is how many
# reviews it is worth.
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


@dataclass(frozen=True)
class HeldReview:
    """A review we read, with every independent source that showed it."""

    key: str
    stars: int
    sources: frozenset[str]


def independent_rating(held: Iterable[HeldReview],
                       stated: dict[str, tuple[float, int]]) -> tuple[float | None, int]:
    """The mean stars (one decimal) and number of a clinic's independent reviews, each once.

    ``held`` are the reviews we read (a review two sources showed is one entry); ``stated`` is
    each source's own aggregate ("4.6 from 212 reviews"). A source's reviews we did not read
    count by what its aggregate leaves once the ones we read are taken out, so a source is
    weighed by its stated count and a review seen on two sources is counted once.
    """
    reviews = {review.key: review for review in held if review.sources}
    total = float(sum(review.stars for review in reviews.values()))
    count = len(reviews)
    for source, (mean, stated_count) in stated.items():
        read = [review.stars for review in reviews.values() if source in review.sources]
        unread = int(stated_count) - len(read)
        if unread > 0:
            total += min(5.0 * unread, max(1.0 * unread, mean * stated_count - sum(read)))
            count += unread
    if not count:
        return None, 0
    return round(total / count, 1), count


def best_rated_score(rating: float | None, review_count: int | None) -> float:
    """The Bayesian average that orders "best rated": a clinic with few reviews is pulled towards
    PRIOR_MEAN, so one glowing review does not outrank fifty good ones. Never shown as a rating."""
    if rating is None or not review_count:
        return 0.0
    return (PRIOR_MEAN * PRIOR_WEIGHT + rating * review_count) / (PRIOR_WEIGHT + review_count)
