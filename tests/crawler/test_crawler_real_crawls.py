"""Real crawls against the served sample web: one site alone, the directory with the sites it
links, a second crawl that changes nothing, a crawl killed with SIGKILL and run again, and no
connection beyond loopback."""
from __future__ import annotations

import os
import signal
import subprocess
import time

from sqlalchemy import func, select

from clinics.db import session_scope
from clinics.models import Clinic, FieldSource
from crawl_process import (CRAWL_TIMEOUT_S, ROOT, crawl_argv, crawl_env, finished_run,
                           fresh_database)
from databases import copy_database, count_rows
from db_snapshot import differences, snapshot


def test_a_crawl_of_one_site_stores_that_clinic_only(db_url, truth, run_crawl):
    record = next(r for r in truth if r["style"] == "multipage")
    run = run_crawl("clinic_site", db_url, start_url=record["website"])
    assert run.returncode == 0, run.log[-3000:]
    with session_scope(db_url) as session:
        stored = session.execute(select(Clinic.website, Clinic.phone)).all()
    assert stored == [(record["website"], record["phone"])]


def test_the_directory_brings_its_listings_and_the_sites_they_link(db_url, sample_web_url,
                                                                   run_crawl):
    run = run_crawl("directory", db_url, start_url=sample_web_url + "/directory/",
                    max_result_pages="1")
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats["directory/result_pages"] == 1
    assert run.stats["clinic_site/locations"] > 0
    with session_scope(db_url) as session:
        spiders = set(session.scalars(select(FieldSource.spider).distinct()))
    assert spiders == {"directory", "clinic_site"}


def test_crawling_again_changes_nothing(crawled_db_url, sample_web_url, run_crawl,
                                        tmp_path_factory):
    again = fresh_database(tmp_path_factory, "again")
    copy_database(crawled_db_url, again)
    run = run_crawl("clinic_site", again, start_url=sample_web_url + "/")
    assert run.returncode == 0, run.log[-3000:]
    assert "ingest/created" not in run.stats
    assert differences(snapshot(again), snapshot(crawled_db_url)) == {}


def _clinics(database_url: str) -> int:
    return count_rows(database_url, Clinic.__table__)


def _crawl_until(database_url: str, var_dir, settings: tuple[str, ...], start_url: str,
                 stored: int) -> None:
    """Start a crawl and SIGKILL it, writer process included, once ``stored`` clinics are in."""
    process = subprocess.Popen(
        crawl_argv("clinic_site", var_dir / "killed.json", settings,
                   {"start_url": start_url, "demo": "1"}),
        cwd=ROOT, env=crawl_env(var_dir, database_url), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + CRAWL_TIMEOUT_S
    while _clinics(database_url) < stored and process.poll() is None:
        assert time.monotonic() < deadline, "the crawl stored too little"
        time.sleep(0.05)
    assert process.poll() is None, "the crawl ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_a_crawl_killed_halfway_and_run_again_ends_as_one_clean_crawl(
        crawled_db_url, sample_web_url, truth, tmp_path_factory):
    database_url = fresh_database(tmp_path_factory, "killed")
    var_dir = tmp_path_factory.mktemp("killed_var")
    settings = ("-s", f"JOBDIR={var_dir / 'job'}")
    _crawl_until(database_url, var_dir, settings, sample_web_url + "/", len(truth) // 2)
    assert _clinics(database_url) < len(truth)

    stats_file = var_dir / "resumed.json"
    result = subprocess.run(
        crawl_argv("clinic_site", stats_file, settings,
                   {"start_url": sample_web_url + "/", "demo": "1"}),
        cwd=ROOT, env=crawl_env(var_dir, database_url), capture_output=True, text=True,
        timeout=CRAWL_TIMEOUT_S)
    run = finished_run(var_dir, stats_file, result.returncode, result.stderr)
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats["jobdir/unclean_restart"] == 1
    assert run.stats["jobdir/skipped_units"] >= len(truth) // 4
    assert differences(snapshot(database_url), snapshot(crawled_db_url)) == {}


def test_the_crawl_stays_offline_and_opens_no_listener(db_url, sample_web_url, run_crawl):
    run = run_crawl("clinic_site", db_url, "-s", "CLOSESPIDER_PAGECOUNT=5",
                    start_url=sample_web_url + "/")
    assert run.returncode == 0, run.log[-3000:]
    assert run.offline_violations == []
    assert "Telnet console listening" not in run.log
    assert "Remote control HTTP server" not in run.log


def test_the_offline_guard_notices_a_lookup(db_url, run_crawl):
    run = run_crawl("clinic_site", db_url, "-s", "RETRY_ENABLED=0",
                    start_url="http://clinic.example/")
    assert "resolve clinic.example" in run.offline_violations


def test_a_host_gets_no_more_than_its_page_limit(db_url, sample_web_url, run_crawl):
    run = run_crawl("clinic_site", db_url, "-s", "DOMAIN_PAGE_LIMIT=20",
                    start_url=sample_web_url + "/")
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats["downloader/request_count"] <= 20 + 1  # and robots.txt
    assert run.stats["domain_limit/refused"] > 0
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count(Clinic.id))) < 20
