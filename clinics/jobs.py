"""The crawl-job queue: queue a source's crawl, claim the next job, record a running job's
heartbeat and figures, finish it, and fail (then queue once more) a job whose worker died.

Claiming is one atomic step on every database: ``SELECT ... FOR UPDATE SKIP LOCKED`` lets
workers on PostgreSQL pass over a row another is taking, and the conditional UPDATE
(``WHERE status = 'queued'``) makes sure only one of them ever wins it. A partial unique index
keeps a source from having two queued jobs.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinics.models import CrawlJob, CrawlSource
from clinics.sources import SPIDERS, next_run

FINISHED = ("done", "failed", "cancelled")


class JobError(ValueError):
    """A job request that cannot be met; the message says why."""


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def spider_arguments(source: CrawlSource) -> dict[str, str]:
    """The ``-a`` arguments of a source's crawl."""
    urls = list(source.start_urls)
    args = ({"start_urls": " ".join(urls)} if SPIDERS.get(source.spider) == "list"
            else {"start_url": urls[0]})
    if source.allowed_domains:
        args["allowed_domains"] = ",".join(source.allowed_domains)
    if source.is_demo:
        args["demo"] = "1"
    return args


def queued_job(session: Session, source_id: int) -> CrawlJob | None:
    return session.scalar(select(CrawlJob).where(CrawlJob.source_id == source_id,
                                                 CrawlJob.status == "queued"))


def enqueue(session: Session, source: CrawlSource, queued_by: str,
            retry_of: CrawlJob | None = None) -> tuple[CrawlJob, bool]:
    """Queue a crawl of the source and commit: (the job, True), or (the job already waiting,
    False). Commits, so call it with no other change pending."""
    if not source.enabled:
        raise JobError(f"The source “{source.name}” is disabled; enable it first.")
    waiting = queued_job(session, source.id)
    if waiting is not None:
        return waiting, False
    job = CrawlJob(source_id=source.id, spider=source.spider, args=spider_arguments(source),
                   status="queued", stats={}, queued_by=queued_by, created_at=now_utc(),
                   retry_of_id=retry_of.id if retry_of else None,
                   jobdir=retry_of.jobdir if retry_of else None)
    session.add(job)
    try:
        session.commit()
    except IntegrityError:
        # Another process queued one in between: the unique index kept it to one.
        session.rollback()
        return queued_job(session, source.id), False
    return job, True


def claim(session: Session, worker_id: str) -> CrawlJob | None:
    """Take the oldest queued job for this worker (committed as running), or None."""
    while True:
        job_id = session.scalar(
            select(CrawlJob.id).where(CrawlJob.status == "queued").order_by(CrawlJob.id)
            .limit(1).with_for_update(skip_locked=True))
        if job_id is None:
            session.rollback()
            return None
        moment = now_utc()
        taken = session.execute(
            update(CrawlJob).where(CrawlJob.id == job_id, CrawlJob.status == "queued")
            .values(status="running", worker_id=worker_id, started_at=moment,
                    heartbeat_at=moment))
        session.commit()
        if taken.rowcount == 1:
            return session.get(CrawlJob, job_id, populate_existing=True)


def heartbeat(session: Session, job_id: int, worker_id: str, stats: dict | None) -> bool:
    """Record that the job's worker is alive (and its figures so far); True when an admin has
    asked for it to be cancelled."""
    values = {"heartbeat_at": now_utc()}
    if stats:
        values["stats"] = stats
    session.execute(update(CrawlJob).where(CrawlJob.id == job_id,
                                           CrawlJob.worker_id == worker_id,
                                           CrawlJob.status == "running").values(**values))
    session.commit()
    return bool(session.scalar(select(CrawlJob.cancel_requested).where(CrawlJob.id == job_id)))


def record_stats(session: Session, job_id: int, worker_id: str, stats: dict) -> bool:
    """Store a running job's figures, as written by its crawl itself when it runs away from
    its worker (on a Scrapyd node). False when the job is no longer running for that worker
    (finished, or failed and retried by another): the crawl should then stop."""
    written = session.execute(
        update(CrawlJob).where(CrawlJob.id == job_id, CrawlJob.worker_id == worker_id,
                               CrawlJob.status == "running").values(stats=stats))
    session.commit()
    return written.rowcount == 1


def finish(session: Session, job_id: int, worker_id: str, status: str, stats: dict,
           error: str | None) -> bool:
    """Close a running job; False when it was no longer this worker's (it was reaped)."""
    assert status in FINISHED
    done = session.execute(
        update(CrawlJob).where(CrawlJob.id == job_id, CrawlJob.worker_id == worker_id,
                               CrawlJob.status == "running")
        .values(status=status, stats=stats, error=error, finished_at=now_utc()))
    session.commit()
    return done.rowcount == 1


def request_cancel(session: Session, job: CrawlJob) -> str:
    """Cancel a queued job at once; ask a running one's worker to stop its crawl cleanly.
    Returns the job's status afterwards. The caller commits."""
    if job.status == "queued":
        job.status, job.finished_at, job.error = "cancelled", now_utc(), "cancelled before it ran"
    elif job.status == "running":
        job.cancel_requested = True
    return job.status


def retry_once(session: Session, job: CrawlJob) -> CrawlJob | None:
    """Queue a failed job again, in the same job directory, unless it was itself a retry."""
    if job.retry_of_id is not None or job.source is None or not job.source.enabled:
        return None
    retry, created = enqueue(session, job.source, "retry", retry_of=job)
    return retry if created else None


def reap_dead(session: Session, dead_after_s: float) -> list[tuple[int, int | None]]:
    """Fail every running job whose heartbeat is older than ``dead_after_s`` and queue it once
    more; returns (failed job id, retry job id or None) pairs."""
    limit = now_utc() - timedelta(seconds=dead_after_s)
    reaped = []
    for job_id in session.scalars(select(CrawlJob.id).where(CrawlJob.status == "running",
                                                            CrawlJob.heartbeat_at < limit)):
        failed = session.execute(
            update(CrawlJob).where(CrawlJob.id == job_id, CrawlJob.status == "running",
                                   CrawlJob.heartbeat_at < limit)
            .values(status="failed", finished_at=now_utc(),
                    error="its worker stopped answering; the crawl was cut short"))
        session.commit()
        if failed.rowcount == 1:
            retry = retry_once(session, session.get(CrawlJob, job_id, populate_existing=True))
            reaped.append((job_id, retry.id if retry else None))
    return reaped


def queue_due(session: Session, moment: datetime | None = None) -> list[int]:
    """Queue every enabled source whose scheduled run is due; a run missed while no worker
    ran is queued once, and the next one is counted from now. Returns the jobs queued."""
    moment = moment or now_utc()
    queued = []
    due = session.scalars(select(CrawlSource).where(
        CrawlSource.enabled.is_(True), CrawlSource.schedule.is_not(None),
        CrawlSource.next_run_at <= moment)).all()
    for source in due:
        source.next_run_at = next_run(source.schedule, moment)
        session.commit()
        job, created = enqueue(session, source, "schedule")
        if created:
            queued.append(job.id)
    return queued
