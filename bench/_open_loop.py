"""An open-loop load generator: requests leave on a fixed schedule, whether or not earlier ones
have been answered.

A closed loop (send, wait, send) slows down when the server does, so a stalled server is asked
less and its latency looks better than a patient would find it. Here each request has an intended
start time; latency runs from that time, not from when a thread got round to sending it, so any
queueing (in the server or in this generator) counts against the figures.
"""
from __future__ import annotations

import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Outcome:
    kind: str            # which endpoint, e.g. "search" or "api"
    intended_s: float    # intended start, seconds after the run began
    latency_ms: float    # from the intended start to the last byte of the body
    status: int          # HTTP status, 0 when no answer came
    error: str           # "" for an answer with status 200


class _Connections(threading.local):
    """One keep-alive connection per sending thread, as a browser or partner keeps one."""

    def __init__(self) -> None:
        self.conn: http.client.HTTPConnection | None = None


def _get(connections: _Connections, port: int, path: str,
         headers: dict[str, str]) -> tuple[int, bytes]:
    if connections.conn is None:
        connections.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    try:
        connections.conn.request("GET", path, headers=headers)
        response = connections.conn.getresponse()
        return response.status, response.read()
    except BaseException:
        connections.conn.close()
        connections.conn = None
        raise


def run(port: int, schedule: list[tuple[float, str, str]], senders: int = 64,
        headers: dict[str, str] | None = None) -> list[Outcome]:
    """Send every (offset_s, kind, path) of ``schedule`` at its offset from now, each with
    ``headers``; return one Outcome per request, in schedule order."""
    connections = _Connections()
    started = time.perf_counter() + 0.05

    def send(offset_s: float, kind: str, path: str) -> Outcome:
        intended = started + offset_s
        try:
            status, body = _get(connections, port, path, headers or {})
            error = "" if status == 200 and body else f"status {status}"
        except Exception as exc:  # every failure is a figure of the run, not a crash of it
            status, error = 0, f"{type(exc).__name__}: {exc}"
        latency_ms = (time.perf_counter() - intended) * 1000
        return Outcome(kind, offset_s, latency_ms, status, error)

    with ThreadPoolExecutor(max_workers=senders, thread_name_prefix="load") as pool:
        futures = []
        for offset_s, kind, path in schedule:
            wait_s = started + offset_s - time.perf_counter()
            if wait_s > 0:
                time.sleep(wait_s)
            futures.append(pool.submit(send, offset_s, kind, path))
        return [future.result() for future in futures]


def fixed_rate(duration_s: float, rate_per_s: float,
               paths: list[tuple[str, str]]) -> list[tuple[float, str, str]]:
    """A schedule of ``rate_per_s`` requests a second for ``duration_s``, cycling through
    ``paths`` ((kind, path) pairs)."""
    count = int(duration_s * rate_per_s)
    return [(n / rate_per_s, *paths[n % len(paths)]) for n in range(count)]
