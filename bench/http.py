"""``python -m bench.http``: the partner API's throughput and latency under gunicorn.

    python -m bench.http [--clinics 5000] [--reviews 20000] [--seed 7] [--seconds 15]
                         [--connections 8] [--driver auto|wrk|python]

Everything runs on 127.0.0.1 with state in a temporary CLINICS_VAR:
1. The seeded synthetic directory of bench.search (``bench._search_data``: clinics at real ZIP
   codes, with staff and reviews) is generated at a few thousand clinics and indexed; a partner
   key is made with ``flask api-key create``.
2. The site is served as on a web node: ``gunicorn -c gunicorn.conf.py "webapp:create_app()"``
   with 2 worker processes, on a free loopback port. The per-key API rate limit is raised out of
   the way (API_RATE_LIMIT), since all of this traffic comes from one key. Idle keep-alive
   connections are kept 30 s instead of gunicorn's 2: the open-loop client (http.client, one
   connection per thread) does not retry a request sent on a connection the server closed while
   it sat idle, as browsers and urllib3 do, and at low rates that race showed as errors.
3. From this process (the server's are separate): the maximum rate of ``/api/v1/clinics?limit=100``
   and of ``/api/v1/search?near=ZIP`` (ZIPs of listed clinics, in turn), each closed-loop over
   several keep-alive connections for ``--seconds``. The load comes from wrk (Debian's package,
   installed with apt-get when absent and this runs as root) or, failing that, from Python threads.
4. Then each endpoint open-loop at half its measured rate for ``--seconds`` (``bench._open_loop``:
   latency from each request's scheduled start to its last byte), for the p99.

An error is any answer other than a 200, or no answer, in any phase. The machine's load average is
noted (other work on the machine shows there), and so is the server's own CPU time per request in
each closed-loop phase (gunicorn's processes, read from /proc): on a shared machine the rates move
with the others' load, that figure much less. The last line printed is one JSON object.

Targets (issue 14, on a 2-core machine): at least 300 requests/s for ``/api/v1/clinics?limit=100``
and 150 for ``/api/v1/search``; p99 under 100 ms at half those rates; no errors. The exit status is
1 when one is missed.
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import select

from bench import _open_loop, _search_data
from clinics.db import engine_for, session_scope
from clinics.models import Clinic

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"clinics_rps": 300.0, "search_rps": 150.0, "p99_ms": 100.0}
SETUP_TIMEOUT_S = 600
START_TIMEOUT_S = 60
APT_TIMEOUT_S = 300
ZIPS_IN_MIX = 20
# High enough that the per-key limit never answers 429 to a benchmark's worth of requests.
UNTHROTTLED = "100000000 per minute"
KEEP_ALIVE_S = 30
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


def flask_command(*args: str) -> str:
    """An operator command (``flask --app webapp ...``); its standard output."""
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=SETUP_TIMEOUT_S, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def prepare(options: argparse.Namespace, work: Path) -> tuple[int, list[str], str]:
    """Generate and index the directory; (listed clinics, ZIPs to search near, partner key)."""
    from search_index import rebuild

    database_url, _ = _search_data.ensure_database(options.clinics, options.reviews,
                                                   options.seed)
    os.environ["DATABASE_URL"] = database_url
    rebuild(database_url, work / "index", timeout_s=SETUP_TIMEOUT_S)
    with session_scope(database_url) as session:
        places = sorted(set(session.scalars(
            select(Clinic.postal_code).where(Clinic.status == "active",
                                             Clinic.postal_code.is_not(None),
                                             Clinic.lat.is_not(None)))))
        listed = session.query(Clinic).filter(Clinic.status == "active").count()
    engine_for(database_url).dispose()
    zips = random.Random(options.seed).sample(places, min(ZIPS_IN_MIX, len(places)))
    key = flask_command("api-key", "create", "http benchmark").strip().splitlines()[-1]
    return listed, zips, key


def _cpu_ticks(pid: int, children: bool = False) -> int:
    """CPU ticks a process used (user and system), with those of its reaped children if asked."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return sum(int(n) for n in fields[11:15 if children else 13])


def workers_booted(work: Path) -> int:
    """How many workers gunicorn has started so far: a phase that starts one saw a worker
    renewed after max_requests (gunicorn.conf.py), whose first answers wait for a new app."""
    log = work / "gunicorn.log"
    return log.read_text(errors="replace").count("Booting worker") if log.exists() else 0


def server_cpu_s(pid: int) -> float:
    """CPU seconds gunicorn's arbiter ``pid`` and its workers have used so far, a worker renewed
    after max_requests included (its time joins the arbiter's reaped children's); 0.0 where
    /proc is not there."""
    ticks = _cpu_ticks(pid, children=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                ticks += _cpu_ticks(int(entry.name))
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn_serving(work: Path) -> Iterator[tuple[int, int]]:
    """(port, arbiter pid) of the site under gunicorn (the project's gunicorn.conf.py, 2 workers)
    on a free loopback port; stopped as an operator stops it (SIGTERM) when the block ends."""
    env = dict(os.environ, WEB_CONCURRENCY="2", API_RATE_LIMIT=UNTHROTTLED, HOST="127.0.0.1")
    log = work / "gunicorn.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0",
             "--workers", "2", "--keep-alive", str(KEEP_ALIVE_S), "--access-logfile",
             str(work / "access.log"), "--error-logfile",
             "-", "webapp:create_app()"], cwd=ROOT, env=env, stdout=sink, stderr=sink)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        port = None
        while port is None:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-2000:]}")
            found = LISTENING.search(log.read_text(errors="replace"))
            port = int(found.group(1)) if found else None
            time.sleep(0.1)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least ``share`` of the values reach."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def python_closed_loop(port: int, paths: list[str], headers: dict[str, str], seconds: float,
                       connections: int) -> dict:
    """Each of ``connections`` threads sends on its own keep-alive connection as soon as the
    previous answer is read, cycling through ``paths``; requests/s and errors."""
    stop_at = time.perf_counter() + seconds
    counts = [[0, 0] for _ in range(connections)]  # answered, errors

    def loop(number: int) -> None:
        conn = None
        sent = number
        while time.perf_counter() < stop_at:
            path = paths[sent % len(paths)]
            sent += 1
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port,
                                                      timeout=_open_loop.TIMEOUT_S)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                ok = response.status == 200 and response.read()
            except Exception:  # a failure is a figure of the run
                ok = False
                if conn is not None:
                    conn.close()
                conn = None
            counts[number][0 if ok else 1] += 1
        if conn is not None:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + _open_loop.TIMEOUT_S + 5)
    elapsed = time.perf_counter() - started
    answered, errors = sum(c[0] for c in counts), sum(c[1] for c in counts)
    return {"rps": round(answered / elapsed, 1), "requests": answered + errors, "errors": errors}


WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n %% #paths + 1
  return wrk.format(nil, paths[n])
end
"""


def wrk_closed_loop(port: int, paths: list[str], headers: dict[str, str], seconds: float,
                    connections: int, work: Path) -> dict:
    """The same with wrk (two threads, ``connections`` connections); requests/s counts only
    answers that were not errors."""
    script = work / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--timeout",
               f"{int(_open_loop.TIMEOUT_S)}s", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [f"http://127.0.0.1:{port}"], capture_output=True,
                            text=True, timeout=seconds + 60, check=True).stdout
    total = int(re.search(r"(\d+) requests in ([\d.]+)(m?s)", output).group(1))
    elapsed = re.search(r"requests in ([\d.]+)(m?s)", output)
    elapsed_s = float(elapsed.group(1)) / (1000 if elapsed.group(2) == "ms" else 1)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        output)
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return {"rps": round((total - errors) / elapsed_s, 1), "requests": total, "errors": errors}


def find_wrk(driver: str) -> bool:
    """Whether wrk is there to use; installed from Debian's packages when absent and allowed."""
    if driver == "python":
        return False
    if shutil.which("wrk") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is absent: apt-get install -y wrk", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True,
                       timeout=APT_TIMEOUT_S, check=False,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if shutil.which("wrk") is None and driver == "wrk":
        raise RuntimeError("wrk is not installed")
    return shutil.which("wrk") is not None


def first_answer(port: int, path: str, headers: dict[str, str]) -> None:
    """Wait for ``path`` to answer 200 once, within START_TIMEOUT_S: gunicorn listens before
    its workers have built the app, which takes seconds on a busy machine."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=START_TIMEOUT_S)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {body[:300]!r}")


def warm_up(port: int, paths: list[str], headers: dict[str, str]) -> None:
    """Every path a few times, unmeasured, so both workers have opened the index, the database
    and the ZIP table: rounds until one answers every request in time, for at most
    START_TIMEOUT_S (a worker's first search takes seconds on a busy machine); a path that
    answers other than 200, or rounds that keep failing, stop the benchmark."""
    for path in paths:
        first_answer(port, path, headers)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        outcomes = _open_loop.run(port, _open_loop.fixed_rate(len(paths) * 4 / 40, 40,
                                                              [("warm", p) for p in paths]),
                                  senders=8, headers=headers)
        failed = [o for o in outcomes if o.error]
        if not failed:
            return
        if time.monotonic() > deadline or any(o.status not in (0, 200) for o in failed):
            raise RuntimeError(f"warm-up failed: {failed[0]}")


def half_load(port: int, paths: list[str], headers: dict[str, str], rate: float,
              seconds: float) -> dict:
    """Open-loop at ``rate`` requests a second: p50/p99 and errors."""
    outcomes = _open_loop.run(port, _open_loop.fixed_rate(seconds, rate,
                                                          [("half", p) for p in paths]),
                              headers=headers)
    latencies = [o.latency_ms for o in outcomes]
    return {"rate_per_s": round(rate, 1), "requests": len(outcomes),
            "errors": sum(1 for o in outcomes if o.error),
            "error_samples": sorted({o.error for o in outcomes if o.error})[:3],
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "max_ms": round(max(latencies), 1)}


def measure(options: argparse.Namespace, work: Path) -> dict:
    started = time.perf_counter()
    listed, zips, key = prepare(options, work)
    use_wrk = find_wrk(options.driver)
    headers = {"X-API-Key": key}
    endpoints = {"clinics": ["/api/v1/clinics?limit=100"],
                 "search": [f"/api/v1/search?near={z}" for z in zips]}
    result = {"benchmark": "http", "listed_clinics": listed, "data": "bench._search_data",
              "seed": options.seed, "zips_in_mix": len(zips), "seconds": options.seconds,
              "connections": options.connections, "driver": "wrk" if use_wrk else "python",
              "server": "gunicorn gthread, 2 workers", "cores": os.cpu_count(),
              "setup_s": round(time.perf_counter() - started, 1),
              "load_avg_before": round(os.getloadavg()[0], 2)}
    with gunicorn_serving(work) as (port, pid):
        warm_up(port, endpoints["clinics"] + endpoints["search"], headers)
        for name, paths in endpoints.items():
            cpu_before, booted = server_cpu_s(pid), workers_booted(work)
            if use_wrk:
                peak = wrk_closed_loop(port, paths, headers, options.seconds,
                                       options.connections, work)
            else:
                peak = python_closed_loop(port, paths, headers, options.seconds,
                                          options.connections)
            peak["server_cpu_ms_per_request"] = round(
                (server_cpu_s(pid) - cpu_before) * 1000 / max(1, peak["requests"]), 2)
            peak["worker_restarts"], booted = workers_booted(work) - booted, workers_booted(work)
            print(f"{name}: max {peak}", flush=True)
            half = half_load(port, paths, headers, max(1.0, peak["rps"] / 2), options.seconds)
            half["worker_restarts"] = workers_booted(work) - booted
            print(f"{name}: half load {half}", flush=True)
            result[name] = {"max": peak, "half": half}
            result[f"{name}_rps"] = peak["rps"]
            result[f"{name}_p99_ms"] = half["p99_ms"]
            result[f"{name}_cpu_ms"] = peak["server_cpu_ms_per_request"]
        result["load_avg_after"] = round(os.getloadavg()[0], 2)
    result["errors"] = sum(result[name]["max"]["errors"] + result[name]["half"]["errors"]
                           for name in endpoints)
    return result


def verdict(result: dict) -> dict:
    checks = {
        "clinics_rps": result["clinics_rps"] >= TARGETS["clinics_rps"],
        "search_rps": result["search_rps"] >= TARGETS["search_rps"],
        "p99_at_half_load": max(result["clinics_p99_ms"],
                                result["search_p99_ms"]) < TARGETS["p99_ms"],
        "no_errors": result["errors"] == 0,
    }
    return {"checks": checks, "targets_met": all(checks.values())}


def report(result: dict) -> None:
    print(f"{result['listed_clinics']} listed clinics (bench._search_data, seed {result['seed']}); "
          f"{result['server']}; load from {result['driver']}, {result['connections']} "
          f"connections, {result['seconds']} s a phase; {result['cores']} cores")
    for name in ("clinics", "search"):
        print(f"{name:8} max {result[name + '_rps']} requests/s (target >= "
              f"{TARGETS[name + '_rps']}); p99 at half load {result[name + '_p99_ms']} ms "
              f"(target < {TARGETS['p99_ms']}); server CPU {result[name + '_cpu_ms']} ms a "
              f"request")
    print(f"errors: {result['errors']}; load average before {result['load_avg_before']}, "
          f"after {result['load_avg_after']}")
    missed = [name for name, met in result["checks"].items() if not met]
    print("targets met" if not missed else f"targets missed: {', '.join(missed)}")
    print(json.dumps(result, sort_keys=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=5000)
    parser.add_argument("--reviews", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=15.0, help="seconds of each phase")
    parser.add_argument("--connections", type=int, default=8,
                        help="connections of the closed-loop phases")
    parser.add_argument("--driver", choices=("auto", "wrk", "python"), default="auto")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        work = Path(tmp)
        os.environ.update({"PYTHONPATH": str(ROOT), "CLINICS_VAR": str(work),
                           "CLINICS_INDEX_DIR": str(work / "index")})
        result = measure(options, work)
    result.update(verdict(result))
    report(result)
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
