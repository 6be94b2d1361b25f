"""Four worker processes share one PostgreSQL queue: each of 40 jobs is claimed once, run once
and finished once, every worker takes a share, and no job is left queued or running."""
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from clinics import db
from clinics.models import CrawlJob
from crawl_process import subprocess_env

QUICK_WORKER = Path(__file__).with_name("quick_worker.py")
WORKERS = 4
JOBS = 40
READY_WAIT_S = 60


@contextmanager
def started_workers(database_url: str, tmp_path: Path):
    """Start the workers, and once all are ready, let them go at the same moment; whatever
    happens in the test, no worker outlives it and no pipe is left open."""
    events, start = tmp_path / "events.txt", tmp_path / "start"
    env = subprocess_env(tmp_path / "var", WORKER_HEARTBEAT_S="1", CRAWL_NICENESS="0")
    argv = [sys.executable, str(QUICK_WORKER), database_url, str(tmp_path / "ran.txt"),
            str(events), str(start)]
    workers = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
               for _ in range(WORKERS)]
    try:
        deadline = time.monotonic() + READY_WAIT_S
        while len(read_events(events)["ready"]) < WORKERS:
            assert time.monotonic() < deadline, "the workers never got ready"
            assert all(worker.poll() is None for worker in workers), "a worker died at start"
            time.sleep(0.02)
        start.touch()
        yield workers, events
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
            worker.stdout.close()


def read_events(events: Path) -> dict[str, list[list[str]]]:
    """Each kind of event ("ready", "claimed", "finished") with the rest of its lines' words."""
    found: dict[str, list[list[str]]] = {"ready": [], "claimed": [], "finished": []}
    if events.exists():
        for line in events.read_text(encoding="utf-8").splitlines():
            kind, *rest = line.split()
            found[kind].append(rest)
    return found


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_four_workers_run_each_of_forty_jobs_exactly_once(database_url, tmp_path):
    with db.session_scope(database_url) as session:
        session.add_all(CrawlJob(spider="clinic_site", args={}, status="queued", stats={})
                        for _ in range(JOBS))
    with started_workers(database_url, tmp_path) as (workers, events):
        counts = [int(worker.communicate(timeout=120)[0].strip()) for worker in workers]
        assert [worker.returncode for worker in workers] == [0] * WORKERS
    found = read_events(events)
    claimed = Counter(int(job_id) for job_id, _ in found["claimed"])
    finished = Counter((int(job_id), status) for job_id, status, _ in found["finished"])
    ran = Counter(int(line.split()[0])
                  for line in (tmp_path / "ran.txt").read_text().splitlines())
    with db.session_scope(database_url) as session:
        rows = session.scalars(select(CrawlJob).order_by(CrawlJob.id)).all()
        job_ids = [row.id for row in rows]
        assert len(job_ids) == JOBS
        assert claimed == Counter(job_ids), "a job was claimed twice, or never"
        assert ran == Counter(job_ids), "a job ran twice, or never"
        assert finished == Counter((job_id, "done") for job_id in job_ids)
        assert [row.status for row in rows] == ["done"] * JOBS, "a job was left behind"
        assert all(row.finished_at is not None for row in rows)
        by_worker = Counter(row.worker_id for row in rows)
    assert sum(counts) == JOBS and len(by_worker) == WORKERS, by_worker
    assert by_worker == Counter(worker_id for _, worker_id in found["claimed"])
