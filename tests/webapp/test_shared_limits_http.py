"""Two web nodes on loopback, one limit: two real gunicorn servers counting in the same Redis.

A visitor whose requests a load balancer spreads over two nodes gets the limit once, not once per
node: alternating between the nodes, each sees only three of the six requests, below the limit of
four, so the 429s can only come from the shared count (``test_shared_limits`` shows processes
counting in memory each letting such a visitor through).
"""
from __future__ import annotations

import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack
from pathlib import Path
import pytest

from gunicorn_nodes import listening, node_env, start_node
SEARCH = "/search?near=21201&radius=100"
LIMIT = 4


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
    app = (f"webapp:create_app({{'RATELIMIT_KEY_PREFIX': '{prefix}', "
           f"'SEARCH_RATE_LIMIT': '{LIMIT} per minute'}})")
    env = node_env(directory, tmp_path, 1, RATELIMIT_STORAGE_URI=storage)
    logs = [tmp_path / f"{name}.log" for name in ("node-a", "node-b")]
    started = [start_node(stack, env, log_path, app) for log_path in logs]
    return [listening(process, log_path, 1) for process, log_path in zip(started, logs)]


@pytest.mark.redis
def test_two_gunicorn_nodes_sharing_redis_give_one_visitor_one_limit(directory, tmp_path,
                                                                     redis_url):
    with ExitStack() as stack:
        nodes = _two_nodes(stack, directory, tmp_path, redis_url)
        assert _alternating(nodes, LIMIT + 2) == [200] * LIMIT + [429, 429]

