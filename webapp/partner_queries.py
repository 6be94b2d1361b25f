"""The partner API's reads: clinics in id order after a cursor, and what changed since a time.

A partner keeps a copy by paging ``heads_after`` once, then asking ``changed_heads_after`` for
what changed since: every clinic whose public facts changed (``Clinic.changed_at``), whatever its
status now, so that a clinic hidden, closed or merged away reaches the partner as a tombstone.
Both read light rows (id, status, merge target and the two dates); ``listed_clinics`` loads in
full only the clinics whose JSON the process has not kept (``webapp.partner_cache``).
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import datetime

from sqlalchemy import Integer, Row, bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from clinics.models import Clinic, Review

_LOADS = (selectinload(Clinic.practitioners), selectinload(Clinic.organization))
# The table's own columns: a select of them skips the ORM's compile step, half the cost of
# the light rows.
_TABLE = Clinic.__table__.c
_HEAD_COLUMNS = (_TABLE.id, _TABLE.status, _TABLE.merged_into_id, _TABLE.changed_at,
                 _TABLE.first_seen)


def _active_page(stmt, after_id: int, limit: int, among: list[int] | None, columns=Clinic):
    """``stmt`` narrowed to the active clinics above ``after_id``, among ``among`` (ascending)
    when a filter chose them, in id order; None when the filter leaves none. ``columns`` is
    the mapped class or its table's columns, as ``stmt`` selects."""
    stmt = stmt.where(columns.status == "active", columns.id > after_id)
    if among is not None:
        chosen = among[bisect_right(among, after_id):][:limit]
        if not chosen:
            return None
        stmt = stmt.where(columns.id.in_(chosen))
    return stmt.order_by(columns.id).limit(limit)


def active_after(session: Session, after_id: int, limit: int,
                 among: list[int] | None = None) -> list[Clinic]:
    """Up to ``limit`` active clinics with ids above ``after_id``, among the ids ``among``
    (ascending) when a filter chose them."""
    stmt = _active_page(select(Clinic), after_id, limit, among)
    return [] if stmt is None else list(session.scalars(stmt.options(*_LOADS)))


_ACTIVE_HEADS = (select(*_HEAD_COLUMNS)
                 .where(_TABLE.status == "active", _TABLE.id > bindparam("after_id"))
                 .order_by(_TABLE.id).limit(bindparam("limit", type_=Integer)))


def heads_after(session: Session, after_id: int, limit: int,
                among: list[int] | None = None) -> list[Row]:
    """``active_after``'s clinics as light rows (id, status, merged_into_id, changed_at,
    first_seen), without loading the clinics. Unfiltered, the statement is built once."""
    if among is None:
        return list(session.execute(_ACTIVE_HEADS, {"after_id": after_id, "limit": limit}))
    stmt = _active_page(select(*_HEAD_COLUMNS), after_id, limit, among, _TABLE)
    return [] if stmt is None else list(session.execute(stmt))


def changed_heads_after(session: Session, since: datetime, after_id: int,
                        limit: int) -> list[Row]:
    """Up to ``limit`` clinics of any status whose public facts changed at or after ``since``,
    with ids above ``after_id``, as light rows."""
    stmt = select(*_HEAD_COLUMNS).where(_TABLE.changed_at >= since, _TABLE.id > after_id)
    return list(session.execute(stmt.order_by(_TABLE.id).limit(limit)))


def listed_clinics(session: Session, ids: list[int]) -> list[Clinic]:
    """The active clinics of ``ids`` with what the listing shows of their staff and brand."""
    if not ids:
        return []
    stmt = select(Clinic).where(Clinic.id.in_(ids), Clinic.status == "active")
    return list(session.scalars(stmt.order_by(Clinic.id).options(*_LOADS)))


def last_change(session: Session) -> datetime | None:
    """When a public fact of any clinic last changed, or None when none has."""
    return session.scalar(select(func.max(Clinic.changed_at)))


def clinic_with_everything(session: Session, clinic_id: int) -> Clinic | None:
    """One active clinic with staff, organization, per-source ratings and provenance loaded."""
    stmt = select(Clinic).where(Clinic.id == clinic_id, Clinic.status == "active").options(
        *_LOADS, selectinload(Clinic.field_sources), selectinload(Clinic.source_ratings))
    return session.scalars(stmt).first()


def is_active(session: Session, clinic_id: int) -> bool:
    stmt = select(Clinic.id).where(Clinic.id == clinic_id, Clinic.status == "active")
    return session.scalar(stmt) is not None


def reviews_after(session: Session, clinic_id: int, offset: int, limit: int) -> list[Review]:
    """Shown reviews of a clinic, newest first (undated last), from ``offset``; one more than
    ``limit`` is read so the caller knows whether another page follows."""
    stmt = (select(Review)
            .where(Review.clinic_id == clinic_id, Review.hidden_at.is_(None))
            .order_by(Review.published.is_(None), Review.published.desc(), Review.id.desc())
            .offset(offset).limit(limit + 1))
    return list(session.scalars(stmt))
