"""What spiders yield: a clinic record as one source states it, or one NPI registry answer.

Items are plain dataclasses read by the pipelines; ``crawler.validation`` checks them before
anything is written. Fields after the record's own say where the facts came from.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

# Fields of ClinicItem that describe the crawl, not the clinic.
PROVENANCE_FIELDS = ("source_url", "spider", "demo", "job_unit")


@dataclass
class ClinicItem:
    """One clinic as one source states it. None / [] / "unknown" mean "not stated".

    ``rating`` and ``review_count`` are the source's own stated aggregate ("4.6 from 212
    reviews"), never a mean the crawler computed. ``spider`` names the kind of source
    (``clinic_site``, ``directory``, ``reviews``): a directory crawl that follows a clinic's
    own website yields that site's items as ``clinic_site``, so they outrank the directory.
    ``job_unit`` is set on the last item of a unit of work (a site, a listing) so that a
    resumed crawl can skip units already stored.
    """

    name: str | None = None
    organization: str | None = None
    # The brand's own site when it differs from the location's page (a chain's home page).
    organization_website: str | None = None
    website: str | None = None
    phone: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    # Stated only when a page names one; anything but the United States is refused at ingest.
    country: str | None = None
    # The name a review site gives itself ("Sample Clinic Reviews"), shown for its reviews.
    source_site: str | None = None
    lat: float | None = None
    lon: float | None = None
    description: str | None = None
    hours: str | None = None
    treatments: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    insurance_accepted: str = "unknown"
    insurers: list[str] = field(default_factory=list)
    # The treatments the page ties insurance to (often only Spravato); [] when it ties none.
    insurance_treatments: list[str] = field(default_factory=list)
    superbill: bool | None = None
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
    # {field: [{"url", "quote", "value"?}]}: the words that state each fact (clinics.evidence).
    evidence: dict = field(default_factory=dict)
    source_url: str | None = None
    spider: str = "clinic_site"
    demo: bool = False
    job_unit: str | None = None

    @classmethod
    def from_record(cls, record: dict, *, source_url: str, spider: str = "clinic_site",
                    demo: bool = False, job_unit: str | None = None) -> ClinicItem:
        """An item from an extraction record; keys that are not record fields are ignored."""
        known = {f.name for f in fields(cls)} - set(PROVENANCE_FIELDS)
        return cls(**{k: v for k, v in record.items() if k in known}, source_url=source_url,
                   spider=spider, demo=demo, job_unit=job_unit)

    def record(self) -> dict:
        """The clinic record as ``clinics.ingest.upsert_clinic`` takes it."""
        data = asdict(self)
        for name in PROVENANCE_FIELDS:
            data.pop(name)
        return data


@dataclass
class NpiCheckItem:
    """One practitioner checked against the NPI registry.

    ``npi`` is the number the registry answered for (None when nothing was found);
    ``verified`` is True only when name, licence state and taxonomy all matched; ``taxonomy``
    is the registry's description of the matching taxonomy; ``source_url`` is the API query.
    """

    practitioner_id: int
    npi: str | None
    verified: bool
    taxonomy: str | None
    source_url: str
    reason: str = ""
    job_unit: str | None = None
