"""Fixtures shared by every test folder: the sample web on a loopback port, its ground truth,
fresh migrated databases on the run's engine (SQLite, or the PostgreSQL of ``DATABASE_URL``:
see ``databases``), the real crawler run against the sample web, and the databases it filled:
every clinic site (``crawled_db_url``), and everything every spider finds (``whole_crawl``).

Subprocesses get their own ``CLINICS_VAR`` so no test writes under the repository's var/.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass

import pytest

import databases
from crawl_process import (CRAWL_TIMEOUT_S, ROOT, CrawlRun, crawl_argv, crawl_env, finished_run,
                           fresh_database, subprocess_env)
from sample_web.facts import truth as sample_truth
from sample_web.process import serving

SAMPLE_WEB_SEED = 2026


def pytest_report_header(config):
    return f"database: {databases.described_run()}"


def pytest_sessionfinish(session, exitstatus):
    databases.drop_all()


@pytest.fixture(scope="session")
def sample_web_url(tmp_path_factory):
    """Base URL (no trailing slash) of a real ``python -m sample_web serve`` on 127.0.0.1."""
    var_dir = tmp_path_factory.mktemp("sample_web_var")
    with serving(SAMPLE_WEB_SEED, subprocess_env(var_dir)) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def scratch_sample_web_url(tmp_path_factory):
    """A second sample web, for crawls that run outside the canonical whole crawl (admin jobs,
    cancels, killed workers): the shared one's first-hit-fails page must first fail for the
    whole crawl that counts its retry."""
    var_dir = tmp_path_factory.mktemp("scratch_sample_web_var")
    with serving(SAMPLE_WEB_SEED, subprocess_env(var_dir)) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def truth(sample_web_url):
    """Ground-truth records of the served sample web, websites as full URLs."""
    return sample_truth(SAMPLE_WEB_SEED, sample_web_url)


@pytest.fixture
def db_url(tmp_path):
    """A fresh, migrated database for one test, on the run's engine."""
    with databases.throwaway_database(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def run_crawl(tmp_path_factory):
    """A function running a real ``scrapy crawl <spider>`` into a database, offline-guarded.

    ``run_crawl("clinic_site", url, "-s", "NAME=value", start_url=...)``: settings as argv
    pieces, spider arguments as keywords; ``demo=1`` unless given.
    """
    def crawl(spider: str, database_url: str, *settings: str, **arguments: str) -> CrawlRun:
        var_dir = tmp_path_factory.mktemp("crawl_var")
        stats_file = var_dir / "stats.json"
        arguments = {"demo": "1", **arguments} if spider != "npi_registry" else arguments
        result = subprocess.run(crawl_argv(spider, stats_file, settings, arguments), cwd=ROOT,
                                env=crawl_env(var_dir, database_url), capture_output=True,
                                text=True, timeout=CRAWL_TIMEOUT_S)
        return finished_run(var_dir, stats_file, result.returncode, result.stderr + result.stdout)
    return crawl


@pytest.fixture(scope="session")
def clinic_site_crawl(tmp_path_factory, sample_web_url, run_crawl):
    """(database URL, run) of the clinic_site spider over the whole sample web."""
    url = fresh_database(tmp_path_factory, "crawled")
    run = run_crawl("clinic_site", url, start_url=sample_web_url + "/")
    assert run.returncode == 0, run.log[-3000:]
    yield url, run
    databases.drop_database(url)


@pytest.fixture(scope="session")
def crawled_db_url(clinic_site_crawl):
    """A migrated database into which the real crawler read every clinic site."""
    return clinic_site_crawl[0]


@dataclass(frozen=True)
class WholeCrawl:
    database_url: str
    runs: dict[str, CrawlRun]


@pytest.fixture(scope="session")
def whole_crawl(tmp_path_factory, sample_web_url, clinic_site_crawl, run_crawl):
    """Everything the spiders find on the sample web, into one database, in order: clinic_site
    over all sites, directory, reviews, npi_registry. The directory's links to the clinics' own
    sites are not followed again here (clinic_site read them all); a test of its own does."""
    url = fresh_database(tmp_path_factory, "whole")
    databases.copy_database(clinic_site_crawl[0], url)
    runs = {"clinic_site": clinic_site_crawl[1]}
    runs["directory"] = run_crawl("directory", url, start_url=sample_web_url + "/directory/",
                                  follow_websites="0")
    runs["reviews"] = run_crawl("reviews", url, start_url=sample_web_url + "/reviews/")
    runs["npi_registry"] = run_crawl("npi_registry", url,
                                     "-s", f"NPI_API_URL={sample_web_url}/npi/api/")
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.log[-3000:])
    yield WholeCrawl(url, runs)
    databases.drop_database(url)
