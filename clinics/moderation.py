"""What moderators change, each change keeping its provenance.

An admin's edit is a source of its own (spider ``admin``): a provenance row that outranks every
crawl (``clinics.provenance.rank``), so the next crawl cannot undo it, and that says who set the
value and why. Merging moves every source, review, rating and practitioner of one record onto
the other and hides the first; splitting moves the chosen source pages (and their reviews) to a
new record. Neither loses a source. Each function leaves committing to the caller.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clinics import reviews as clinic_reviews
from clinics.evidence import LIST_VOCABULARY
from clinics.ingest import MERGED_FIELDS, _unstated_value
from clinics.models import Clinic, CorrectionRequest, FieldSource, Review, SourceRating
from clinics.normalize import slugify
from clinics.provenance import rows_by_field, winner
from clinics.vocab import INSURANCE_ACCEPTED, TRI_STATE_FIELDS, canonical_list

ADMIN_SPIDER = "admin"
ADMIN_SOURCE = "admin-edit"
TEXT_FIELDS = {"name": 200, "street": 200, "city": 100, "phone": 20, "website": 500,
               "hours": 2000, "description": 5000}
EDITABLE_FIELDS = (*TEXT_FIELDS, "state", "postal_code", "insurance_accepted", *TRI_STATE_FIELDS,
                   "superbill", "price_min_usd", "price_max_usd", "treatments", "conditions",
                   "insurers", "insurance_treatments")
STATUSES = ("active", "hidden", "closed")
_STATE = re.compile(r"[A-Z]{2}")
_ZIP = re.compile(r"\d{5}")
_YES, _NO, _UNSTATED = {"yes", "true", "1"}, {"no", "false", "0"}, {"", "not stated", "unknown"}


class ModerationError(ValueError):
    """A change that cannot be made; the message says what to fix."""


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def parse_value(field: str, raw: str) -> object:
    """The typed value an admin typed for a field; None means "not stated"."""
    raw = (raw or "").strip()
    if field not in EDITABLE_FIELDS:
        raise ModerationError(f"“{field}” cannot be edited here.")
    if field in LIST_VOCABULARY:
        items = [part.strip() for part in raw.split(",") if part.strip()]
        found = canonical_list(LIST_VOCABULARY[field], items)
        if len(found) != len(set(items)):
            raise ModerationError(f"Use the {field} vocabulary's words, separated by commas.")
        return found
    if field in (*TRI_STATE_FIELDS, "superbill"):
        word = raw.lower()
        if word in _UNSTATED:
            return None
        if word in _YES | _NO:
            return word in _YES
        raise ModerationError("Answer yes, no, or leave it empty for “not stated”.")
    if field == "insurance_accepted":
        if raw.lower() not in INSURANCE_ACCEPTED:
            raise ModerationError("Insurance accepted is yes, no or unknown.")
        return raw.lower()
    if field in ("price_min_usd", "price_max_usd"):
        if not raw:
            return None
        if not raw.isdigit() or int(raw) > 100_000:
            raise ModerationError("A price is a whole number of dollars up to 100,000.")
        return int(raw)
    if field == "state" and raw and not _STATE.fullmatch(raw.upper()):
        raise ModerationError("A state is a two-letter USPS code.")
    if field == "postal_code" and raw and not _ZIP.fullmatch(raw):
        raise ModerationError("A ZIP code is five digits.")
    if field == "website" and raw and not raw.startswith(("http://", "https://")):
        raise ModerationError("A website starts with http:// or https://.")
    if field == "name" and not raw:
        raise ModerationError("A clinic needs a name.")
    limit = TEXT_FIELDS.get(field, 5)
    if len(raw) > limit:
        raise ModerationError(f"At most {limit} characters.")
    return (raw.upper() if field == "state" else raw) or None


def refresh_fields(session: Session, clinic: Clinic) -> list[str]:
    """Set each merged field to its winning active source's value; the fields that changed."""
    session.flush()
    sources = rows_by_field(session, clinic.id)
    changed = []
    for name in MERGED_FIELDS:
        rows = sources.get(name, [])
        best = winner(rows)
        if best is None and name in ("lat", "lon", "geo_precision"):
            continue
        value = best.value if best is not None else _unstated_value(name)
        if name == "name" and value is None:
            continue
        if getattr(clinic, name) != value:
            setattr(clinic, name, value)
            changed.append(name)
    if changed:
        clinic.changed_at = now_utc()
    return changed


def edit_field(session: Session, clinic: Clinic, field: str, raw: str, actor: str,
               reason: str) -> tuple[object, object]:
    """Set a field as an admin: (value before, value after). The edit is the admin source's
    row for that field, with who and why as its evidence; an empty value retires that row, and
    the crawled sources speak for the field again."""
    value = parse_value(field, raw)
    before = getattr(clinic, field)
    row = session.scalar(select(FieldSource).where(
        FieldSource.clinic_id == clinic.id, FieldSource.field == field,
        FieldSource.source_url == ADMIN_SOURCE))
    moment = now_utc()
    note = [{"url": ADMIN_SOURCE, "quote": f"Set by {actor}: {reason}"[:300]}]
    if row is None:
        row = FieldSource(clinic_id=clinic.id, field=field, source_url=ADMIN_SOURCE,
                          spider=ADMIN_SPIDER)
        session.add(row)
    row.value, row.fetched_at, row.value_since, row.evidence = value, moment, moment, note
    # Empty hands the field back to the crawled sources.
    row.retired_at = moment if value in (None, []) else None
    refresh_fields(session, clinic)
    return before, getattr(clinic, field)


def set_status(clinic: Clinic, status: str) -> str:
    if status not in STATUSES:
        raise ModerationError(f"A clinic's status is one of {', '.join(STATUSES)}.")
    before, clinic.status = clinic.status, status
    clinic.changed_at = now_utc()
    return before


def merge(session: Session, kept: Clinic, gone: Clinic) -> dict:
    """Move everything ``gone`` holds onto ``kept`` and hide ``gone``; counts of what moved.
    Where both have a row from one page for one field, the newer sighting stays."""
    if kept.id == gone.id:
        raise ModerationError("Choose two different clinics to merge.")
    kept_keys = {(r.field, r.source_url): r for r in kept.field_sources}
    moved = {"sources": 0, "reviews": 0, "ratings": 0, "practitioners": 0}
    for row in list(gone.field_sources):
        twin = kept_keys.get((row.field, row.source_url))
        if twin is not None:
            if row.fetched_at > twin.fetched_at:
                twin.value, twin.fetched_at, twin.evidence = row.value, row.fetched_at, row.evidence
            session.delete(row)
            continue
        row.clinic_id = kept.id
        moved["sources"] += 1
    known = {r.content_hash for r in kept.reviews}
    for review in list(gone.reviews):
        if review.content_hash in known:
            continue
        review.clinic_id = kept.id
        moved["reviews"] += 1
    kept_raters = {r.source for r in kept.source_ratings}
    for rating in list(gone.source_ratings):
        if rating.source not in kept_raters:
            rating.clinic_id = kept.id
            moved["ratings"] += 1
    for person in list(gone.practitioners):
        if person not in kept.practitioners:
            kept.practitioners.append(person)
            moved["practitioners"] += 1
    gone.status, gone.merged_into_id, gone.changed_at = "hidden", kept.id, now_utc()
    session.flush()
    session.expire(kept)
    session.expire(gone)
    _settle(session, kept)
    return moved


def split(session: Session, clinic: Clinic, source_urls: list[str]) -> Clinic:
    """Move the given source pages' rows (and the reviews they showed) to a new clinic."""
    chosen = set(source_urls)
    rows = [r for r in clinic.field_sources if r.source_url in chosen]
    if not rows or {r.source_url for r in clinic.field_sources} <= chosen:
        raise ModerationError("Choose some, not all, of the clinic's source pages to split off.")
    name_row = next((r for r in rows if r.field == "name" and r.value), None)
    name = name_row.value if name_row else clinic.name
    new = Clinic(name=name, slug=_free_slug(session, f"{name} {clinic.city or ''} split"),
                 status="active", is_demo=clinic.is_demo, treatments=[], conditions=[],
                 insurers=[], insurance_accepted="unknown", review_count=0,
                 first_seen=clinic.first_seen, last_seen=clinic.last_seen)
    session.add(new)
    session.flush()
    for row in rows:
        row.clinic_id = new.id
    session.execute(update(Review).where(Review.clinic_id == clinic.id,
                                         Review.source_url.in_(chosen))
                    .values(clinic_id=new.id))
    session.execute(update(SourceRating).where(SourceRating.clinic_id == clinic.id,
                                               SourceRating.source_url.in_(chosen))
                    .values(clinic_id=new.id))
    session.flush()
    session.expire(clinic)
    session.expire(new)
    _settle(session, clinic)
    _settle(session, new)
    return new


def _settle(session: Session, clinic: Clinic) -> None:
    refresh_fields(session, clinic)
    clinic_reviews.refresh_rating(session, clinic)
    clinic.changed_at = now_utc()


def _free_slug(session: Session, text: str) -> str:
    base = slugify(text)
    taken = set(session.scalars(select(Clinic.slug).where(Clinic.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def hide_review(session: Session, review: Review, reason: str | None) -> None:
    """Hide a review (reason given) or show it again (reason None); the rating follows."""
    if reason is not None and not reason.strip():
        raise ModerationError("Say why the review is hidden.")
    review.hidden_reason = reason.strip()[:500] if reason else None
    review.hidden_at = now_utc() if reason else None
    clinic_reviews.refresh_rating(session, review.clinic)
    review.clinic.changed_at = now_utc()


def decide_correction(correction: CorrectionRequest, accepted: bool, note: str,
                      actor: str) -> None:
    if correction.status != "open":
        raise ModerationError("This correction was decided already.")
    correction.status = "accepted" if accepted else "rejected"
    correction.note = (note or "").strip()[:2000] or None
    correction.decided_at, correction.decided_by = now_utc(), actor
