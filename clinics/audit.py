"""The audit log: every admin action, who took it, when, and the values before and after."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinics.models import AuditEntry

MAX_TARGET_CHARS = 200


def record(session: Session, actor: str, action: str, target: str,
           before: dict | None = None, after: dict | None = None) -> AuditEntry:
    """Add one entry; it commits with the change it describes (the caller commits both)."""
    entry = AuditEntry(actor=actor[:254], action=action[:50], target=target[:MAX_TARGET_CHARS],
                       before=before, after=after)
    session.add(entry)
    return entry


def page(session: Session, number: int, per_page: int) -> tuple[list[AuditEntry], int]:
    """Newest first: one page of entries and how many there are in all."""
    total = session.scalar(select(func.count(AuditEntry.id))) or 0
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())
                           .offset((number - 1) * per_page).limit(per_page))
    return list(rows), total
