"""The facts every candidate of a search needs, read once per index version instead of per search.

Exact distance, the tri-state filters, the facet counts and the sort all look at every clinic the
words and filters matched, which can be the whole directory. Reading Whoosh's stored fields for each
of them on every search costs tens of microseconds a clinic; this table is read once when the index
changes, shared by all threads (it never changes once built), and indexed by Whoosh document number.
Stored fields are still read for the clinics shown on the page.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from whoosh.reading import IndexReader


@dataclass(frozen=True, slots=True)
class ClinicRow:
    clinic_id: int
    # Lower-cased name: the tie-break that keeps result order stable and alphabetical.
    name_key: str
    lat: float | None
    lon: float | None
    rating: float | None
    review_count: int
    insurers: tuple[str, ...]
    treatments: tuple[str, ...]
    # Tri-state facts as indexed: "yes", "no" or "unknown".
    insurance_accepted: str
    sliding_scale: str
    payment_plans: str


def split_tokens(stored: str | None) -> tuple[str, ...]:
    """The tokens of a stored comma-separated list field."""
    return tuple(token for token in (stored or "").split(",") if token)


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def row_from_stored(fields: dict) -> ClinicRow:
    return ClinicRow(
        clinic_id=int(fields["id"]),
        name_key=fields.get("name", "").lower(),
        lat=_number(fields.get("lat")),
        lon=_number(fields.get("lon")),
        rating=_number(fields.get("rating")),
        review_count=fields.get("review_count") or 0,
        insurers=split_tokens(fields.get("insurers")),
        treatments=split_tokens(fields.get("treatments")),
        insurance_accepted=fields.get("insurance_accepted", "unknown"),
        sliding_scale=fields.get("sliding_scale", "unknown"),
        payment_plans=fields.get("payment_plans", "unknown"),
    )


def read_rows(reader: IndexReader) -> list[ClinicRow | None]:
    """One row per document number of ``reader``; None for deleted documents."""
    rows: list[ClinicRow | None] = [None] * reader.doc_count_all()
    for leaf, offset in reader.leaf_readers():
        for docnum, fields in leaf.iter_docs():
            rows[offset + docnum] = row_from_stored(fields)
    return rows
