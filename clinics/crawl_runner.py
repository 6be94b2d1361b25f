"""Run one crawl as its own ``scrapy crawl`` process.

Twisted's reactor cannot be restarted inside a long-lived process, so the web app and the worker
never import Scrapy: they start this process, wait for it, and read its exit code and log.

The crawl runs at a lower CPU priority (CRAWL_NICENESS): on a machine that also serves the site,
pages keep the processor first and the crawl takes what is left.
"""
from __future__ import annotations

import ctypes
import os
import signal
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


def start_crawl(argv: list[str], log_path: Path, env: dict[str, str] | None = None,
                die_with_parent: bool = False) -> subprocess.Popen:
    """Start a crawl process writing to ``log_path``; the caller waits for it.

    ``die_with_parent`` (Linux) has the kernel kill the crawl when the process that started it
    dies: a worker killed outright leaves no crawl writing behind the back of the job's retry.
    Every item is its own transaction, so the database stays consistent.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            argv, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if die_with_parent and _PRCTL else None)
    lower_priority(process.pid, config.load().crawl_niceness)
    return process


def run_crawl(spider: str, args: dict[str, str] | None = None,
              settings: dict[str, str] | None = None, env: dict[str, str] | None = None,
              timeout_s: float | None = None, log_name: str | None = None) -> CrawlOutcome:
    """Run a spider to the end; its log goes to ``$CLINICS_VAR/logs``.

    Raises subprocess.TimeoutExpired, after killing the crawl, when it outlives ``timeout_s``.
    """
    log_path = config.load().log_dir / (log_name or f"{spider}.log")
    log_path.unlink(missing_ok=True)
    with start_crawl(crawl_command(spider, args or {}, settings or {}), log_path, env) as process:
        try:
            returncode = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    return CrawlOutcome(returncode, log_path)


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child between fork and exec: only an async-signal-safe system call."""
    _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)


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
