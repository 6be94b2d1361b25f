"""Cancel: the running crawl gets Scrapy's clean-stop signal, closes, and the job says cancelled;
what it stored stays stored."""
import threading
import time

from sqlalchemy import func, select

from clinics import db, jobs
from clinics.models import Clinic, CrawlJob
from clinics.sources import SourceSpec, add_source
from clinics.worker import Worker


def test_cancelling_a_running_job_stops_its_crawl_cleanly(place, scratch_sample_web_url):
    with db.session_scope(place.database_url) as session:
        spec = SourceSpec("Sample", "clinic_site", [scratch_sample_web_url + "/"], demo=True)
        source = add_source(session, spec, allow_private=True)
        session.commit()
        job_id = jobs.enqueue(session, source, "test")[0].id
    worker = Worker(place.database_url)
    ran = threading.Thread(target=worker.run, kwargs={"once": True})
    ran.start()
    try:
        deadline = time.monotonic() + 90
        while True:
            with db.session_scope(place.database_url) as session:
                job = session.get(CrawlJob, job_id)
                if (job.stats or {}).get("item_scraped_count", 0) >= 2:
                    jobs.request_cancel(session, job)
                    break
            assert time.monotonic() < deadline, "the crawl never began"
            time.sleep(0.2)
        ran.join(timeout=90)
    finally:
        worker.stop_requested.set()
        ran.join(timeout=90)
    with db.session_scope(place.database_url) as session:
        job = session.get(CrawlJob, job_id)
        stored = session.scalar(select(func.count(Clinic.id)))
        assert job.status == "cancelled" and job.error is None
        assert job.stats["finish_reason"] == "shutdown"
        assert stored == job.stats.get("ingest/created", 0) > 0
