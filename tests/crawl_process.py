"""Running the real crawler from tests: its command line, its environment (offline guard, state
in a folder of its own) and what a finished run left behind; databases to crawl into."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from databases import new_database

ROOT = Path(__file__).resolve().parent.parent
OFFLINE_GUARD_DIR = Path(__file__).resolve().parent / "crawler" / "offline"
CRAWL_TIMEOUT_S = 180
# The sample web is ours and local: no politeness delay or per-host page cap is owed to it, and
# its one flaky page is retried after a short pause.
FAST_CRAWL = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
              "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "DOMAIN_PAGE_LIMIT=0",
              "-s", "RETRY_BACKOFF_BASE_S=0.2", "-s", "LOG_LEVEL=INFO")


def subprocess_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a subprocess: this repository importable, state under var_dir."""
    inherited = ("DATABASE_URL", "CRAWL_ALLOW_PRIVATE", "SAMPLE_WEB_SEED")
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env.update(PYTHONPATH=str(ROOT), CLINICS_VAR=str(var_dir), **extra)
    return env


@dataclass(frozen=True)
class CrawlRun:
    returncode: int
    log: str
    # Connections the crawl process tried to open beyond the loopback interface.
    offline_violations: list[str]
    # The crawl's final Scrapy stats (empty when the process died before writing them).
    stats: dict


def crawl_argv(spider: str, stats_file: Path, settings: tuple[str, ...],
               arguments: dict[str, str]) -> list[str]:
    argv = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in arguments.items():
        argv += ["-a", f"{key}={value}"]
    return argv + [*FAST_CRAWL, "-s", f"STATS_FILE={stats_file}", *settings]


def crawl_env(var_dir: Path, database_url: str) -> dict[str, str]:
    """A crawl process's environment: loopback allowed, offline guard on, state under var_dir."""
    env = subprocess_env(var_dir, DATABASE_URL=database_url, CRAWL_ALLOW_PRIVATE="1",
                         OFFLINE_GUARD_LOG=str(var_dir / "offline_violations.txt"))
    env["PYTHONPATH"] = os.pathsep.join([str(OFFLINE_GUARD_DIR), str(ROOT)])
    return env


def finished_run(var_dir: Path, stats_file: Path, returncode: int, log: str) -> CrawlRun:
    guard_log = var_dir / "offline_violations.txt"
    violations = guard_log.read_text().splitlines() if guard_log.exists() else []
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return CrawlRun(returncode, log, violations, stats)


def fresh_database(tmp_path_factory, name: str) -> str:
    """A migrated database on the run's engine (see ``databases``), dropped with the session."""
    return new_database(tmp_path_factory.mktemp(name))
