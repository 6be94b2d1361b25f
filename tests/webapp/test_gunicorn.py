"""The site as a web node serves it: gunicorn with gunicorn.conf.py, several worker processes."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn_node(directory, tmp_path):
    """A real gunicorn on a free loopback port over the test directory; yields (base URL, log)."""
    log_path = tmp_path / "gunicorn.log"
    env = {**os.environ, "CLINICS_VAR": str(tmp_path / "var"), "SECRET_KEY": "test secret key",
           "DATABASE_URL": directory.database_url, "CLINICS_INDEX_DIR": str(directory.index_dir),
           "HOST": "127.0.0.1", "PORT": "0", "WEB_CONCURRENCY": "2", "WEB_THREADS": "2",
           "PROXY_FIX": "1"}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "webapp:create_app()"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield _listening(process, log_path), log_path
    finally:
        process.terminate()
        process.wait(timeout=30)


def _listening(process: subprocess.Popen, log_path: Path) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log_path.read_text()
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", text)
        if found and text.count("Booting worker") >= 2:
            return found.group(1)
        assert process.poll() is None, text[-3000:]
        time.sleep(0.2)
    raise AssertionError(log_path.read_text()[-3000:])


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
    # The access log names the client the trusted proxy forwarded, not the proxy's address.
    deadline = time.monotonic() + 10
    while "203.0.113.7" not in log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert re.search(r"^203\.0\.113\.7 .*GET /search", log_path.read_text(), re.M)
