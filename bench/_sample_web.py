"""The sample web served on 127.0.0.1 by a child process, for as long as a benchmark needs it."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 60


@contextlib.contextmanager
def serving(seed: int, var_dir: Path):
    """Yields the base URL (no trailing slash) of a running sample web."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(var_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sample_web", "--seed", str(seed), "serve", "--host", "127.0.0.1",
         "--port", "0"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        if " on http://" not in line:
            raise RuntimeError(f"the sample web did not start: {line!r}")
        base_url = line.split(" on ", 1)[1].strip().rstrip("/")
        _wait(base_url + "/robots.txt")
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def _wait(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
