"""Two web nodes on loopback, one limit: two real gunicorn servers counting in the same Redis.

A visitor whose requests a load balancer spreads over two nodes gets the limit once, not once per
node: alternating between the nodes, each sees only three of the six requests, below the limit of
four, so the 429s can only come from the shared count (``test_shared_limits`` shows processes
counting in memory each letting such a visitor through).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEARCH = "/search?near=21201&radius=100"
LIMIT = 4


def start_node(stack: ExitStack, directory, tmp_path: Path, name: str, storage: str,
               prefix: str) -> tuple[subprocess.Popen, Path]:
    """One gunicorn process (one worker) on a free loopback port, stopped with ``stack``."""
    log_path = tmp_path / f"{name}.log"
    env = {**os.environ, "CLINICS_VAR": str(tmp_path / "var"), "SECRET_KEY": "test secret key",
           "DATABASE_URL": directory.database_url, "CLINICS_INDEX_DIR": str(directory.index_dir),
           "HOST": "127.0.0.1", "PORT": "0", "WEB_CONCURRENCY": "1", "WEB_THREADS": "2",
           "RATELIMIT_STORAGE_URI": storage}
    app = (f"webapp:create_app({{'RATELIMIT_KEY_PREFIX': '{prefix}', "
           f"'SEARCH_RATE_LIMIT': '{LIMIT} per minute'}})")
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                    app], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    stack.callback(process.wait, timeout=30)
    stack.callback(process.terminate)
    return process, log_path


def _listening(process: subprocess.Popen, log_path: Path) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log_path.read_text()
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", text)
        if found and "Booting worker" in text:
            return found.group(1)
        assert process.poll() is None, text[-3000:]
        time.sleep(0.2)
    raise AssertionError(log_path.read_text()[-3000:])


def _status(url: str) -> int:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _alternating(nodes: list[str], times: int) -> list[int]:
    return [_status(nodes[n % 2] + SEARCH) for n in range(times)]


def _two_nodes(stack: ExitStack, directory, tmp_path: Path, storage: str) -> list[str]:
    """Two nodes started together, with one key prefix of their own in the storage."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    started = [start_node(stack, directory, tmp_path, name, storage, prefix)
               for name in ("node-a", "node-b")]
    return [_listening(process, log_path) for process, log_path in started]


@pytest.mark.redis
def test_two_gunicorn_nodes_sharing_redis_give_one_visitor_one_limit(directory, tmp_path,
                                                                     redis_url):
    with ExitStack() as stack:
        nodes = _two_nodes(stack, directory, tmp_path, redis_url)
        assert _alternating(nodes, LIMIT + 2) == [200] * LIMIT + [429, 429]

