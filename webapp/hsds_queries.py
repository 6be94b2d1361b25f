"""The reads behind the HSDS routes: which clinics and treatments a page holds, and the clinics
themselves with what their records show.

HSDS lists services and services at locations, one per clinic and treatment; a page of them is
chosen from the (id, treatments) of every listed clinic, which is small, and only the clinics on
that page are then loaded whole.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from clinics.models import Clinic
from webapp import hsds_shape

_LOADS = (selectinload(Clinic.practitioners), selectinload(Clinic.organization))


def _listed(stmt, since: datetime | None, with_removed: bool = False):
    """Listed clinics; with ``with_removed`` (and a ``since``), also those that left the
    directory since then, so a partner's copy learns to drop them."""
    if not (with_removed and since is not None):
        stmt = stmt.where(Clinic.status == "active")
    if since is not None:
        stmt = stmt.where(func.coalesce(Clinic.changed_at, Clinic.first_seen) >= since)
    return stmt


def clinic_count(session: Session, since: datetime | None) -> int:
    return session.scalar(_listed(select(func.count(Clinic.id)), since)) or 0


def clinic_page(session: Session, since: datetime | None, offset: int, limit: int) -> list[Clinic]:
    stmt = _listed(select(Clinic), since).order_by(Clinic.id).offset(offset).limit(limit)
    return list(session.scalars(stmt.options(*_LOADS)))


def offerings(session: Session, since: datetime | None,
              with_removed: bool = False) -> list[tuple[int, str]]:
    """(clinic id, treatment) of every service of every listed clinic, in a stable order."""
    rows = session.execute(_listed(select(Clinic.id, Clinic.treatments), since, with_removed)
                           .order_by(Clinic.id))
    return [(clinic_id, t) for clinic_id, treatments in rows
            for t in hsds_shape.offered(treatments)]


def clinics_by_id(session: Session, ids: set[int]) -> dict[int, Clinic]:
    if not ids:
        return {}
    stmt = select(Clinic).where(Clinic.id.in_(ids)).options(*_LOADS)
    return {clinic.id: clinic for clinic in session.scalars(stmt)}


def find_offering(session: Session, wanted: str, id_of) -> tuple[Clinic, str] | None:
    """The listed clinic and treatment whose HSDS id (``id_of(clinic_id, treatment)``) is
    ``wanted``, or None."""
    for clinic_id, treatment in offerings(session, None):
        if id_of(clinic_id, treatment) == wanted:
            return clinics_by_id(session, {clinic_id})[clinic_id], treatment
    return None


def find_organization(session: Session, wanted: str) -> Clinic | None:
    ids = session.scalars(_listed(select(Clinic.id), None))
    found = next((i for i in ids if hsds_shape.organization_id(i) == wanted), None)
    return None if found is None else clinics_by_id(session, {found})[found]
