"""Who works at a clinic: the people a record names, matched to the people already stored.

A person is matched by NPI first (one NPI is one person, wherever they were seen), then by name
on this clinic's staff or at another location of the same brand. A name match never joins two
people whose NPIs differ, and a person is never given an NPI another row already holds.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinics.models import Clinic, Practitioner, clinic_practitioners


def _npi_holder(session: Session, npi: str, claimed: dict[str, Practitioner]) -> Practitioner | None:
    """Whoever holds the NPI, stored or given out earlier in this record (not yet flushed)."""
    return claimed.get(npi) or session.scalar(select(Practitioner).where(Practitioner.npi == npi))


def _name_fits(known: Practitioner, name: str, npi: str | None) -> bool:
    return known.name.lower() == name.lower() and not (npi and known.npi and known.npi != npi)


def _colleague(session: Session, clinic: Clinic, name: str, npi: str | None) -> Practitioner | None:
    """The same person already on staff at another location of the same organization."""
    if clinic.organization_id is None:
        return None
    stmt = (
        select(Practitioner)
        .join(clinic_practitioners, clinic_practitioners.c.practitioner_id == Practitioner.id)
        .join(Clinic, Clinic.id == clinic_practitioners.c.clinic_id)
        .where(Clinic.organization_id == clinic.organization_id,
               func.lower(Practitioner.name) == name.lower())
    )
    if npi:
        stmt = stmt.where(Practitioner.npi.is_(None))
    return session.scalar(stmt.limit(1))


def _find_person(session: Session, clinic: Clinic, person: dict,
                 claimed: dict[str, Practitioner]) -> Practitioner | None:
    npi, name = person["npi"], person["name"]
    if npi and (holder := _npi_holder(session, npi, claimed)) is not None:
        return holder
    on_staff = next((p for p in clinic.practitioners if _name_fits(p, name, npi)), None)
    return on_staff or _colleague(session, clinic, name, npi)


def attach_practitioners(session: Session, clinic: Clinic, people: list[dict]) -> None:
    """Add the record's people to the clinic's staff, merging what is known of each."""
    claimed: dict[str, Practitioner] = {}
    for person in people:
        found = _find_person(session, clinic, person, claimed)
        if found is None:
            found = Practitioner(name=person["name"], credentials=[], npi=None)
            session.add(found)
        merged = list(dict.fromkeys([*(found.credentials or []), *person["credentials"]]))
        if merged != found.credentials:
            found.credentials = merged
        npi = person["npi"]
        if npi and not found.npi and _npi_holder(session, npi, claimed) is None:
            found.npi = npi
        if found.npi:
            claimed[found.npi] = found
        if person["license_state"] and found.license_state != person["license_state"]:
            found.license_state = person["license_state"]
        if found not in clinic.practitioners:
            clinic.practitioners.append(found)
