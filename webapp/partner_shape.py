"""The partner API's shapes: a listed clinic, a tombstone, a clinic in full, a review.

A listed clinic is the export's shape (``clinics.serialize``) without what moves on every
sighting (``last_seen``, evidence's ``seen_at``), plus ``updated_at``: so a copy kept with
``updated_since`` equals the directory exactly. The full clinic adds each fact's evidence and
sources (still stated and retired, with dates), NPI checks, and per-source and combined ratings.
"""
from __future__ import annotations

from clinics.models import Clinic, Review
from clinics.provenance import aware
from clinics.serialize import clinic_to_dict, evidence
from webapp.queries import SourceSummary


def _iso(moment) -> str | None:
    moment = aware(moment)
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def updated_at(clinic) -> str | None:
    """When a public fact of the clinic last changed (first seen, when nothing has since).

    ``clinic`` is a Clinic or a light row of its columns (``partner_queries.heads_after``)."""
    return _iso(clinic.changed_at or clinic.first_seen)


def listed(clinic: Clinic) -> dict:
    data = clinic_to_dict(clinic, with_evidence=False)
    data.pop("last_seen", None)
    data["updated_at"] = updated_at(clinic)
    return data


def tombstone(clinic, reason: str | None = None) -> dict:
    """A clinic the partner must drop: ``reason`` is merged, hidden, closed or filtered_out.

    ``clinic`` is a Clinic or a light row with its id, status, merge target and dates."""
    if reason is None:
        reason = "merged" if clinic.merged_into_id else clinic.status
    return {"id": clinic.id, "reason": reason, "merged_into": clinic.merged_into_id,
            "updated_at": updated_at(clinic)}


def _staff(clinic: Clinic) -> list[dict]:
    return [{"name": p.name, "credentials": list(p.credentials or []), "npi": p.npi,
             "npi_verified": p.npi_verified, "npi_taxonomy": p.npi_taxonomy,
             "npi_checked_at": _iso(p.npi_checked_at), "npi_source_url": p.npi_source_url,
             "license_state": p.license_state} for p in clinic.practitioners]


def _sources(clinic: Clinic) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    rows = sorted(clinic.field_sources, key=lambda r: (r.field, r.retired_at is not None, r.id))
    for row in rows:
        found.setdefault(row.field, []).append({
            "url": row.source_url, "spider": row.spider, "value": row.value,
            "seen_at": _iso(row.fetched_at), "value_since": _iso(row.value_since),
            "retired_at": _iso(row.retired_at), "evidence": list(row.evidence or [])})
    return found


def _rating(summary: SourceSummary) -> dict:
    return {"source": summary.source, "rating": summary.rating,
            "review_count": summary.review_count, "url": summary.url,
            "stated_by_source": summary.stated, "seen_at": _iso(summary.seen_at)}


def full(clinic: Clinic, by_source: list[SourceSummary]) -> dict:
    data = listed(clinic)
    data["practitioners"] = _staff(clinic)
    data["ratings"] = {"combined": {"rating": clinic.rating, "review_count": clinic.review_count},
                       "by_source": [_rating(s) for s in by_source]}
    data["evidence"] = evidence(clinic)
    data["sources"] = _sources(clinic)
    return data


def review(row: Review) -> dict:
    return {"id": row.id, "source": row.source, "source_url": row.source_url,
            "also_seen_on": list(row.also_seen_on or []), "author": row.author,
            "rating": row.rating, "text": row.text,
            "published": row.published.isoformat() if row.published else None}
