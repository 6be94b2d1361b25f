"""What partners see of a clinic beyond its own fields: its brand, its staff, whether it is demo
data. Ingest compares this before and after a record, so that a new practitioner or credential
moves ``Clinic.changed_at`` as a changed field does, and a re-sighting that adds nothing does not.
"""
from __future__ import annotations

from clinics.models import Clinic


def public_extras(clinic: Clinic) -> tuple:
    staff = tuple((p.name, tuple(p.credentials or ()), p.npi, p.npi_verified, p.license_state)
                  for p in clinic.practitioners)
    brand = clinic.organization.name if clinic.organization else None
    return brand, clinic.is_demo, staff
