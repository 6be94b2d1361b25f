"""Crawls on Scrapyd (CRAWL_BACKEND=scrapyd): the project deployed as an egg to a real Scrapyd on
127.0.0.1, the worker scheduling its jobs there, and the job pages showing their status, figures
and log as for a crawl run beside the worker; a cancel stops the crawl cleanly, and a crawl whose
job is no longer its own stops by itself."""
import json
import re
import threading
import time

import pytest
from sqlalchemy import func, select

from admin_accounts import ADMIN
from clinics import db, jobs
from clinics.models import Clinic, CrawlJob
from clinics.scrapyd_api import ScrapydNode
from clinics.sources import SPIDERS
from clinics.worker import Worker
from scrapyd_node import running_scrapyd, scrapyd_env, with_credentials

WAIT_S = 60
# Crawls that are stopped part-way fetch a few pages at a time, so little is in flight to finish.
FEW_AT_A_TIME = {"CONCURRENT_REQUESTS": "4", "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}


@pytest.fixture
def scrapyd_url(place, tmp_path, monkeypatch):
    """A Scrapyd sharing the test's database, behind basic authentication; the worker's
    settings point at it, credentials in SCRAPYD_URL. Yields its URL without them."""
    env = scrapyd_env(tmp_path / "scrapyd_var", place.database_url)
    with running_scrapyd(tmp_path / "scrapyd", env) as url:
        monkeypatch.setenv("CRAWL_BACKEND", "scrapyd")
        monkeypatch.setenv("SCRAPYD_URL", with_credentials(url))
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
    return _crawl(runner)


def _crawl(runner) -> int:
    return int(runner.invoke(args=["crawl", "Sample"]).stdout.strip())


def _shown(runner, job_id: int) -> dict:
    return json.loads(runner.invoke(args=["jobs", "show", str(job_id), "--json"]).stdout)


def _scrapyd_jobs(url: str, state: str) -> list[dict]:
    return ScrapydNode(with_credentials(url)).list_jobs("crawler")[state]


def test_once_deployed_a_job_runs_on_scrapyd_and_its_page_shows_status_figures_and_log(
        admin_app, place, scrapyd_url, scratch_sample_web_url, tmp_path, monkeypatch):
    app = admin_app()
    runner = app.test_cli_runner()
    status = runner.invoke(args=["scrapyd", "status"])
    assert status.exit_code == 0 and status.output.startswith(f"{scrapyd_url}\tpending 0\t")
    job_id = _queued(runner, scratch_sample_web_url, "--page-limit", "25")
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    shown = _shown(runner, job_id)
    assert shown["status"] == "failed"
    assert shown["error"] == (f"Scrapyd could not take the crawl: {scrapyd_url} has no version "
                              "of the project crawler; deploy it with `flask --app webapp "
                              "scrapyd deploy`")
    with monkeypatch.context() as without_credentials:
        without_credentials.setenv("SCRAPYD_URL", scrapyd_url)
        refused = runner.invoke(args=["scrapyd", "deploy"])
        assert refused.exit_code != 0 and "answered 401" in refused.output

    _deployed(runner)
    job_id = _crawl(runner)

    ran = runner.invoke(args=["worker", "--once"])
    assert ran.exit_code == 0, ran.output

    shown = _shown(runner, job_id)
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


def _when(database_url: str, job_id: int, stat: str, at_least: int) -> None:
    """Wait until the crawl has written ``stat`` >= ``at_least`` into its job record."""
    deadline = time.monotonic() + WAIT_S
    while True:
        with db.session_scope(database_url) as session:
            if (session.get(CrawlJob, job_id).stats or {}).get(stat, 0) >= at_least:
                return
        assert time.monotonic() < deadline, f"{stat} never reached {at_least} in job {job_id}"
        time.sleep(0.2)


def _ran(thread: threading.Thread, worker: Worker) -> None:
    try:
        thread.join(timeout=WAIT_S)
        assert not thread.is_alive()
    finally:
        worker.stop_requested.set()
        thread.join(timeout=WAIT_S)


def test_a_crawl_whose_job_is_taken_from_it_closes_itself_and_a_cancel_closes_one_cleanly(
        admin_app, place, scrapyd_url, scratch_sample_web_url):
    """The job of a running crawl is failed and queued again (as when its worker dies): the
    crawl on Scrapyd stops rather than write behind the retry's back, as a local crawl dies
    with its worker. The retry, cancelled from its page, closes cleanly; what it stored stays."""
    app = admin_app()
    runner = app.test_cli_runner()
    _deployed(runner)
    job_id = _queued(runner, scratch_sample_web_url)
    worker = Worker(place.database_url, crawl_settings=FEW_AT_A_TIME)
    with db.session_scope(place.database_url) as session:
        assert jobs.claim(session, worker.worker_id).id == job_id
    outcome = []
    first = threading.Thread(target=lambda: outcome.append(worker.run_job(job_id)))
    first.start()
    try:
        deadline = time.monotonic() + WAIT_S
        while not _scrapyd_jobs(scrapyd_url, "running"):
            assert time.monotonic() < deadline, "Scrapyd never started the crawl"
            time.sleep(0.2)
        with db.session_scope(place.database_url) as session:
            [(failed, retry_id)] = jobs.reap_dead(session, dead_after_s=-60)
    finally:
        _ran(first, worker)
    assert outcome == ["failed"] and failed == job_id and retry_id is not None
    with db.session_scope(place.database_url) as session:
        job = session.get(CrawlJob, job_id)
        assert job.error == "its worker stopped answering; the crawl was cut short"
    with open(job.log_path, encoding="utf-8") as log:
        assert "Spider closed (job_no_longer_running)" in log.read()

    client, token = _signed_in(app)
    worker = Worker(place.database_url, crawl_settings=FEW_AT_A_TIME)
    second = threading.Thread(target=worker.run, kwargs={"once": True})
    second.start()
    try:
        _when(place.database_url, retry_id, "item_scraped_count", 2)
        page = client.get(f"/admin/jobs/{retry_id}").get_data(as_text=True)
        assert '<span class="job-status">running</span>' in page and "Figures so far" in page
        assert client.post(f"/admin/jobs/{retry_id}/cancel",
                           data={"csrf_token": token}).status_code == 302
    finally:
        _ran(second, worker)
    with db.session_scope(place.database_url) as session:
        retry = session.get(CrawlJob, retry_id)
        stored = session.scalar(select(func.count(Clinic.id)))
        assert retry.status == "cancelled" and retry.error is None
        assert retry.stats["finish_reason"] == "shutdown"
        assert stored >= retry.stats.get("ingest/created", 0)
        assert stored > 0 and retry.stats["item_scraped_count"] >= 2
    page = client.get(f"/admin/jobs/{retry_id}").get_data(as_text=True)
    assert '<span class="job-status">cancelled</span>' in page
    assert f'<dd id="items-scraped">{retry.stats["item_scraped_count"]}</dd>' in page
    assert len(_scrapyd_jobs(scrapyd_url, "finished")) == 2
    assert _scrapyd_jobs(scrapyd_url, "running") == []
