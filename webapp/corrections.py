"""Visitors' corrections: kept as CorrectionRequest rows for an admin; the listing is not changed.

A suggestion is a claim like any scraped one: an admin checks it against the clinic's own pages
before anything on the site changes.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinics.models import CorrectionRequest


def save_correction(session: Session, clinic_id: int, topic: str, message: str,
                    contact_email: str | None) -> CorrectionRequest:
    """Store one open correction request and commit it."""
    request = CorrectionRequest(
        clinic_id=clinic_id, field=topic, message=message.strip(),
        contact_email=(contact_email or "").strip() or None, status="open",
        public_token=secrets.token_urlsafe(24),
    )
    session.add(request)
    session.commit()
    return request


def correction_by_token(session: Session, token: str) -> CorrectionRequest | None:
    """The correction a sender's status link names; None for any other string."""
    if not 20 <= len(token) <= 64 or not token.replace("-", "").replace("_", "").isalnum():
        return None
    return session.scalar(select(CorrectionRequest)
                          .where(CorrectionRequest.public_token == token))
