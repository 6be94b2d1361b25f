"""Invented reviews: the few a clinic quotes on its own site and the many on the review site.

Every rating is a whole number of stars from 1 to 5 (the review site's ten-point pages show
twice that, so "8/10" is 4 stars). Within one clinic no two reviews share author, text and date.
Some of a clinic's own reviews are also posted on the review site with the same author, text and
date, so that the crawler can recognise one review seen twice.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sample_web import words

FIRST_DAY = date(2023, 1, 1)
DAYS = 1095
STAR_WEIGHTS = (45, 30, 12, 8, 5)


def _stars(rng: random.Random) -> int:
    return rng.choices((5, 4, 3, 2, 1), weights=STAR_WEIGHTS)[0]


def _author(rng: random.Random) -> str:
    return f"{rng.choice(words.REVIEWER_FIRST)} {chr(rng.randrange(65, 91))}."


def _published(rng: random.Random) -> str:
    return (FIRST_DAY + timedelta(days=rng.randrange(0, DAYS))).isoformat()


def _unique(reviews: list[dict], candidate: dict) -> bool:
    key = (candidate["author"], candidate["text"], candidate["published"])
    return all((r["author"], r["text"], r["published"]) != key for r in reviews)


def site_reviews(rng: random.Random) -> list[dict]:
    """The testimonials a clinic's own site shows (often none)."""
    reviews: list[dict] = []
    for _ in range(rng.choice((0, 0, 1, 2, 3, 4))):
        stars = _stars(rng)
        review = {"author": _author(rng), "rating": stars,
                  "text": rng.choice(words.REVIEW_TEXTS[stars]),
                  "published": _published(rng), "source_url": None}
        if _unique(reviews, review):
            reviews.append(review)
    return reviews


def review_site_reviews(rng: random.Random, own: list[dict]) -> list[dict]:
    """Reviews posted on the review site: a few copied from the clinic's own site, many new."""
    shared = [dict(r) for r in own if rng.random() < 0.6]
    reviews = list(shared)
    for _ in range(rng.choice((1, 2, 3, 5, 8, 12, 14, 19, 23, 31))):
        stars = _stars(rng)
        text = " ".join((rng.choice(words.REVIEW_OPENINGS[stars]),
                         rng.choice(words.REVIEW_MIDDLES[stars]),
                         rng.choice(words.REVIEW_CLOSINGS[stars])))
        review = {"author": _author(rng), "rating": stars, "text": text,
                  "published": _published(rng), "source_url": None}
        if _unique(reviews, review) and _unique(own, review):
            reviews.append(review)
    return sorted(reviews, key=lambda r: (r["published"], r["author"]), reverse=True)


def mean_rating(reviews: list[dict]) -> float | None:
    """Plain mean of the star ratings, one decimal; None without reviews."""
    if not reviews:
        return None
    return round(sum(r["rating"] for r in reviews) / len(reviews), 1)


def independent(entries: list[dict]) -> list[dict]:
    """The truth entries an independent source shows: what a clinic's rating is made of."""
    return [entry for entry in entries if "review_site" in entry["sources"]]


def merged(own: list[dict], posted: list[dict], own_url: str, posted_url: str) -> list[dict]:
    """One truth entry per distinct review: site reviews first, then review-site-only ones."""
    posted_keys = {(r["author"], r["text"], r["published"]) for r in posted}
    own_keys = {(r["author"], r["text"], r["published"]) for r in own}
    entries = []
    for review in own:
        key = (review["author"], review["text"], review["published"])
        sources = ["site", "review_site"] if key in posted_keys else ["site"]
        entries.append({**review, "source_url": own_url, "source": "site", "sources": sources})
    for review in posted:
        if (review["author"], review["text"], review["published"]) not in own_keys:
            entries.append({**review, "source_url": posted_url, "source": "review_site",
                            "sources": ["review_site"]})
    return entries
