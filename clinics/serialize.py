"""The public shape of a clinic: the export file, the partner API and the sample web's truth share it.

Field names are those of the shared vocabulary. Tri-state facts stay ``null`` when not stated.
"""
from __future__ import annotations

from clinics.models import Clinic

CLINIC_FIELDS = (
    "name", "website", "phone", "street", "city", "state", "postal_code", "lat", "lon",
    "description", "hours", "treatments", "conditions", "insurance_accepted", "insurers",
    "sliding_scale", "payment_plans", "free_consultation", "aftercare", "accepting_new_patients",
    "telehealth", "price_min_usd", "price_max_usd", "rating", "review_count",
)


def clinic_to_dict(clinic: Clinic) -> dict:
    """One clinic as a JSON-ready dict with ``id`` and the vocabulary's field names."""
    data: dict = {"id": clinic.id, "slug": clinic.slug}
    data.update({name: getattr(clinic, name) for name in CLINIC_FIELDS})
    data["organization"] = clinic.organization.name if clinic.organization else None
    data["geo_precision"] = clinic.geo_precision
    data["practitioners"] = [
        {"name": p.name, "credentials": list(p.credentials or []), "npi": p.npi,
         "npi_verified": p.npi_verified, "license_state": p.license_state}
        for p in clinic.practitioners
    ]
    data["credentials"] = clinic.credentials
    data["status"] = clinic.status
    data["is_demo"] = clinic.is_demo
    data["last_seen"] = clinic.last_seen.isoformat() if clinic.last_seen else None
    return data
