"""Run one crawl as its own ``scrapy crawl`` process.

Twisted's reactor cannot be restarted inside a long-lived process, so the web app and the worker
never import Scrapy: they start this process, wait for it, and read its exit code and log.

The crawl runs at a lower CPU priority (CRAWL_NICENESS): on a machine that also serves the site,
pages keep the processor first and the crawl takes what is left.
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
    """Run a spider to the end; its log goes to ``$CLINICS_VAR/logs``.

    Raises subprocess.TimeoutExpired, after killing the crawl, when it outlives ``timeout_s``.
    """
    settings_now = config.load()
    settings_now.log_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings_now.log_dir / (log_name or f"{spider}.log")
    process_env = {**os.environ, **(env or {})}
    with open(log_path, "wb") as log, subprocess.Popen(
        crawl_command(spider, args or {}, settings or {}), cwd=ROOT, env=process_env,
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    ) as process:
        lower_priority(process.pid, settings_now.crawl_niceness)
        try:
            returncode = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    return CrawlOutcome(returncode, log_path)


def lower_priority(pid: int, niceness: int) -> None:
    """Give process ``pid`` the CPU niceness ``niceness`` (0 to 19) unless it is already as low;
    a no-op where the system cannot (no ``os.setpriority``) or for 0.

    Set from outside rather than in the child before it starts, which is not safe in a process
    with threads; the crawl starts at normal priority for the few milliseconds in between.
    """
    if niceness <= 0 or not hasattr(os, "setpriority"):
        return
    try:
        # Only ever lower the priority: raising it back needs privileges a worker lacks.
        if os.getpriority(os.PRIO_PROCESS, pid) < niceness:
            os.setpriority(os.PRIO_PROCESS, pid, min(niceness, 19))
    except ProcessLookupError:  # it has already ended
        pass
