"""Reviews from every source, stored once each, and the ratings shown for a clinic.

One review shown by the clinic's own site and by a review site (same text, author and date) is one
row, which notes every source that showed it. Each source's own aggregate is kept beside the
clinic's rating; the clinic's own site (its claim about itself, its testimonials) is kept and
shown as the clinic's own, and never counts in the rating.
"""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clinics.models import Clinic, Review, SourceRating
from clinics.ratings import HeldReview, independent_rating

OWN_WEBSITE = "website"


MAX_SOURCE_NAME = 100

def source_name(spider: str, source_url: str, site_name: str | None = None) -> str:
    """Reviews on the clinic's own site come from "website"; others are named as their site
    names itself, else by their host."""
    if spider == "clinic_site":
        return OWN_WEBSITE
    printable = "".join(ch for ch in str(site_name or "")[:1000] if ch.isprintable())
    named = " ".join(printable.split())[:MAX_SOURCE_NAME]
    return named or urlsplit(source_url).netloc.lower() or "unknown"


def add_reviews(session: Session, clinic: Clinic, reviews: list[dict], source: str,
                source_url: str) -> int:
    """Store the reviews not yet stored for this clinic from any source; returns how many.

    A review already stored from another source is not stored again: that source is noted on
    it, so the review counts once and for every source that showed it.
    """
    known = {key: (row_id, first, also or []) for row_id, key, first, also in session.execute(
        select(Review.id, Review.content_hash, Review.source, Review.also_seen_on)
        .where(Review.clinic_id == clinic.id))}
    added = 0
    for review in reviews:
        if review["content_hash"] in known:
            row_id, first, also = known[review["content_hash"]]
            if source != first and source not in also:
                also.append(source)
                session.execute(update(Review).where(Review.id == row_id)
                                .values(also_seen_on=list(also)))
            continue
        known[review["content_hash"]] = (None, source, [])
        session.add(Review(clinic=clinic, source=source,
                           source_url=review["source_url"] or source_url,
                           author=review["author"], rating=review["rating"],
                           text=review["text"], published=review["published"],
                           content_hash=review["content_hash"], also_seen_on=[]))
        added += 1
    return added


def record_source_rating(session: Session, clinic: Clinic, source: str, source_url: str,
                         rating: float | None, count: int | None, seen: datetime) -> None:
    """Keep what a source says of itself ("4.6 from 212 reviews"); both parts must be stated."""
    if rating is None or not count:
        return
    row = session.scalar(select(SourceRating).where(SourceRating.clinic_id == clinic.id,
                                                    SourceRating.source == source))
    if row is None:
        session.add(SourceRating(clinic=clinic, source=source, source_url=source_url,
                                 rating=rating, review_count=count, fetched_at=seen))
        return
    if (row.rating, row.review_count, row.source_url) != (rating, count, source_url):
        row.rating, row.review_count, row.source_url = rating, count, source_url
    row.fetched_at = seen


def refresh_rating(session: Session, clinic: Clinic) -> bool:
    """Recompute the rating from independent sources only (``clinics.ratings``); the clinic's
    own site, its claim about itself and its testimonials, is left out. True when it changed."""
    session.flush()
    stated = {row.source: (row.rating, row.review_count) for row in session.scalars(
        select(SourceRating).where(SourceRating.clinic_id == clinic.id,
                                   SourceRating.source != OWN_WEBSITE))}
    held = [HeldReview(key, stars, frozenset({first, *(also or [])} - {OWN_WEBSITE}))
            for key, stars, first, also in session.execute(
                select(Review.content_hash, Review.rating, Review.source, Review.also_seen_on)
                .where(Review.clinic_id == clinic.id, Review.hidden_at.is_(None)))]
    rating, count = independent_rating(held, stated)
    if (clinic.rating, clinic.review_count) == (rating, count):
        return False
    clinic.rating, clinic.review_count = rating, count
    return True
