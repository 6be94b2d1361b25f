"""The crawl-job queue on real SQLite and PostgreSQL: one queued job per source, atomic claims,
dead workers' jobs failed and queued once more, schedules that queue a missed run once."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from clinics import db, jobs
from clinics.models import CrawlJob
from clinics.provenance import aware
from clinics.sources import SourceError, SourceSpec, add_source, validate


@pytest.fixture
def session(db_url):
    """On the run's engine; the claim race on PostgreSQL is test_two_workers' to run."""
    with db.session_scope(db_url) as s:
        yield s


def _source(session, name="Sites", **extra):
    spec = SourceSpec(name, "clinic_site", ["https://93.184.215.14/"], **extra)
    source = add_source(session, spec, allow_private=False)
    session.commit()
    return source


def test_a_source_never_has_two_queued_jobs(session):
    source = _source(session)
    first, created = jobs.enqueue(session, source, "cli")
    again, created_again = jobs.enqueue(session, source, "cli")
    assert created and not created_again and again.id == first.id
    assert first.args == {"start_urls": "https://93.184.215.14/",
                          "allowed_domains": "93.184.215.14"} and first.status == "queued"
    with pytest.raises(Exception):
        session.add(CrawlJob(source_id=source.id, spider="clinic_site", status="queued"))
        session.commit()
    session.rollback()


def test_a_claimed_job_is_running_and_no_one_claims_it_again(session):
    source = _source(session)
    queued, _ = jobs.enqueue(session, source, "cli")
    claimed = jobs.claim(session, "worker-a")
    assert claimed.id == queued.id and claimed.status == "running"
    assert claimed.worker_id == "worker-a" and claimed.heartbeat_at is not None
    assert jobs.claim(session, "worker-b") is None
    assert jobs.finish(session, queued.id, "worker-b", "done", {}, None) is False
    assert jobs.finish(session, queued.id, "worker-a", "done", {"item_scraped_count": 3}, None)


def test_a_job_whose_worker_died_is_failed_and_queued_once_more(session):
    source = _source(session)
    jobs.enqueue(session, source, "cli")
    dead = jobs.claim(session, "worker-a")
    dead.jobdir = "/var/jobs/1/jobdir"
    session.execute(update(CrawlJob).where(CrawlJob.id == dead.id).values(
        heartbeat_at=datetime.now(timezone.utc) - timedelta(minutes=5)))
    session.commit()
    [(failed_id, retry_id)] = jobs.reap_dead(session, dead_after_s=60)
    session.expire_all()
    failed, retry = session.get(CrawlJob, failed_id), session.get(CrawlJob, retry_id)
    assert failed.status == "failed" and "stopped answering" in failed.error
    assert retry.status == "queued" and retry.retry_of_id == failed.id
    assert retry.jobdir == "/var/jobs/1/jobdir", "the retry resumes in the same job directory"
    # The retry dies too: it is failed, and not queued a third time.
    jobs.claim(session, "worker-b")
    session.execute(update(CrawlJob).where(CrawlJob.id == retry.id).values(
        heartbeat_at=datetime.now(timezone.utc) - timedelta(minutes=5)))
    session.commit()
    assert jobs.reap_dead(session, dead_after_s=60) == [(retry.id, None)]
    assert session.scalar(select(CrawlJob).where(CrawlJob.status == "queued")) is None


def test_a_live_heartbeat_is_not_reaped(session):
    jobs.enqueue(session, _source(session), "cli")
    job = jobs.claim(session, "worker-a")
    assert jobs.heartbeat(session, job.id, "worker-a", {"item_scraped_count": 1}) is False
    assert jobs.reap_dead(session, dead_after_s=60) == []


def test_a_missed_scheduled_run_is_queued_once(session):
    source = _source(session, schedule="daily")
    created = datetime.now(timezone.utc)
    assert source.next_run_at is not None
    # The worker was away for a week: seven runs missed, one queued.
    week_later = created + timedelta(days=7)
    queued = jobs.queue_due(session, week_later)
    assert len(queued) == 1
    assert jobs.queue_due(session, week_later + timedelta(hours=1)) == []
    session.refresh(source)
    assert aware(source.next_run_at) == week_later + timedelta(days=1)
    # The next day's run is due while the first still waits: still one job queued.
    assert jobs.queue_due(session, week_later + timedelta(days=2)) == []
    assert len(session.scalars(select(CrawlJob).where(CrawlJob.status == "queued")).all()) == 1


def test_cancelling_a_queued_job_ends_it_and_a_running_one_is_asked_to_stop(session):
    source = _source(session)
    queued, _ = jobs.enqueue(session, source, "cli")
    assert jobs.request_cancel(session, queued) == "cancelled"
    session.commit()
    running, _ = jobs.enqueue(session, source, "cli")
    jobs.claim(session, "worker-a")
    session.refresh(running)
    assert jobs.request_cancel(session, running) == "running"
    session.commit()
    assert jobs.heartbeat(session, running.id, "worker-a", None) is True


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8001/", "http://localhost/", "http://10.1.2.3/", "http://192.168.0.5/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/", "ftp://93.184.215.14/", "file:///etc/passwd",
])
def test_a_source_pointing_inside_the_network_is_refused(url):
    with pytest.raises(SourceError, match="address|http or https|not a URL"):
        validate(SourceSpec("Inside", "clinic_site", [url]), allow_private=False)


def test_loopback_is_allowed_only_when_private_addresses_are():
    spec = SourceSpec("Sample web", "clinic_site", ["http://127.0.0.1:8001/"])
    assert validate(spec, allow_private=True).start_urls == ["http://127.0.0.1:8001/"]
