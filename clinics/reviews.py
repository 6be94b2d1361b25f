"""Reviews from every source, stored once each, and the ratings shown for a clinic.

One review shown by the clinic's own site and by a review site (same text, author and date) is one
row. Each source's own aggregate is kept beside the combined rating, which is a Bayesian average so
that one glowing review does not outrank fifty good ones.
"""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinics.models import Clinic, Review, SourceRating
from clinics.ratings import combined_from_sources

OWN_WEBSITE = "website"


def source_name(spider: str, source_url: str) -> str:
    """Reviews on the clinic's own site come from "website"; others are named by their host."""
    if spider == "clinic_site":
        return OWN_WEBSITE
    return urlsplit(source_url).netloc.lower() or "unknown"


def add_reviews(session: Session, clinic: Clinic, reviews: list[dict], source: str,
                source_url: str) -> int:
    """Store the reviews not yet stored for this clinic from any source; returns how many."""
    known = set(session.scalars(select(Review.content_hash).where(Review.clinic_id == clinic.id)))
    added = 0
    for review in reviews:
        if review["content_hash"] in known:
            continue
        known.add(review["content_hash"])
        session.add(Review(clinic=clinic, source=source,
                           source_url=review["source_url"] or source_url,
                           author=review["author"], rating=review["rating"],
                           text=review["text"], published=review["published"],
                           content_hash=review["content_hash"]))
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


def refresh_rating(session: Session, clinic: Clinic) -> None:
    """Recompute the combined rating: stated aggregates where a source gives one, else its reviews."""
    session.flush()
    stated = {row.source: (row.rating, row.review_count) for row in session.scalars(
        select(SourceRating).where(SourceRating.clinic_id == clinic.id))}
    counted = session.execute(
        select(Review.source, func.avg(Review.rating), func.count(Review.id))
        .where(Review.clinic_id == clinic.id).group_by(Review.source)
    ).all()
    for source, mean, count in counted:
        stated.setdefault(source, (float(mean), int(count)))
    rating, count = combined_from_sources(stated.values())
    if clinic.rating != rating:
        clinic.rating = rating
    if clinic.review_count != count:
        clinic.review_count = count
