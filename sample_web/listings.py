"""Which clinics the directory and the review site list, in what order, and what the directory
has out of date.

The directory lists about three clinics in four, ordered by state, city and name; the review site
lists every clinic that has reviews there, ordered by name. A few directory listings carry a
stale phone number or an old price: the clinic's own site is right, and the truth records the
stale value under ``conflicts`` so the merge can be checked to keep it visible, not to use it.
"""
from __future__ import annotations

import random
from typing import Callable

LISTED_SHARE = 0.75
STALE_SHARE = 0.04


def plan_listings(seed: int, clinics: list,
                  new_phone: Callable[[random.Random, tuple], str]) -> None:
    """Set directory_listed/number, stale values and review_site_number on every clinic;
    new_phone(rng, area_codes) gives an unused number for a stale listing."""
    for clinic in clinics:
        rng = random.Random(f"{seed}:listing:{clinic.number}")
        clinic.directory_listed = rng.random() < LISTED_SHARE
        if not clinic.directory_listed:
            continue
        if rng.random() < STALE_SHARE:
            area = (clinic.record["phone"][2:5],)
            clinic.stale["phone"] = new_phone(rng, area)
        price = clinic.record["price_min_usd"]
        if price is not None and price > 100 and rng.random() < STALE_SHARE:
            clinic.stale["price_min_usd"] = price - 50
    listed = sorted((c for c in clinics if c.directory_listed),
                    key=lambda c: (c.record["state"], c.record["city"], c.record["name"], c.number))
    for position, clinic in enumerate(listed, start=1):
        clinic.directory_number = position
    reviewed = sorted((c for c in clinics if c.posted_reviews),
                      key=lambda c: (c.record["name"], c.record["city"], c.number))
    for position, clinic in enumerate(reviewed, start=1):
        clinic.review_site_number = position
