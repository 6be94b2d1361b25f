"""The sample web as a child process on 127.0.0.1, for tests and benchmarks that need it served."""
from __future__ import annotations

import contextlib
import select
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 60


def _read_line(stream, deadline: float) -> str:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.1)
        if ready:
            return stream.readline()
    return ""


def _wait_until_answering(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextlib.contextmanager
def serving(seed: int, env: dict[str, str]) -> Iterator[str]:
    """Base URL (no trailing slash) of ``python -m sample_web serve`` on a free loopback port,
    stopped when the block ends. ``env`` is the child's whole environment."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sample_web", "--seed", str(seed), "serve", "--host", "127.0.0.1",
         "--port", "0"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        line = _read_line(process.stdout, deadline)
        if not line.startswith("Serving the sample web on http://127.0.0.1:"):
            raise RuntimeError(f"the sample web did not start: {line!r}")
        base_url = line.split(" on ", 1)[1].strip().rstrip("/")
        _wait_until_answering(base_url + "/robots.txt", deadline)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
