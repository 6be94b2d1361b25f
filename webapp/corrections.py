"""Visitors' corrections: kept as CorrectionRequest rows for an admin; the listing is not changed.

A suggestion is a claim like any scraped one: an admin checks it against the clinic's own pages
before anything on the site changes.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from clinics.models import CorrectionRequest


def save_correction(session: Session, clinic_id: int, topic: str, message: str,
                    contact_email: str | None) -> CorrectionRequest:
    """Store one open correction request and commit it."""
    request = CorrectionRequest(
        clinic_id=clinic_id, field=topic, message=message.strip(),
        contact_email=(contact_email or "").strip() or None, status="open",
    )
    session.add(request)
    session.commit()
    return request
