"""The site as a web node serves it: gunicorn with gunicorn.conf.py, several worker processes."""
from __future__ import annotations

import re
import time
import urllib.request
from contextlib import ExitStack

import pytest

from gunicorn_nodes import listening, node_env, start_node


@pytest.fixture
def gunicorn_node(directory, tmp_path):
    """A real gunicorn on a free loopback port over the test directory; yields (base URL, log)."""
    log_path = tmp_path / "gunicorn.log"
    with ExitStack() as stack:
        process = start_node(stack, node_env(directory, tmp_path, 2, PROXY_FIX="1"), log_path)
        yield listening(process, log_path, 2), log_path


def _get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


def test_gunicorn_serves_the_site_with_the_configured_workers(gunicorn_node):
    base, log_path = gunicorn_node
    assert _get(base + "/healthz")[0] == 200
    status, page = _get(base + "/search?near=21201&radius=10",
                        **{"X-Forwarded-For": "203.0.113.7"})
    assert status == 200
    assert "Harbor Ketamine Center" in page
    assert log_path.read_text().count("Booting worker") == 2
    # Each worker reads the place tables and opens the index before its first request.
    ready = re.compile(r"worker ready in [\d.]+ s \(index opened\)")
    deadline = time.monotonic() + 30
    while len(ready.findall(log_path.read_text())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(ready.findall(log_path.read_text())) == 2
    # The access log names the client the trusted proxy forwarded, not the proxy's address.
    deadline = time.monotonic() + 10
    while "203.0.113.7" not in log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert re.search(r"^203\.0\.113\.7 .*GET /search", log_path.read_text(), re.M)
