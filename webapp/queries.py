"""The reads the web faces need, one small function each, so that views hold no SQL.

Every function takes the caller's session; none commits. "Active" is the only status the
public and the partners see: hidden and closed clinics stay in the database for the admin.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from clinics.models import AdminUser, Clinic, CrawlJob, FieldSource, Review, SourceRating
from clinics.provenance import field_history

_ACTIVE = Clinic.status == "active"


def active_clinic_by_slug(session: Session, slug: str) -> Clinic | None:
    """The clinic a public page shows, with staff and per-source ratings loaded, or None.

    Reviews are not loaded: a clinic can have hundreds, so the page reads one page of them
    with ``reviews_page``.
    """
    stmt = (
        select(Clinic)
        .where(Clinic.slug == slug, _ACTIVE)
        .options(selectinload(Clinic.practitioners), selectinload(Clinic.organization))
    )
    return session.scalars(stmt).first()


def reviews_page(session: Session, clinic_id: int, page: int,
                 per_page: int) -> tuple[list[Review], int]:
    """One page of a clinic's reviews from every source, newest first, and how many there are.

    Reviews without a date come last; ties keep the order they were first seen, newest first.
    """
    total = session.scalar(
        select(func.count()).select_from(Review).where(Review.clinic_id == clinic_id,
                                                        Review.hidden_at.is_(None))
    ) or 0
    stmt = (
        select(Review)
        .where(Review.clinic_id == clinic_id, Review.hidden_at.is_(None))
        .order_by(Review.published.is_(None), Review.published.desc(), Review.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(session.scalars(stmt)), total


def result_details(session: Session, clinic_ids: list[int]) -> dict[int, Clinic]:
    """The active clinics behind one page of search hits, by id, with staff and source ratings.

    The index answers which clinics and in what order; the database, the source of truth, adds
    what a result card shows beyond the index's fields. A clinic hidden since the index was
    built is simply missing from the answer.
    """
    if not clinic_ids:
        return {}
    stmt = (
        select(Clinic)
        .where(Clinic.id.in_(clinic_ids), _ACTIVE)
        .options(selectinload(Clinic.practitioners))
    )
    return {clinic.id: clinic for clinic in session.scalars(stmt)}


@dataclass(frozen=True)
class SourceSummary:
    """What one source says of a clinic's reviews.

    ``stated`` is True when the source published its own aggregate ("4.6 from 212 reviews"),
    False when the rating is the mean of the reviews we read there.
    """

    source: str
    rating: float
    review_count: int
    url: str | None
    stated: bool
    seen_at: datetime | None = None


def source_summaries(session: Session, clinic_ids: list[int]) -> dict[int, list[SourceSummary]]:
    """Per-source ratings of each clinic, the same way the combined rating counts them.

    A source's own aggregate wins; a source without one is summed up from its reviews.
    """
    found: dict[int, dict[str, SourceSummary]] = defaultdict(dict)
    if not clinic_ids:
        return {}
    for row in session.scalars(select(SourceRating).where(SourceRating.clinic_id.in_(clinic_ids))):
        found[row.clinic_id][row.source] = SourceSummary(
            row.source, row.rating, row.review_count, row.source_url, True, row.fetched_at)
    counted = session.execute(
        select(Review.clinic_id, Review.source, func.avg(Review.rating), func.count(Review.id),
               func.min(Review.source_url))
        .where(Review.clinic_id.in_(clinic_ids))
        .group_by(Review.clinic_id, Review.source)
    )
    for clinic_id, source, mean, count, url in counted:
        found[clinic_id].setdefault(
            source, SourceSummary(source, round(float(mean), 2), int(count), url, False))
    return {clinic_id: sorted(by_source.values(), key=lambda s: (-s.review_count, s.source))
            for clinic_id, by_source in found.items()}


def sitemap_entries(session: Session) -> Iterator[tuple[str, object]]:
    """(slug, last_seen) of every active clinic, in id order, for /sitemap.xml."""
    stmt = select(Clinic.slug, Clinic.last_seen).where(_ACTIVE).order_by(Clinic.id)
    for slug, last_seen in session.execute(stmt.execution_options(yield_per=1000)):
        yield slug, last_seen


def active_clinic_by_id(session: Session, clinic_id: int) -> Clinic | None:
    stmt = select(Clinic).where(Clinic.id == clinic_id, _ACTIVE).options(
        selectinload(Clinic.practitioners), selectinload(Clinic.organization)
    )
    return session.scalars(stmt).first()


def active_clinics_page(session: Session, page: int, per_page: int) -> tuple[list[Clinic], int]:
    """One page of active clinics in id order (stable across pages), and how many there are."""
    total = session.scalar(select(func.count()).select_from(Clinic).where(_ACTIVE)) or 0
    stmt = (
        select(Clinic)
        .where(_ACTIVE)
        .order_by(Clinic.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .options(selectinload(Clinic.practitioners), selectinload(Clinic.organization))
    )
    return list(session.scalars(stmt)), total


def iter_active_clinics(session: Session, batch_size: int = 500) -> Iterator[Clinic]:
    """Every active clinic in id order, loaded in batches so an export does not hold them all;
    with provenance, which the export's evidence reads."""
    stmt = (
        select(Clinic)
        .where(_ACTIVE)
        .order_by(Clinic.id)
        .options(selectinload(Clinic.practitioners), selectinload(Clinic.organization),
                 selectinload(Clinic.field_sources))
        .execution_options(yield_per=batch_size)
    )
    yield from session.scalars(stmt)


def sources_by_field(session: Session, clinic_id: int) -> dict[str, list[FieldSource]]:
    """Where, when and in which words each field of a clinic was seen: statements still made
    first, newest first, then those a page no longer makes."""
    return field_history(session, clinic_id)


def any_active_demo_clinic(session: Session) -> bool:
    """True when an invented sample-web clinic is listed, so pages must say so."""
    stmt = select(Clinic.id).where(_ACTIVE, Clinic.is_demo.is_(True)).limit(1)
    return session.scalar(stmt) is not None


def clinic_counts(session: Session) -> dict[str, int]:
    """Clinics per status, plus how many are demo data; zero for statuses with none."""
    counts = {"active": 0, "hidden": 0, "closed": 0}
    for status, n in session.execute(select(Clinic.status, func.count()).group_by(Clinic.status)):
        counts[status] = n
    counts["demo"] = session.scalar(
        select(func.count()).select_from(Clinic).where(Clinic.is_demo.is_(True))
    ) or 0
    return counts


def recent_crawl_jobs(session: Session, limit: int = 20) -> list[CrawlJob]:
    return list(session.scalars(select(CrawlJob).order_by(CrawlJob.id.desc()).limit(limit)))


def admin_by_email(session: Session, email: str) -> AdminUser | None:
    return session.scalars(select(AdminUser).where(AdminUser.email == email)).first()


def admin_by_id(session: Session, admin_id: int) -> AdminUser | None:
    return session.get(AdminUser, admin_id)


def database_reachable(session: Session) -> bool:
    """A read of the clinics table; the health check reports the answer, never the error.

    A real table, not ``SELECT 1``: an empty or wrong database answers ``SELECT 1`` as happily as
    the right one.
    """
    try:
        session.execute(select(Clinic.id).limit(1)).all()
    except Exception:  # any driver or network failure means "not reachable" to a probe
        session.rollback()
        return False
    return True
