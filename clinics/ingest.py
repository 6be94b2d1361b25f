"""The one write path: every crawled record becomes a clinic here, and only here.

validate -> normalize (``clinics.records``) -> match (``clinics.matching``) -> merge field by field
with provenance -> upsert. Running the same record again changes nothing but "last seen" times.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from clinics.matching import find_match
from clinics import reviews
from clinics.models import (
    Clinic, FieldSource, Organization, Practitioner, clinic_practitioners,
)
from clinics.normalize import site_key, slugify
from clinics.records import clean

GEO_FIELDS = ("lat", "lon", "geo_precision")
MERGED_FIELDS = (
    "name", "street", "city", "state", "postal_code", *GEO_FIELDS, "phone",
    "website", "description", "hours", "treatments", "conditions", "insurance_accepted",
    "insurers", "sliding_scale", "payment_plans", "free_consultation", "aftercare",
    "accepting_new_patients", "telehealth", "price_min_usd", "price_max_usd",
)
# A clinic's own site outranks a directory that copied it.
SPIDER_RANK = {"clinic_site": 2}


@dataclass
class IngestResult:
    clinic_id: int
    created: bool
    changed: list[str] = field(default_factory=list)
    reviews_added: int = 0
    dropped: list[str] = field(default_factory=list)


def _stated(value: object) -> bool:
    return value is not None and value != [] and value != "" and value != "unknown"


@dataclass
class _Source:
    """One stored provenance row, read as plain values: a crawl item touches a dozen of them,
    and ORM objects for each cost more than the statements that write them."""

    id: int | None
    source_url: str
    spider: str
    value: object


def _sources_by_field(session: Session, clinic_id: int) -> dict[str, list[_Source]]:
    """Every provenance row of the clinic, read in one query."""
    found: dict[str, list[_Source]] = {}
    rows = session.execute(
        select(FieldSource.id, FieldSource.field, FieldSource.source_url, FieldSource.spider,
               FieldSource.value).where(FieldSource.clinic_id == clinic_id))
    for row_id, name, url, spider, value in rows:
        found.setdefault(name, []).append(_Source(row_id, url, spider, value))
    return found


class _SourceWrites:
    """The provenance rows one record adds or touches, written in two statements."""

    def __init__(self, clinic_id: int, source_url: str, spider: str, seen: datetime):
        self.clinic_id, self.source_url, self.spider, self.seen = clinic_id, source_url, spider, seen
        self.inserts: list[dict] = []
        self.updates: list[dict] = []

    def record(self, rows: list[_Source], name: str, value: object) -> None:
        row = next((r for r in rows if r.source_url == self.source_url), None)
        if row is None:
            rows.append(_Source(None, self.source_url, self.spider, value))
            self.inserts.append({"clinic_id": self.clinic_id, "field": name, "value": value,
                                 "source_url": self.source_url, "spider": self.spider,
                                 "fetched_at": self.seen})
            return
        row.value = value
        self.updates.append({"id": row.id, "value": value, "fetched_at": self.seen})

    def write(self, session: Session) -> None:
        if self.inserts:
            session.execute(insert(FieldSource), self.inserts)
        if self.updates:
            session.execute(update(FieldSource), self.updates)


def _merge(session: Session, clinic: Clinic, facts: dict, source_url: str, spider: str,
           seen: datetime) -> list[str]:
    rank = SPIDER_RANK.get(spider, 1)
    changed: list[str] = []
    derived_geo = facts.get("geo_precision") == "zip"
    sources = _sources_by_field(session, clinic.id)
    writes = _SourceWrites(clinic.id, source_url, spider, seen)
    for name in MERGED_FIELDS:
        value = facts.get(name)
        if not _stated(value) or (derived_geo and name in GEO_FIELDS):
            continue
        rows = sources.setdefault(name, [])
        writes.record(rows, name, value)
        outranked = any(SPIDER_RANK.get(r.spider, 1) > rank for r in rows
                        if r.source_url != source_url)
        if getattr(clinic, name) == value or outranked:
            continue
        setattr(clinic, name, value)
        changed.append(name)
    writes.write(session)
    if derived_geo and clinic.geo_precision != "page":
        changed += _locate_by_zip(clinic, facts)
    return changed


def _locate_by_zip(clinic: Clinic, facts: dict) -> list[str]:
    """Coordinates derived from a ZIP centre: used until a page states real ones, never sourced."""
    changed = []
    for name in GEO_FIELDS:
        if getattr(clinic, name) != facts[name]:
            setattr(clinic, name, facts[name])
            changed.append(name)
    return changed


def _unique_slug(session: Session, facts: dict) -> str:
    base = slugify(" ".join(filter(None, [facts["name"], facts.get("city"), facts.get("state")])))
    taken = set(session.scalars(select(Clinic.slug).where(Clinic.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _organization(session: Session, name: str | None, website: str | None) -> Organization | None:
    key = site_key(website)
    if not key:
        return None
    org = session.scalar(select(Organization).where(Organization.website_domain == key))
    if org is None:
        org = Organization(name=name or key, website_domain=key, website=website)
        session.add(org)
    return org


def _assign_organization(session: Session, clinic: Clinic, facts: dict) -> None:
    """The brand a clinic belongs to, by its website; a chain's location names its brand's site,
    which outranks the location's own page as the key (its staff are the brand's staff)."""
    brand_site = facts.get("organization_website")
    current = clinic.organization
    if current is not None and (not brand_site or current.website_domain == site_key(brand_site)):
        return
    clinic.organization = _organization(
        session, facts.get("organization") or facts["name"], brand_site or facts["website"])


def _colleague(session: Session, clinic: Clinic, name: str) -> Practitioner | None:
    """The same person already on staff at another location of the same organization."""
    if clinic.organization_id is None:
        return None
    return session.scalar(
        select(Practitioner)
        .join(clinic_practitioners, clinic_practitioners.c.practitioner_id == Practitioner.id)
        .join(Clinic, Clinic.id == clinic_practitioners.c.clinic_id)
        .where(Clinic.organization_id == clinic.organization_id,
               func.lower(Practitioner.name) == name.lower())
        .limit(1)
    )


def _same_person(clinic: Clinic, person: dict) -> Practitioner | None:
    """Someone already on this clinic's staff: the same NPI, or the same name."""
    for known in clinic.practitioners:
        if person["npi"] and known.npi == person["npi"]:
            return known
        if known.name.lower() == person["name"].lower():
            return known
    return None


def _attach_practitioners(session: Session, clinic: Clinic, people: list[dict]) -> None:
    for person in people:
        found = _same_person(clinic, person)
        if found is None and person["npi"]:
            found = session.scalar(select(Practitioner).where(Practitioner.npi == person["npi"]))
        if found is None:
            found = _colleague(session, clinic, person["name"])
        if found is None:
            found = Practitioner(name=person["name"], credentials=[], npi=person["npi"])
            session.add(found)
        merged = list(dict.fromkeys([*(found.credentials or []), *person["credentials"]]))
        if merged != found.credentials:
            found.credentials = merged
        if person["npi"] and not found.npi:
            found.npi = person["npi"]
        if person["license_state"] and found.license_state != person["license_state"]:
            found.license_state = person["license_state"]
        if found not in clinic.practitioners:
            clinic.practitioners.append(found)


def upsert_clinic(session: Session, record: dict, *, source_url: str, spider: str,
                  fetched_at: datetime | None = None, demo: bool = False) -> IngestResult:
    """Store one crawled record; raises ``InvalidRecord`` when it cannot be stored.

    The caller owns the transaction: nothing is committed here, so a crawl killed mid-item leaves
    no half-written clinic behind. Changes are flushed at the few points that need them rather
    than before every query: a crawl stores hundreds of records a minute through here.
    """
    cleaned = clean(record)
    facts = cleaned.facts
    seen = fetched_at or datetime.now(timezone.utc)
    with session.no_autoflush:
        clinic = find_match(session, facts)
        created = clinic is None
        if created:
            clinic = _new_clinic(session, facts, seen, demo)
        elif not demo and clinic.is_demo:
            clinic.is_demo = False
        _assign_organization(session, clinic, facts)
        changed = _merge(session, clinic, facts, source_url, spider, seen)
        clinic.last_seen = max(_aware(clinic.last_seen), seen)
        session.flush()
        _attach_practitioners(session, clinic, cleaned.practitioners)
        source = reviews.source_name(spider, source_url)
        added = reviews.add_reviews(session, clinic, cleaned.reviews, source, source_url)
        reviews.record_source_rating(session, clinic, source, source_url, facts.get("rating"),
                                     facts.get("review_count"), seen)
        reviews.refresh_rating(session, clinic)
        session.flush()
    return IngestResult(clinic.id, created, changed, added, cleaned.dropped)


def _new_clinic(session: Session, facts: dict, seen: datetime, demo: bool) -> Clinic:
    """A clinic row with an id; its collections start empty instead of being loaded."""
    clinic = Clinic(name=facts["name"], slug=_unique_slug(session, facts), first_seen=seen,
                    last_seen=seen, is_demo=demo, treatments=[], conditions=[], insurers=[],
                    insurance_accepted="unknown", status="active", review_count=0,
                    organization=None, practitioners=[])
    session.add(clinic)
    session.flush()
    return clinic


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def clinic_count(session: Session) -> int:
    return session.scalar(select(func.count(Clinic.id))) or 0
