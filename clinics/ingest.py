"""The one write path: every crawled record becomes a clinic here, and only here.

validate -> normalize (``clinics.records``) -> match (``clinics.matching``) -> merge field by field
with provenance -> upsert. Running the same record again changes nothing but "last seen" times.
Writers running at once take turns per match key (``clinics.write_locks``), so two crawls of one
clinic never create it twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinics.matching import find_match
from clinics import reviews
from clinics.models import Clinic, Organization
from clinics.normalize import clinic_slug, site_key
from clinics.provenance import SourceWrites, rows_by_field, winner
from clinics.public_changes import public_extras
from clinics.records import clean
from clinics.staff import attach_practitioners
from clinics.write_locks import lock_for_match, lock_matched

GEO_FIELDS = ("lat", "lon", "geo_precision")
MERGED_FIELDS = (
    "name", "street", "city", "state", "postal_code", *GEO_FIELDS, "phone",
    "website", "description", "hours", "treatments", "conditions", "insurance_accepted",
    "insurers", "insurance_treatments", "superbill", "sliding_scale", "payment_plans",
    "free_consultation", "aftercare", "accepting_new_patients", "telehealth", "price_min_usd",
    "price_max_usd",
)
# Sourced like the merged fields, but held elsewhere (staff credentials live on practitioners).
SOURCED_ONLY_FIELDS = ("credentials",)
LIST_FIELDS = ("treatments", "conditions", "insurers", "insurance_treatments")


@dataclass
class IngestResult:
    clinic_id: int
    created: bool
    changed: list[str] = field(default_factory=list)
    reviews_added: int = 0
    dropped: list[str] = field(default_factory=list)


def _stated(value: object) -> bool:
    return value is not None and value != [] and value != "" and value != "unknown"


def _unstated_value(name: str) -> object:
    """What a field holds when no active source states it."""
    if name in LIST_FIELDS:
        return []
    return "unknown" if name == "insurance_accepted" else None


def _merge(session: Session, clinic: Clinic, facts: dict, source_url: str, spider: str,
           seen: datetime) -> list[str]:
    """Record what this page states and retires what it no longer states, then set each field
    to the value of its winning source (``clinics.provenance``)."""
    changed: list[str] = []
    derived_geo = facts.get("geo_precision") == "zip"
    sources = rows_by_field(session, clinic.id)
    writes = SourceWrites(clinic.id, source_url, spider, seen)
    evidence = facts.get("evidence") or {}
    for name in (*MERGED_FIELDS, *SOURCED_ONLY_FIELDS):
        value = facts.get(name)
        rows = sources.setdefault(name, [])
        if _stated(value) and not (derived_geo and name in GEO_FIELDS):
            writes.state(rows, name, value, evidence.get(name))
        else:
            writes.unstated(rows)
        if name in SOURCED_ONLY_FIELDS:
            continue
        best = winner(rows)
        if best is None and name in GEO_FIELDS:
            continue
        value = best.value if best is not None else _unstated_value(name)
        if getattr(clinic, name) != value:
            setattr(clinic, name, value)
            changed.append(name)
    writes.write(session)
    if derived_geo and winner(sources["lat"]) is None:
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
    base = clinic_slug(facts["name"], facts.get("city"), facts.get("state"))
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
        lock_for_match(session, facts, cleaned.practitioners)
        clinic = find_match(session, facts)
        created = clinic is None
        if not created:
            lock_matched(session, clinic)
        extras = None if created else public_extras(clinic)
        if created:
            clinic = _new_clinic(session, facts, seen, demo)
        elif not demo and clinic.is_demo:
            clinic.is_demo = False
        _assign_organization(session, clinic, facts)
        changed = _merge(session, clinic, facts, source_url, spider, seen)
        clinic.last_seen = max(_aware(clinic.last_seen), seen)
        session.flush()
        attach_practitioners(session, clinic, cleaned.practitioners)
        source = reviews.source_name(spider, source_url, facts.get("source_site"))
        added = reviews.add_reviews(session, clinic, cleaned.reviews, source, source_url)
        reviews.record_source_rating(session, clinic, source, source_url, facts.get("rating"),
                                     facts.get("review_count"), seen)
        if reviews.refresh_rating(session, clinic):
            changed.append("rating")
        if changed or added or (extras is not None and public_extras(clinic) != extras):
            clinic.changed_at = datetime.now(timezone.utc)
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
