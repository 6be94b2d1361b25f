"""Crawls on Scrapyd (CRAWL_BACKEND=scrapyd): the project deployed as an egg to a real Scrapyd on
127.0.0.1, the worker scheduling its jobs there, and the job pages showing their status, figures
and log as for a crawl run beside the worker; a cancel stops the crawl cleanly."""
import json
import re
import threading
import time

import pytest
from sqlalchemy import func, select

from admin_accounts import ADMIN
from clinics import db
from clinics.models import Clinic, CrawlJob
from clinics.scrapyd_api import ScrapydNode
from clinics.sources import SPIDERS
from clinics.worker import Worker
from scrapyd_node import running_scrapyd, scrapyd_env

WAIT_S = 60


@pytest.fixture
def scrapyd_url(place, tmp_path, monkeypatch):
    """A Scrapyd sharing the test's database, with the project deployed; the worker's settings
    point at it."""
    env = scrapyd_env(tmp_path / "scrapyd_var", place.database_url)
    with running_scrapyd(tmp_path / "scrapyd", env) as url:
        monkeypatch.setenv("CRAWL_BACKEND", "scrapyd")
        monkeypatch.setenv("SCRAPYD_URL", url)
        yield url


def _signed_in(app):
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/admin/login", data={"email": ADMIN[0], "password": ADMIN[1],
                                             "csrf_token": token}).status_code == 302
    return client, token


def _deployed(runner) -> None:
    deployed = runner.invoke(args=["scrapyd", "deploy"])
    assert deployed.exit_code == 0, deployed.output
    assert int(re.search(r"(\d+) spiders\.", deployed.output).group(1)) >= len(SPIDERS)


def _queued(runner, url: str, *options: str) -> int:
    added = runner.invoke(args=["sources", "add", "Sample", "--spider", "clinic_site", "--url",
                                url + "/", "--demo", *options])
    assert added.exit_code == 0, added.output
    return int(runner.invoke(args=["crawl", "Sample"]).stdout.strip())


def _scrapyd_jobs(url: str, state: str) -> list[dict]:
    return ScrapydNode(url)._call("GET", "listjobs.json?project=crawler")[state]


def test_a_job_runs_on_scrapyd_and_its_page_shows_status_figures_and_log(
        admin_app, place, scrapyd_url, scratch_sample_web_url, tmp_path):
    app = admin_app()
    runner = app.test_cli_runner()
    _deployed(runner)
    job_id = _queued(runner, scratch_sample_web_url, "--page-limit", "25")

    started = time.monotonic()
    ran = runner.invoke(args=["worker", "--once"])
    assert ran.exit_code == 0, ran.output
    assert time.monotonic() - started < WAIT_S

    shown = json.loads(runner.invoke(args=["jobs", "show", str(job_id), "--json"]).stdout)
    assert shown["status"] == "done" and shown["error"] is None, shown
    figures = shown["stats"]
    assert figures["pages_fetched"] >= 25 and figures["items_scraped"] >= 1
    assert figures["errors"] == 0 and figures["pages_per_minute"] > 0
    assert shown["index"]["indexed"] >= 1
    with db.session_scope(place.database_url) as session:
        job = session.get(CrawlJob, job_id)
        stored = session.scalar(select(func.count(Clinic.id)))
        assert job.stats["finish_reason"] == "closespider_pagecount"
        assert job.stats["politeness/user_agent"].startswith("ClinicDirectoryBot/")
        assert stored == figures["clinics_added"] > 0
        assert job.source.politeness["robots"] == {
            scratch_sample_web_url.removeprefix("http://"): "allowed"}

    [finished] = _scrapyd_jobs(scrapyd_url, "finished")
    assert finished["id"].startswith(f"job-{job_id}-") and finished["spider"] == "clinic_site"

    client, _ = _signed_in(app)
    page = client.get(f"/admin/jobs/{job_id}").get_data(as_text=True)
    assert '<span class="job-status">done</span>' in page
    assert f'<dd id="pages-fetched">{figures["pages_fetched"]}</dd>' in page
    assert f'<dd id="clinics-added">{stored}</dd>' in page
    assert "Spider closed (closespider_pagecount)" in page
    with open(shown["log_path"], encoding="utf-8") as log:
        assert log.readline().startswith(f"Scrapyd job {finished['id']} on {scrapyd_url}/logs/")
    assert not (tmp_path / "offline_violations.txt").exists()


def test_cancelling_a_job_on_scrapyd_from_its_page_stops_the_crawl_cleanly(
        admin_app, place, scrapyd_url, scratch_sample_web_url):
    app = admin_app()
    runner = app.test_cli_runner()
    _deployed(runner)
    job_id = _queued(runner, scratch_sample_web_url)
    client, token = _signed_in(app)
    worker = Worker(place.database_url)
    ran = threading.Thread(target=worker.run, kwargs={"once": True})
    ran.start()
    try:
        deadline = time.monotonic() + WAIT_S
        while True:
            with db.session_scope(place.database_url) as session:
                scraped = (session.get(CrawlJob, job_id).stats or {}).get("item_scraped_count", 0)
            if scraped >= 2:
                break
            assert time.monotonic() < deadline, "the crawl's figures never reached its job"
            time.sleep(0.2)
        page = client.get(f"/admin/jobs/{job_id}").get_data(as_text=True)
        assert '<span class="job-status">running</span>' in page and "Figures so far" in page
        assert client.post(f"/admin/jobs/{job_id}/cancel",
                           data={"csrf_token": token}).status_code == 302
        ran.join(timeout=WAIT_S)
        assert not ran.is_alive()
    finally:
        worker.stop_requested.set()
        ran.join(timeout=WAIT_S)
    with db.session_scope(place.database_url) as session:
        job = session.get(CrawlJob, job_id)
        stored = session.scalar(select(func.count(Clinic.id)))
        assert job.status == "cancelled" and job.error is None
        assert job.stats["finish_reason"] == "shutdown"
        assert stored == job.stats.get("ingest/created", 0) > 0
    [finished] = _scrapyd_jobs(scrapyd_url, "finished")
    assert finished["id"].startswith(f"job-{job_id}-")
    page = client.get(f"/admin/jobs/{job_id}").get_data(as_text=True)
    assert '<span class="job-status">cancelled</span>' in page
