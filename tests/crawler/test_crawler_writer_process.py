"""The crawl's writer process never outlives its crawl."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from crawl_process import ROOT, subprocess_env

# A crawl stand-in: starts the writer the way the pipeline does, reports its pid, then waits.
CRAWL = """
import multiprocessing, sys, time
from concurrent.futures import ProcessPoolExecutor
from crawler import writer
pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                           initializer=writer.open_writer, initargs=(sys.argv[1],))
print(pool.submit(__import__("os").getpid).result(), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def test_a_writer_whose_crawl_is_killed_leaves_within_seconds(db_url, tmp_path):
    crawl = subprocess.Popen([sys.executable, "-c", CRAWL, db_url], cwd=ROOT,
                             env=subprocess_env(tmp_path), stdout=subprocess.PIPE, text=True)
    try:
        writer_pid = int(crawl.stdout.readline())
        assert writer_pid != crawl.pid and _alive(writer_pid)
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _alive(writer_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(writer_pid), "the writer outlived its killed crawl"
    finally:
        crawl.kill()
        crawl.stdout.close()
