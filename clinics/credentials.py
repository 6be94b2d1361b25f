"""Staff credentials checked against the public NPI registry.

A practitioner is "NPI verified" only when the registry's entry matches the name, the licence state
and a taxonomy that fits the credentials the clinic claims; anything less leaves the claim as the
clinic stated it, unverified.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinics.models import Practitioner
from clinics.records import npi_is_valid

HONORIFICS = {"dr", "dr.", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "mx", "mx."}


@dataclass(frozen=True)
class PractitionerToVerify:
    id: int
    name: str
    first_name: str
    last_name: str
    license_state: str | None
    npi: str | None
    credentials: tuple[str, ...]


def split_name(name: str) -> tuple[str, str]:
    """First and last name of "Dr. Jane A. Roe" as ("Jane", "Roe")."""
    words = [w for w in name.replace(",", " ").split() if w.lower() not in HONORIFICS]
    if not words:
        return "", ""
    return words[0], words[-1] if len(words) > 1 else ""


def practitioners_to_verify(session: Session) -> list[PractitionerToVerify]:
    """Every practitioner not yet verified, with what a registry query needs."""
    rows = session.scalars(
        select(Practitioner).where(Practitioner.npi_verified.is_(False)).order_by(Practitioner.id)
    ).all()
    people = []
    for row in rows:
        first, last = split_name(row.name)
        # Without a stated licence, the state they practise in is the best guess for the query.
        state = row.license_state or next((c.state for c in row.clinics if c.state), None)
        people.append(PractitionerToVerify(
            row.id, row.name, first, last, state,
            row.npi if row.npi and npi_is_valid(row.npi) else None,
            tuple(row.credentials or ())))
    return people


def record_npi_check(session: Session, practitioner_id: int, *, npi: str | None, verified: bool,
                     taxonomy: str | None, source_url: str,
                     checked_at: datetime | None = None) -> bool:
    """Store one registry answer; returns False when the practitioner no longer exists.

    A failed check never removes an NPI the clinic itself published; it only leaves it unverified.
    """
    person = session.get(Practitioner, practitioner_id)
    if person is None:
        return False
    if npi is not None and not npi_is_valid(npi):
        raise ValueError(f"not a valid NPI: {npi!r}")
    if verified and npi:
        holder = session.scalar(select(Practitioner).where(Practitioner.npi == npi,
                                                           Practitioner.id != person.id))
        if holder is not None:
            verified = False
        else:
            person.npi = npi
    person.npi_verified = bool(verified and person.npi)
    person.npi_taxonomy = taxonomy if verified else person.npi_taxonomy
    person.npi_source_url = source_url
    person.npi_checked_at = checked_at or datetime.now(timezone.utc)
    # The "NPI verified" filter reads this: the clinics' index entries must be updated.
    for clinic in person.clinics:
        clinic.changed_at = datetime.now(timezone.utc)
    return True
