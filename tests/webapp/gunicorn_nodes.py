"""Real gunicorn nodes over the test directory, started the way a web node starts them
(gunicorn.conf.py), on free loopback ports, and stopped with the ExitStack that started them."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = "webapp:create_app()"
START_TIMEOUT_S = 60


def node_env(directory, tmp_path: Path, workers: int, **settings: str) -> dict[str, str]:
    """A node's environment over ``directory``: its own state folder, ``workers`` processes of
    two threads, and any further settings."""
    return {**os.environ, "CLINICS_VAR": str(tmp_path / "var"), "SECRET_KEY": "test secret key",
            "DATABASE_URL": directory.database_url,
            "CLINICS_INDEX_DIR": str(directory.index_dir), "HOST": "127.0.0.1", "PORT": "0",
            "WEB_CONCURRENCY": str(workers), "WEB_THREADS": "2", **settings}


def start_node(stack: ExitStack, env: dict[str, str], log_path: Path,
               app: str = APP) -> subprocess.Popen:
    """gunicorn writing its log to ``log_path``; terminated and waited for when ``stack`` closes."""
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                    app], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    stack.callback(process.wait, timeout=30)
    stack.callback(process.terminate)
    return process


def listening(process: subprocess.Popen, log_path: Path, workers: int) -> str:
    """The node's base URL, once it listens and all its workers have booted (plain or JSON log
    lines alike)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        text = log_path.read_text()
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", text)
        if found and text.count("Booting worker") >= workers:
            return found.group(1)
        assert process.poll() is None, text[-3000:]
        time.sleep(0.2)
    raise AssertionError(log_path.read_text()[-3000:])
