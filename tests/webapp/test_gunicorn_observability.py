"""Metrics and logs of a real web node: gunicorn with two worker processes on loopback.

Each worker counts in its own process; prometheus_client's multiprocess mode adds them up, so
whichever worker answers the scrape reports every request. The access log and the app's lines
are JSON lines carrying the request id each response was sent with.
"""
from __future__ import annotations

import json
import re
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from gunicorn_nodes import listening, node_env, start_node
HEALTH_CHECKS = 24
SEARCHES = 6


@pytest.fixture
def observed_node(directory, tmp_path):
    """gunicorn with metrics on, multiprocess mode and JSON logs; yields (base URL, log path)."""
    log_path = tmp_path / "gunicorn.log"
    env = node_env(directory, tmp_path, 2, METRICS_ENABLED="1", LOG_FORMAT="json",
                   PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"))
    # Counts a previous server left behind are cleared at start.
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "counter_1.db").write_bytes(b"stale")
    with ExitStack() as stack:
        base = listening(start_node(stack, env, log_path), log_path, 2)
        assert not (tmp_path / "metrics" / "counter_1.db").exists()
        yield base, log_path


def _log_lines(log_path: Path) -> list[dict]:
    return [json.loads(line) for line in log_path.read_text().splitlines()
            if line.startswith("{")]


def _get(url: str, **headers: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read().decode()


def _scrape(base: str) -> dict[tuple[str, tuple], float]:
    status, _, text = _get(base + "/metrics")
    assert status == 200
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


HEALTHZ_OK = ("clinics_http_requests_total",
              (("endpoint", "health.healthz"), ("method", "GET"), ("status", "200")))


def test_every_worker_s_requests_are_counted_whichever_worker_is_scraped(observed_node):
    base, _ = observed_node
    for n in range(HEALTH_CHECKS):
        assert _get(f"{base}/healthz")[0] == 200
    for _ in range(SEARCHES):
        assert _get(f"{base}/search?near=21201&radius=10")[0] == 200
    scrapes = [_scrape(base) for _ in range(6)]
    assert {scraped[HEALTHZ_OK] for scraped in scrapes} == {HEALTH_CHECKS}
    searches = ("clinics_search_duration_seconds_count", (("face", "public"),))
    assert {scraped[searches] for scraped in scrapes} == {SEARCHES}
    assert scrapes[0][("clinics_index_documents", ())] == 7


def test_json_access_lines_carry_the_request_id_of_each_response(observed_node):
    base, log_path = observed_node
    sent = [f"edge-{n}" for n in range(4)]
    answered = [_get(f"{base}/healthz", **{"X-Request-ID": rid})[1]["X-Request-ID"]
                for rid in sent]
    fresh = _get(f"{base}/healthz")[1]["X-Request-ID"]
    assert answered == sent and re.fullmatch(r"[0-9a-f]{16}", fresh)
    deadline = time.monotonic() + 10
    while True:
        access = {line.get("request_id"): line for line in _log_lines(log_path)
                  if line["logger"] == "gunicorn.access"}
        if set(sent + [fresh]) <= set(access) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for rid in sent + [fresh]:
        line = access[rid]
        assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", "200")
        assert line["duration_ms"] >= 0 and line["level"] == "INFO"
