"""Rate limits behind proxies and across processes.

Behind PROXY_FIX trusted proxies each X-Forwarded-For client has its own bucket; without it the
header is ignored, since any client can write it. With a shared RATELIMIT_STORAGE_URI (Redis),
two web processes count one client's requests together.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest

from crawl_process import ROOT

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
LOGIN = {"email": "someone@example.org", "password": "wrong"}
SEARCH = "/search?near=21201&radius=100"


def _from(address: str) -> dict:
    return {"X-Forwarded-For": address}


def _login_statuses(client, address: str, times: int) -> list[int]:
    return [client.post("/admin/login", data=LOGIN, headers=_from(address)).status_code
            for _ in range(times)]


def _search_statuses(client, address: str, times: int) -> list[int]:
    return [client.get(SEARCH, headers=_from(address)).status_code for _ in range(times)]


def _limited_app(make_app, directory, proxies: int):
    # The account throttle would lock the one email first; these tests are about addresses.
    return make_app(directory, PROXY_FIX=proxies, LOGIN_RATE_LIMIT="2 per minute",
                    SEARCH_RATE_LIMIT="2 per minute", LOGIN_ACCOUNT_FREE_FAILURES=100)


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_login_bucket(make_app,
                                                                                directory):
    client = _limited_app(make_app, directory, proxies=1).test_client()
    assert _login_statuses(client, "203.0.113.7", 3) == [401, 401, 429]
    assert _login_statuses(client, "198.51.100.9", 2) == [401, 401]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_search_bucket(make_app,
                                                                                 directory):
    client = _limited_app(make_app, directory, proxies=1).test_client()
    assert _search_statuses(client, "203.0.113.7", 3) == [200, 200, 429]
    assert _search_statuses(client, "198.51.100.9", 2) == [200, 200]


def test_a_client_cannot_forge_its_way_past_the_trusted_proxy(make_app, directory):
    """With one proxy, only the address that proxy appended counts, not what the client wrote."""
    client = _limited_app(make_app, directory, proxies=1).test_client()
    forged = ["10.0.0.%d, 203.0.113.7" % n for n in range(3)]
    assert [client.get(SEARCH, headers=_from(f)).status_code for f in forged] == [200, 200, 429]


def test_without_proxy_fix_the_forwarded_header_is_ignored(make_app, directory):
    client = _limited_app(make_app, directory, proxies=0).test_client()
    assert _login_statuses(client, "203.0.113.7", 2) == [401, 401]
    assert _login_statuses(client, "198.51.100.9", 1) == [429]
    assert _search_statuses(client, "203.0.113.7", 2) == [200, 200]
    assert _search_statuses(client, "198.51.100.9", 1) == [429]


def test_proxy_fix_and_storage_come_from_the_environment(monkeypatch, tmp_path):
    import config

    monkeypatch.setenv("CLINICS_VAR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.delenv("PROXY_FIX", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    assert (config.load().proxy_fix, config.load().ratelimit_storage_uri) == (0, "memory://")
    monkeypatch.setenv("PROXY_FIX", "2")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", REDIS_URL)
    assert (config.load().proxy_fix, config.load().ratelimit_storage_uri) == (2, REDIS_URL)


# One web process: builds the app from the environment, asks the search page N times from one
# address and prints the statuses.
PROCESS = """
import json, sys
from webapp import create_app
app = create_app({"TESTING": True, "RATELIMIT_KEY_PREFIX": sys.argv[1],
                  "SEARCH_RATE_LIMIT": "5 per minute"})
client = app.test_client()
print(json.dumps([client.get(sys.argv[2]).status_code for _ in range(int(sys.argv[3]))]))
"""


def _process_statuses(directory, tmp_path, storage: str, prefix: str, times: int) -> list[int]:
    env = {**os.environ, "CLINICS_VAR": str(tmp_path / "var"), "SECRET_KEY": "test secret key",
           "DATABASE_URL": directory.database_url, "CLINICS_INDEX_DIR": str(directory.index_dir),
           "RATELIMIT_STORAGE_URI": storage}
    done = subprocess.run([sys.executable, "-c", PROCESS, prefix, SEARCH, str(times)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.redis
def test_two_web_processes_sharing_redis_count_one_client_together(directory, tmp_path,
                                                                   redis_url):
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    assert _process_statuses(directory, tmp_path, redis_url, prefix, 3) == [200, 200, 200]
    assert _process_statuses(directory, tmp_path, redis_url, prefix, 3) == [200, 200, 429]


def test_two_web_processes_with_memory_storage_count_apart(directory, tmp_path):
    """The same two processes without a shared storage: what the Redis test rules out."""
    assert _process_statuses(directory, tmp_path, "memory://", "p", 3) == [200, 200, 200]
    assert _process_statuses(directory, tmp_path, "memory://", "p", 3) == [200, 200, 200]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_shared_storage_that_stops_answering_costs_no_500(make_app, directory):
    """Nothing listens at the storage's address: limits are counted in this process meanwhile,
    and sign-in works under them."""
    app = make_app(directory, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_closed_port()}",
                   SEARCH_RATE_LIMIT="2 per minute", LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    assert [client.get(SEARCH).status_code for _ in range(3)] == [200, 200, 429]
    assert [client.post("/admin/login", data=LOGIN).status_code for _ in range(3)] == [401, 401,
                                                                                      429]
