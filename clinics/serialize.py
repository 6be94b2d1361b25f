"""The public shape of a clinic: the export file, the partner API and the sample web's truth share it.

Field names are those of the shared vocabulary. Tri-state facts stay ``null`` when not stated.
``evidence`` says, for each fact shown, which page stated it, when that page was last seen and
the sentence that states it (``quote`` is null when the source gave no sentence).
"""
from __future__ import annotations

from clinics.evidence import LIST_VOCABULARY
from clinics.models import Clinic, FieldSource
from clinics.provenance import aware

CLINIC_FIELDS = (
    "name", "website", "phone", "street", "city", "state", "postal_code", "lat", "lon",
    "description", "hours", "treatments", "conditions", "insurance_accepted", "insurers",
    "insurance_treatments", "superbill", "sliding_scale", "payment_plans", "free_consultation",
    "aftercare", "accepting_new_patients", "telehealth", "price_min_usd", "price_max_usd",
    "rating", "review_count",
)
EVIDENCED_FIELDS = tuple(f for f in CLINIC_FIELDS if f not in ("rating", "review_count")) + (
    "credentials",)


def _shown(clinic: Clinic, field: str) -> object:
    return clinic.credentials if field == "credentials" else getattr(clinic, field)


def _entries(row: FieldSource, shown: object) -> list[dict]:
    """What one still-stated source says in support of the value the clinic shows."""
    seen = aware(row.fetched_at).isoformat() if row.fetched_at else None
    quoted = row.evidence or []
    if row.field not in LIST_VOCABULARY:
        if row.value != shown:
            return []
        return [{"url": e["url"], "seen_at": seen, "quote": e["quote"]} for e in quoted] or [
            {"url": row.source_url, "seen_at": seen, "quote": None}]
    found = []
    for item in (v for v in row.value or [] if v in (shown or [])):
        said = [e for e in quoted if e.get("value") == item]
        found += [{"url": e["url"], "seen_at": seen, "quote": e["quote"], "value": item}
                  for e in said] or [
            {"url": row.source_url, "seen_at": seen, "quote": None, "value": item}]
    return found


def _newest_first(row: FieldSource) -> tuple:
    return row.field, -(aware(row.fetched_at).timestamp() if row.fetched_at else 0.0)


def evidence(clinic: Clinic) -> dict[str, list[dict]]:
    """``{field: [{url, seen_at, quote, value?}]}`` for every fact the clinic shows."""
    found: dict[str, list[dict]] = {}
    rows = sorted((r for r in clinic.field_sources
                   if r.retired_at is None and r.field in EVIDENCED_FIELDS), key=_newest_first)
    for row in rows:
        entries = _entries(row, _shown(clinic, row.field))
        if entries:
            found.setdefault(row.field, []).extend(entries)
    return found


def clinic_to_dict(clinic: Clinic, with_evidence: bool = True) -> dict:
    """One clinic as a JSON-ready dict with ``id`` and the vocabulary's field names.

    ``with_evidence=False`` leaves ``evidence`` out, and provenance unread (a long listing)."""
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
    if with_evidence:
        data["evidence"] = evidence(clinic)
    return data
