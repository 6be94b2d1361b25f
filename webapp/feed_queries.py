"""The read behind ``/feed.json``: public clinics, the most recently added or changed first."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from clinics.models import Clinic


def recently_changed(session: Session, limit: int) -> list[Clinic]:
    """Up to ``limit`` active clinics by when a public fact last changed (or they were first
    seen), newest first; ties in id order so the feed is stable."""
    changed = func.coalesce(Clinic.changed_at, Clinic.first_seen)
    stmt = (select(Clinic).where(Clinic.status == "active")
            .order_by(changed.desc(), Clinic.id).limit(limit)
            .options(selectinload(Clinic.practitioners), selectinload(Clinic.organization)))
    return list(session.scalars(stmt))
