"""Facts that sources disagree on, for an admin to settle rather than for the merge to hide."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinics.models import FieldSource


@dataclass(frozen=True)
class SourcedValue:
    value: object
    source_url: str
    spider: str
    fetched_at: datetime


def field_conflicts(session: Session, clinic_id: int) -> dict[str, list[SourcedValue]]:
    """Fields of one clinic whose sources state different values now, each with every value
    still stated (a retired statement is history, not a conflict)."""
    rows = session.scalars(
        select(FieldSource).where(FieldSource.clinic_id == clinic_id,
                                  FieldSource.retired_at.is_(None))
        .order_by(FieldSource.field, FieldSource.fetched_at.desc())
    ).all()
    by_field: dict[str, list[SourcedValue]] = {}
    for row in rows:
        by_field.setdefault(row.field, []).append(
            SourcedValue(row.value, row.source_url, row.spider, row.fetched_at))
    return {name: values for name, values in by_field.items()
            if len({repr(_comparable(v.value)) for v in values}) > 1}


def _comparable(value: object) -> object:
    return sorted(value) if isinstance(value, list) else value
