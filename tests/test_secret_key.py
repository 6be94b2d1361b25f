"""The secret key generated under var/ when SECRET_KEY is unset: one key, however many
processes start at once on a new var/ (a crawl worker pool, several web nodes)."""
import os
import stat
import subprocess
import sys
import time

from crawl_process import subprocess_env

PROCESSES = 8
# Each process waits for the file "go", so all of them reach the key at one moment.
READ_KEY = ("import os, sys, time\n"
            "while not os.path.exists(sys.argv[1]): time.sleep(0.005)\n"
            "import config\n"
            "print(config.load().secret_key)\n")


def test_processes_starting_together_on_a_new_var_all_get_one_whole_key(tmp_path):
    var, go = tmp_path / "var", tmp_path / "go"
    env = subprocess_env(var)
    env.pop("SECRET_KEY", None)
    # Import config first in every process, so the race is on the key alone.
    argv = [sys.executable, "-c", "import config\n" + READ_KEY, str(go)]
    processes = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(PROCESSES)]
    time.sleep(1.0)
    go.touch()
    outputs = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0] * PROCESSES, outputs
    keys = {stdout.strip() for stdout, _ in outputs}
    assert len(keys) == 1
    key = keys.pop()
    assert len(key) == 64 and int(key, 16) >= 0
    stored = var / "secret_key"
    assert stored.read_text().strip() == key
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    assert sorted(path.name for path in var.iterdir()) == ["secret_key"]


def test_a_stored_key_is_kept_and_secret_key_in_the_environment_wins(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text("a" * 64 + "\n")
    env = subprocess_env(var)
    env.pop("SECRET_KEY", None)
    argv = [sys.executable, "-c", "import config; print(config.load().secret_key)"]
    stored = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    assert stored.stdout.strip() == "a" * 64
    given = subprocess.run(argv, env={**env, "SECRET_KEY": "from-env"}, capture_output=True,
                           text=True, check=True)
    assert given.stdout.strip() == "from-env"
