"""The item a spider yields: one clinic record (the contract's fields) plus where it came from."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass
class ClinicItem:
    """One clinic as one site states it. None / [] / "unknown" mean "not stated"."""

    name: str | None = None
    organization: str | None = None
    website: str | None = None
    phone: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    description: str | None = None
    hours: str | None = None
    treatments: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    insurance_accepted: str = "unknown"
    insurers: list[str] = field(default_factory=list)
    sliding_scale: bool | None = None
    payment_plans: bool | None = None
    free_consultation: bool | None = None
    aftercare: bool | None = None
    accepting_new_patients: bool | None = None
    telehealth: bool | None = None
    price_min_usd: int | None = None
    price_max_usd: int | None = None
    practitioners: list[dict] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)
    rating: float | None = None
    review_count: int = 0
    # Provenance, not part of the record: the page the facts are attributed to, and whether the
    # crawl was of invented demo data.
    source_url: str | None = None
    demo: bool = False

    @classmethod
    def from_record(cls, record: dict, *, source_url: str, demo: bool) -> ClinicItem:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in record.items() if k in known},
                   source_url=source_url, demo=demo)

    def record(self) -> dict:
        """The clinic record as ``clinics.ingest.upsert_clinic`` takes it."""
        data = asdict(self)
        data.pop("source_url")
        data.pop("demo")
        return data
