"""Fixtures shared by every test folder: the sample web on a loopback port, its ground truth,
fresh migrated databases, and a database the real crawler filled from the sample web.

Subprocesses get their own ``CLINICS_VAR`` so no test writes under the repository's var/.
"""
from __future__ import annotations

import os
import select
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from clinics import db
from sample_web.facts import truth as sample_truth

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_WEB_SEED = 2026
OFFLINE_GUARD_DIR = Path(__file__).resolve().parent / "crawler" / "offline"
CRAWL_TIMEOUT_S = 180
# The sample web is ours and local: no politeness delay is owed to it.
FAST_CRAWL = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
              "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO")


def subprocess_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a subprocess: this repository importable, state under var_dir."""
    inherited = ("DATABASE_URL", "CRAWL_ALLOW_PRIVATE", "SAMPLE_WEB_SEED")
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env.update(PYTHONPATH=str(ROOT), CLINICS_VAR=str(var_dir), **extra)
    return env


def _read_line(stream, deadline: float) -> str:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.1)
        if ready:
            return stream.readline()
    return ""


def _wait_until_answering(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.fixture(scope="session")
def sample_web_url(tmp_path_factory):
    """Base URL (no trailing slash) of a real ``python -m sample_web serve`` on 127.0.0.1."""
    var_dir = tmp_path_factory.mktemp("sample_web_var")
    process = subprocess.Popen(
        [sys.executable, "-m", "sample_web", "--seed", str(SAMPLE_WEB_SEED), "serve",
         "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT, env=subprocess_env(var_dir), stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        line = _read_line(process.stdout, deadline)
        assert line.startswith("Serving the sample web on http://127.0.0.1:"), line
        base_url = line.split(" on ", 1)[1].strip().rstrip("/")
        _wait_until_answering(base_url + "/", deadline)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture(scope="session")
def truth(sample_web_url):
    """Ground-truth records of the served sample web, websites as full URLs."""
    return sample_truth(SAMPLE_WEB_SEED, sample_web_url)


@pytest.fixture
def db_url(tmp_path):
    """A fresh, migrated SQLite database for one test."""
    url = f"sqlite:///{tmp_path / 'clinics.sqlite3'}"
    db.migrate(url)
    yield url
    db.engine_for(url).dispose()


@dataclass(frozen=True)
class CrawlRun:
    returncode: int
    log: str
    # Connections the crawl process tried to open beyond the loopback interface.
    offline_violations: list[str]


@pytest.fixture(scope="session")
def run_crawl(tmp_path_factory):
    """A function running the real ``scrapy crawl clinic_site`` into a database, offline-guarded."""
    def crawl(start_url: str, database_url: str, *settings: str) -> CrawlRun:
        var_dir = tmp_path_factory.mktemp("crawl_var")
        guard_log = var_dir / "offline_violations.txt"
        env = subprocess_env(var_dir, DATABASE_URL=database_url, CRAWL_ALLOW_PRIVATE="1",
                             OFFLINE_GUARD_LOG=str(guard_log))
        env["PYTHONPATH"] = os.pathsep.join([str(OFFLINE_GUARD_DIR), str(ROOT)])
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "clinic_site", "-a", f"start_url={start_url}",
             "-a", "demo=1", *FAST_CRAWL, *settings],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=CRAWL_TIMEOUT_S)
        violations = guard_log.read_text().splitlines() if guard_log.exists() else []
        return CrawlRun(result.returncode, result.stderr + result.stdout, violations)
    return crawl


@pytest.fixture(scope="session")
def crawled_db_url(tmp_path_factory, sample_web_url, run_crawl):
    """A migrated SQLite database into which the real crawler read the whole sample web."""
    url = f"sqlite:///{tmp_path_factory.mktemp('crawled') / 'clinics.sqlite3'}"
    db.migrate(url)
    run = run_crawl(sample_web_url + "/", url)
    assert run.returncode == 0, run.log[-3000:]
    yield url
    db.engine_for(url).dispose()
