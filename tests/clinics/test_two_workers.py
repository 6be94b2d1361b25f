"""Two worker processes share one PostgreSQL queue: each of 30 jobs runs exactly once."""
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from clinics import db
from clinics.models import CrawlJob
from crawl_process import subprocess_env

QUICK_WORKER = Path(__file__).with_name("quick_worker.py")


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_two_workers_run_each_of_thirty_jobs_exactly_once(database_url, tmp_path):
    with db.session_scope(database_url) as session:
        session.add_all(CrawlJob(spider="clinic_site", args={}, status="queued", stats={})
                        for _ in range(30))
    ledger = tmp_path / "ran.txt"
    env = subprocess_env(tmp_path / "var", WORKER_HEARTBEAT_S="0.05",
                         CRAWL_NICENESS="0")
    workers = [subprocess.Popen([sys.executable, str(QUICK_WORKER), database_url, str(ledger)],
                                env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    counts = [int(worker.communicate(timeout=120)[0].strip()) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0]
    runs = [line.split() for line in ledger.read_text().splitlines()]
    per_job = Counter(int(job_id) for job_id, _ in runs)
    with db.session_scope(database_url) as session:
        rows = session.scalars(select(CrawlJob).order_by(CrawlJob.id)).all()
        assert sorted(per_job) == [row.id for row in rows]
        assert set(per_job.values()) == {1}, "a job ran twice"
        assert {row.status for row in rows} == {"done"}
        by_worker = Counter(row.worker_id for row in rows)
    assert sum(counts) == 30 and len(by_worker) == 2 and min(by_worker.values()) > 0
    assert Counter(worker_id for _, worker_id in runs) == by_worker
