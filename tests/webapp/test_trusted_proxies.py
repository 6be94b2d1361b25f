"""TRUSTED_PROXIES, the documented name of the proxy count; PROXY_FIX stays as its older name."""
from __future__ import annotations

import pytest

import config

SEARCH = "/search?near=21201&radius=100"


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINICS_VAR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.delenv("PROXY_FIX", raising=False)
    return monkeypatch


@pytest.mark.parametrize("variables, trusted", [
    ({}, 0),
    ({"TRUSTED_PROXIES": "2"}, 2),
    ({"PROXY_FIX": "3"}, 3),
    ({"TRUSTED_PROXIES": "1", "PROXY_FIX": "3"}, 1),
    ({"TRUSTED_PROXIES": "0", "PROXY_FIX": "3"}, 0),
    ({"TRUSTED_PROXIES": "-4"}, 0),
])
def test_the_proxy_count_comes_from_trusted_proxies_or_its_older_name(environment, variables,
                                                                     trusted):
    for name, value in variables.items():
        environment.setenv(name, value)
    assert config.load().proxy_fix == trusted


def _statuses(client, address: str, times: int) -> list[int]:
    return [client.get(SEARCH, headers={"X-Forwarded-For": address}).status_code
            for _ in range(times)]


def test_an_app_built_with_trusted_proxies_counts_each_forwarded_client(make_app, directory):
    client = make_app(directory, TRUSTED_PROXIES=1, SEARCH_RATE_LIMIT="2 per minute").test_client()
    assert _statuses(client, "203.0.113.7", 3) == [200, 200, 429]
    assert _statuses(client, "198.51.100.9", 2) == [200, 200]


def test_trusted_proxies_zero_outranks_the_older_name(make_app, directory):
    client = make_app(directory, TRUSTED_PROXIES=0, PROXY_FIX=1,
                      SEARCH_RATE_LIMIT="2 per minute").test_client()
    assert _statuses(client, "203.0.113.7", 2) == [200, 200]
    assert _statuses(client, "198.51.100.9", 1) == [429]
