"""Data quality at a glance, for the admins' dashboard: where the listed clinics are, how many
of them have each fact known, which are stale, how many disagree between sources."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import String, cast, distinct, func, select
from sqlalchemy.orm import Session

from clinics.models import Clinic, FieldSource, clinic_practitioners

ACTIVE = Clinic.status == "active"


def clinics_per_state(session: Session) -> list[tuple[str, int]]:
    rows = session.execute(select(Clinic.state, func.count()).where(ACTIVE)
                           .group_by(Clinic.state).order_by(func.count().desc(), Clinic.state))
    return [(state or "unknown", n) for state, n in rows]


def known_shares(session: Session) -> dict[str, float]:
    """Per fact, the share (0-1) of active clinics for which it is known."""
    total = session.scalar(select(func.count()).select_from(Clinic).where(ACTIVE)) or 0
    if not total:
        return {}
    staffed = select(clinic_practitioners.c.clinic_id)
    conditions = {
        "insurance": Clinic.insurance_accepted != "unknown",
        "sliding scale": Clinic.sliding_scale.is_not(None),
        "prices": Clinic.price_min_usd.is_not(None),
        "credentials": Clinic.id.in_(staffed),
        "reviews": Clinic.review_count > 0,
    }
    return {name: (session.scalar(select(func.count()).select_from(Clinic)
                                  .where(ACTIVE, condition)) or 0) / total
            for name, condition in conditions.items()}


def stale_clinics(session: Session, days: int, limit: int = 20) -> tuple[int, list[Clinic]]:
    """Active clinics no crawl has seen for ``days``: how many, and the longest unseen."""
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    stale = (ACTIVE, Clinic.last_seen < cutoff)
    count = session.scalar(select(func.count()).select_from(Clinic).where(*stale)) or 0
    return count, list(session.scalars(select(Clinic).where(*stale)
                                       .order_by(Clinic.last_seen).limit(limit)))


def open_conflicts(session: Session) -> int:
    """How many (clinic, field) pairs have active sources stating different values."""
    disagreeing = (select(FieldSource.clinic_id, FieldSource.field)
                   .where(FieldSource.retired_at.is_(None))
                   .group_by(FieldSource.clinic_id, FieldSource.field)
                   .having(func.count(distinct(cast(FieldSource.value, String))) > 1)).subquery()
    return session.scalar(select(func.count()).select_from(disagreeing)) or 0


def bar_chart(points: list[tuple[str, int, int]], width: int = 600, height: int = 180) -> dict:
    """Geometry of a grouped bar chart of (label, pages, items) per job, for an SVG template:
    no script, no library, only numbers the template places."""
    top = max([max(p, i) for _, p, i in points] + [1])
    slot = width / max(len(points), 1)
    bar = max(slot / 2 - 2, 1)
    bars = []
    for n, (label, pages, items) in enumerate(points):
        x = n * slot + 1
        for offset, value, kind in ((0, pages, "pages"), (bar, items, "items")):
            h = round(value / top * (height - 20), 1)
            bars.append({"x": round(x + offset, 1), "y": round(height - 20 - h, 1),
                         "w": round(bar, 1), "h": h, "kind": kind, "value": value,
                         "label": label})
    return {"width": width, "height": height, "top": top, "bars": bars}
