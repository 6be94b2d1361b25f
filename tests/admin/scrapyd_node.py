"""A real Scrapyd on 127.0.0.1 for the Scrapyd backend's tests.

It runs with a configuration of its own in a folder of the test's (eggs, logs and queue
databases inside it), polls its queue often, and starts its crawls in that folder with only the
offline guard on their path: a crawl imports the project from the deployed egg or not at all.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from crawl_process import OFFLINE_GUARD_DIR, crawl_env

START_TIMEOUT_S = 30
# Scrapyd's basic authentication, on: the worker and the deploy command send it from SCRAPYD_URL.
USER, PASSWORD = "crawl-ops", "a long scrapyd passphrase"
CONFIG = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
username = {user}
password = {password}
eggs_dir = {folder}/eggs
logs_dir = {folder}/logs
dbs_dir = {folder}/dbs
poll_interval = 0.2
max_proc = 2
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scrapyd_env(var_dir: Path, database_url: str) -> dict[str, str]:
    """A crawl's environment (database, loopback allowed, offline guard), less the repository."""
    env = crawl_env(var_dir, database_url)
    env["PYTHONPATH"] = str(OFFLINE_GUARD_DIR)
    return env


def _answers(url: str, process: subprocess.Popen) -> bool:
    """True once Scrapyd serves its API (refusing us without credentials is serving it)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url + "/daemonstatus.json", timeout=2):
                return True
        except urllib.error.HTTPError as error:
            return error.code == 401
        except OSError:
            time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen) -> None:
    """Scrapyd and any crawl it still runs (they share its process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def running_scrapyd(folder: Path, env: dict[str, str]) -> Iterator[str]:
    """Start ``python -m scrapyd`` in ``folder``; yields its base URL (without credentials). A
    port taken between choosing and binding it is tried again with another."""
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(3):
        port = free_port()
        (folder / "scrapyd.conf").write_text(
            CONFIG.format(port=port, folder=folder, user=USER, password=PASSWORD))
        with open(folder / "scrapyd.out", "ab") as out:
            process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=folder, env=env,
                                       stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        if _answers(url, process):
            break
        _stop(process)
    else:
        raise AssertionError("Scrapyd did not start:\n" + (folder / "scrapyd.out").read_text())
    try:
        yield url
    finally:
        _stop(process)


def with_credentials(url: str) -> str:
    return url.replace("http://", f"http://{quote(USER)}:{quote(PASSWORD)}@", 1)
