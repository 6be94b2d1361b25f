"""The reads the web faces need, one small function each, so that views hold no SQL.

Every function takes the caller's session; none commits. "Active" is the only status the
public and the partners see: hidden and closed clinics stay in the database for the admin.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from clinics.models import AdminUser, Clinic, CrawlJob, FieldSource

_ACTIVE = Clinic.status == "active"


def active_clinic_by_slug(session: Session, slug: str) -> Clinic | None:
    """The clinic a public page shows, with staff and reviews loaded, or None."""
    stmt = (
        select(Clinic)
        .where(Clinic.slug == slug, _ACTIVE)
        .options(selectinload(Clinic.practitioners), selectinload(Clinic.reviews),
                 selectinload(Clinic.organization))
    )
    return session.scalars(stmt).first()


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
    """Every active clinic in id order, loaded in batches so an export does not hold them all."""
    stmt = (
        select(Clinic)
        .where(_ACTIVE)
        .order_by(Clinic.id)
        .options(selectinload(Clinic.practitioners), selectinload(Clinic.organization))
        .execution_options(yield_per=batch_size)
    )
    yield from session.scalars(stmt)


def sources_by_field(session: Session, clinic_id: int) -> dict[str, list[FieldSource]]:
    """Where and when each field of a clinic was seen, newest sighting first."""
    stmt = (
        select(FieldSource)
        .where(FieldSource.clinic_id == clinic_id)
        .order_by(FieldSource.field, FieldSource.fetched_at.desc())
    )
    grouped: dict[str, list[FieldSource]] = defaultdict(list)
    for row in session.scalars(stmt):
        grouped[row.field].append(row)
    return dict(grouped)


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
    """A round trip to the database; the health check reports the answer, never the error."""
    try:
        session.execute(text("SELECT 1"))
    except Exception:  # any driver or network failure means "not reachable" to a probe
        session.rollback()
        return False
    return True
