"""Run one crawl as its own ``scrapy crawl`` process.

Twisted's reactor cannot be restarted inside a long-lived process, so the web app and the worker
never import Scrapy: they start this process, wait for it, and read its exit code and log.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import config

ROOT = config.ROOT


@dataclass
class CrawlOutcome:
    returncode: int
    log_path: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def crawl_command(spider: str, args: dict[str, str], settings: dict[str, str]) -> list[str]:
    """The argv of a crawl; arguments are passed as a list, never through a shell."""
    argv = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in args.items():
        argv += ["-a", f"{key}={value}"]
    for key, value in settings.items():
        argv += ["-s", f"{key}={value}"]
    return argv


def run_crawl(spider: str, args: dict[str, str] | None = None,
              settings: dict[str, str] | None = None, env: dict[str, str] | None = None,
              timeout_s: float | None = None, log_name: str | None = None) -> CrawlOutcome:
    """Run a spider to the end; its log goes to ``$CLINICS_VAR/logs``."""
    log_dir = config.load().log_dir
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / (log_name or f"{spider}.log")
    process_env = {**os.environ, **(env or {})}
    with open(log_path, "wb") as log:
        completed = subprocess.run(
            crawl_command(spider, args or {}, settings or {}), cwd=ROOT, env=process_env,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=timeout_s,
            check=False,
        )
    return CrawlOutcome(completed.returncode, log_path)
