"""A worker killed with SIGKILL mid-crawl: its crawl dies with it, the next worker fails the job
and queues it once more, and the retry resumes in the same job directory and finishes with the
data consistent (no clinic stored twice, nothing dangling)."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone

from sqlalchemy import select

from clinics import db
from clinics.db import sqlite_path
from clinics.models import Clinic, CrawlJob
from databases import is_sqlite

FLASK = [sys.executable, "-m", "flask", "--app", "webapp"]
DEAD_AFTER_S = 1
PAGE_LIMIT = 800


def _age_s(moment: datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return (datetime.now(timezone.utc) - moment).total_seconds()


def _flask(place, *args, **env):
    return subprocess.run([*FLASK, *args], env={**os.environ, "DATABASE_URL": place.database_url,
                                                 "CLINICS_INDEX_DIR": str(place.index_dir), **env},
                          capture_output=True, text=True, timeout=120)


def _job(place, job_id):
    with db.session_scope(place.database_url) as session:
        return session.scalars(select(CrawlJob).where(CrawlJob.id == job_id)
                               .execution_options(populate_existing=True)).one()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_killed_worker_leaves_its_job_failed_and_queued_again(place, scratch_sample_web_url):
    assert _flask(place, "sources", "add", "Sample", "--spider", "clinic_site", "--url",
                  scratch_sample_web_url + "/", "--page-limit", str(PAGE_LIMIT),
                  "--demo").returncode == 0
    job_id = int(_flask(place, "crawl", "Sample").stdout)
    # Figures every 0.2 s, and more pages than the crawl reads before they show 3 items: the
    # crawl is still running when its worker is killed.
    worker = subprocess.Popen([*FLASK, "worker"], env={
        **os.environ, "DATABASE_URL": place.database_url,
        "CLINICS_INDEX_DIR": str(place.index_dir), "CRAWL_LIVE_STATS_S": "0.2"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while (_job(place, job_id).stats or {}).get("item_scraped_count", 0) < 3:
            assert time.monotonic() < deadline and worker.poll() is None, "the crawl never began"
            time.sleep(0.2)
        crawl_pid = _job(place, job_id).pid
        assert _alive(crawl_pid), "the crawl ended before its worker was killed"
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    deadline = time.monotonic() + 20
    while _alive(crawl_pid):
        assert time.monotonic() < deadline, "the crawl outlived its worker"
        time.sleep(0.1)
    assert _job(place, job_id).status == "running", "nobody has noticed yet"
    # The next worker judges the job dead once its last heartbeat is older than 1 s.
    beat = _job(place, job_id).heartbeat_at
    while beat is not None and _age_s(beat) <= DEAD_AFTER_S:
        time.sleep(0.1)

    after = _flask(place, "worker", "--once", WORKER_DEAD_AFTER_S=str(DEAD_AFTER_S))
    assert after.returncode == 0, after.stderr
    failed = _job(place, job_id)
    assert failed.status == "failed" and "stopped answering" in failed.error
    with db.session_scope(place.database_url) as session:
        retry = session.scalar(select(CrawlJob).where(CrawlJob.retry_of_id == job_id))
        assert retry.status == "done", retry.error
        assert retry.jobdir == failed.jobdir
        websites = session.scalars(select(Clinic.website)).all()
        assert len(websites) == len(set(websites)) > 0, "a clinic was stored twice"
    with open(retry.log_path, encoding="utf-8") as log:
        assert "did not close" in log.read()
    if is_sqlite(place.database_url):  # PostgreSQL enforces its foreign keys as it writes
        with sqlite3.connect(sqlite_path(place.database_url)) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
