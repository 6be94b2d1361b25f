"""The directory's tables. The database guards the invariants (unique keys, checks, foreign keys).

List facts (treatments, conditions, insurers, credentials) are JSON arrays of canonical tokens from
``clinics.vocab``. Tri-state facts are nullable booleans: NULL means "not stated", never "no".
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
    String, Table, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


clinic_practitioners = Table(
    "clinic_practitioners",
    Base.metadata,
    Column("clinic_id", ForeignKey("clinics.id", ondelete="CASCADE"), primary_key=True),
    Column("practitioner_id", ForeignKey("practitioners.id", ondelete="CASCADE"), primary_key=True),
)


class Organization(Base):
    """A brand: one website that may speak for several locations."""

    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    website_domain: Mapped[str | None] = mapped_column(String(253), unique=True)
    website: Mapped[str | None] = mapped_column(String(500))
    clinics: Mapped[list[Clinic]] = relationship(back_populates="organization")


class Clinic(Base):
    """One physical location where treatment is given."""

    __tablename__ = "clinics"
    __table_args__ = (
        CheckConstraint("insurance_accepted IN ('yes', 'no', 'unknown')", name="ck_insurance"),
        CheckConstraint("status IN ('active', 'hidden', 'closed')", name="ck_status"),
        CheckConstraint("price_min_usd IS NULL OR price_min_usd >= 0", name="ck_price_min"),
        CheckConstraint(
            "price_max_usd IS NULL OR price_min_usd IS NULL OR price_max_usd >= price_min_usd",
            name="ck_price_range",
        ),
        CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90)", name="ck_lat"),
        CheckConstraint("lon IS NULL OR (lon BETWEEN -180 AND 180)", name="ck_lon"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2), index=True)
    postal_code: Mapped[str | None] = mapped_column(String(5), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    # "page" when the site gave coordinates, "zip" when they are the ZIP's centre.
    geo_precision: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[str | None] = mapped_column(Text)
    treatments: Mapped[list[str]] = mapped_column(JSON, default=list)
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    insurance_accepted: Mapped[str] = mapped_column(String(7), default="unknown")
    insurers: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The treatments the clinic says insurance pays for; [] when it ties insurance to none.
    insurance_treatments: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    # Offers a superbill for out-of-network reimbursement; None when not stated.
    superbill: Mapped[bool | None] = mapped_column(Boolean)
    sliding_scale: Mapped[bool | None] = mapped_column(Boolean)
    payment_plans: Mapped[bool | None] = mapped_column(Boolean)
    free_consultation: Mapped[bool | None] = mapped_column(Boolean)
    aftercare: Mapped[bool | None] = mapped_column(Boolean)
    accepting_new_patients: Mapped[bool | None] = mapped_column(Boolean)
    telehealth: Mapped[bool | None] = mapped_column(Boolean)
    price_min_usd: Mapped[int | None] = mapped_column(Integer)
    price_max_usd: Mapped[int | None] = mapped_column(Integer)
    rating: Mapped[float | None] = mapped_column(Float)
    review_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    # True when every source of this clinic is the invented sample web.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When a shown fact last changed (a merge, an NPI check): what index updates look for.
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when an admin merged this record into another: it is hidden, its sources moved there.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id"))

    organization: Mapped[Organization | None] = relationship(back_populates="clinics")
    practitioners: Mapped[list[Practitioner]] = relationship(
        secondary=clinic_practitioners, back_populates="clinics", order_by="Practitioner.name"
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="clinic", cascade="all, delete-orphan", order_by="Review.published.desc()"
    )
    field_sources: Mapped[list[FieldSource]] = relationship(
        back_populates="clinic", cascade="all, delete-orphan"
    )
    source_ratings: Mapped[list[SourceRating]] = relationship(
        back_populates="clinic", cascade="all, delete-orphan", order_by="SourceRating.source"
    )

    @property
    def credentials(self) -> list[str]:
        """Credentials held by anyone on staff, each once."""
        seen: list[str] = []
        for person in self.practitioners:
            for token in person.credentials or []:
                if token not in seen:
                    seen.append(token)
        return seen


class Practitioner(Base):
    __tablename__ = "practitioners"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[list[str]] = mapped_column(JSON, default=list)
    npi: Mapped[str | None] = mapped_column(String(10), unique=True)
    npi_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the NPI registry says this person practises, and where and when that was checked.
    npi_taxonomy: Mapped[str | None] = mapped_column(String(200))
    npi_source_url: Mapped[str | None] = mapped_column(String(500))
    npi_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    license_state: Mapped[str | None] = mapped_column(String(2))
    clinics: Mapped[list[Clinic]] = relationship(
        secondary=clinic_practitioners, back_populates="practitioners"
    )


class Review(Base):
    """A review as its source showed it; the same review seen twice at one source is one row."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("clinic_id", "source", "content_hash", name="uq_review_clinic_source_hash"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="ck_rating"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(100))
    source_url: Mapped[str] = mapped_column(String(500))
    author: Mapped[str | None] = mapped_column(String(200))
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Other sources that showed the same review: it is counted once, wherever it was seen.
    also_seen_on: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A moderator hid it (and why): it is kept, shown to no patient and counted in no rating.
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    clinic: Mapped[Clinic] = relationship(back_populates="reviews")


class SourceRating(Base):
    """A source's own aggregate ("4.6 from 212 reviews"), kept per source beside the combined one."""

    __tablename__ = "source_ratings"
    __table_args__ = (
        UniqueConstraint("clinic_id", "source", name="uq_source_rating"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="ck_source_rating"),
        CheckConstraint("review_count >= 0", name="ck_source_review_count"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(100))
    source_url: Mapped[str] = mapped_column(String(500))
    rating: Mapped[float] = mapped_column(Float)
    review_count: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    clinic: Mapped[Clinic] = relationship(back_populates="source_ratings")


class FieldSource(Base):
    """Provenance: which page said what about one field of a clinic, and when it was last seen.

    ``value_since`` is when this source began saying its current value (a re-fetch that says the
    same is not news); ``retired_at`` is set when the page, crawled again, no longer states the
    fact: the row stays as history and no longer speaks for the clinic. ``evidence`` holds the
    sentences that state it: ``[{"url", "quote", "value"?}]``, ``value`` naming the list item.
    """

    __tablename__ = "field_sources"
    __table_args__ = (UniqueConstraint("clinic_id", "field", "source_url", name="uq_field_source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(50))
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    source_url: Mapped[str] = mapped_column(String(500))
    spider: Mapped[str] = mapped_column(String(50))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    value_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    evidence: Mapped[list[dict] | None] = mapped_column(JSON)
    clinic: Mapped[Clinic] = relationship(back_populates="field_sources")


class CrawlSource(Base):
    """A place the crawler is allowed to visit, as an admin configured it.

    ``schedule`` is "hourly", "daily", "weekly" or None (run only when asked); ``next_run_at``
    is when the worker queues it next. ``politeness`` is what the last run saw of the sites'
    rules: ``{"robots": {host: verdict}, "crawl_delay_s", "user_agent", "checked_at"}``.
    """

    __tablename__ = "crawl_sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    spider: Mapped[str] = mapped_column(String(50))
    start_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Hosts (and their subdomains) the crawl may visit; by default the start URLs' hosts.
    allowed_domains: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    page_limit: Mapped[int | None] = mapped_column(Integer)
    schedule: Mapped[str | None] = mapped_column(String(10))
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    politeness: Mapped[dict | None] = mapped_column(JSON)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CrawlJob(Base):
    """One queued or finished run of a spider; the worker claims queued jobs.

    ``stats`` holds the crawl's figures, live while it runs and final when it ends. A running
    job's worker touches ``heartbeat_at``; one whose heartbeat stops is failed and, when it is
    not itself a retry, queued again once (``retry_of_id``) in the same ``jobdir``.
    """

    __tablename__ = "crawl_jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="ck_job_status"
        ),
        # A source never has two jobs waiting: the database refuses the second.
        Index("uq_one_queued_job_per_source", "source_id", unique=True,
              sqlite_where=text("status = 'queued'"), postgresql_where=text("status = 'queued'")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_sources.id"))
    spider: Mapped[str] = mapped_column(String(50))
    args: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    pid: Mapped[int | None] = mapped_column(Integer)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    worker_id: Mapped[str | None] = mapped_column(String(100))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retry_of_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_jobs.id"))
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    log_path: Mapped[str | None] = mapped_column(String(500))
    jobdir: Mapped[str | None] = mapped_column(String(500))
    # Who queued it: an admin's email, "schedule", "cli" or "retry".
    queued_by: Mapped[str | None] = mapped_column(String(254))
    source: Mapped[CrawlSource | None] = relationship()


class AdminUser(Base):
    """An operator's login. ``session_version`` is part of every session cookie issued to this
    admin; raising it (sign-out, new password) turns every earlier cookie away."""

    __tablename__ = "admin_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # "admin" manages sources, users and API keys; "editor" moderates.
    role: Mapped[str] = mapped_column(String(10), default="admin", server_default="admin")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when an admin removes this operator's access; the row stays so its id is never reused.
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiKey(Base):
    """A partner's key; only its hash is stored, the prefix lets an admin tell keys apart."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CorrectionRequest(Base):
    """A visitor's suggestion that a listing is wrong, kept for an admin to review."""

    __tablename__ = "correction_requests"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'accepted', 'rejected')", name="ck_correction_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    field: Mapped[str | None] = mapped_column(String(50))
    message: Mapped[str] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The sender's link to its status page; unguessable, so the page needs no sign-in.
    public_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(254))


class AuditEntry(Base):
    """One admin action: who, what, when, and the values before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class Alert(Base):
    """Something the admins must hear about: a failed job, or figures far from the last run."""

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_jobs.id"))
    kind: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
