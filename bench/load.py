"""``python -m bench.load``: search latency at a steady rate while a crawl runs and the index
updates.

    python -m bench.load [--rate 20] [--idle 30] [--seconds 60] [--seed 2026]

Everything runs on 127.0.0.1 with state in a temporary CLINICS_VAR:
1. The sample web is served and crawled by a real ``scrapy crawl clinic_site`` into a fresh
   SQLite database; the index is built from it. The site is served by waitress with the threads
   of ``flask serve`` (``bench._load_server``), in its own process.
2. Idle: an open-loop load at ``--rate`` requests a second in all, alternating ``/search`` and
   ``/api/v1/search`` over a mix of searches near the crawled clinics, for ``--idle`` seconds.
3. Under load: the same load for ``--seconds`` while a worker loop crawls the sample web again
   (reviews, directory, NPI registry, clinic sites, in turn, as real ``scrapy crawl`` processes
   started by ``clinics.crawl_runner`` at CRAWL_NICENESS, writing to the same database) and,
   after each crawl, updates the live index for the clinics it touched (``flask index update
   --since``, at the same priority), as the crawl worker does after a job. The sample web
   stands for other people's servers, whose work is not done on ours: it runs at that priority
   too.

Latency runs from each request's scheduled time to its last byte (``bench._open_loop``). An error
is any answer other than a 200 with a body, or no answer. The web server's resident memory is
sampled every second, and the machine's load average is noted after each phase (other work on
the machine shows there). The last line printed is one JSON object.

Targets (issue 11): no errors; p99 under load within 2x the idle p99 on each endpoint; the web
server's memory at the end of the load within 25% of its memory at the start. The exit status is 1
when one is missed.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import select
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from itertools import cycle
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

from sqlalchemy import func, select as sql_select

import config
from bench import _open_loop
from clinics.crawl_runner import lower_priority, run_crawl
from clinics.db import engine_for, session_scope
from clinics.models import Clinic
from sample_web.process import ROOT, serving

TARGET_P99_RATIO = 2.0
TARGET_RSS_GROWTH = 1.25
SETUP_CRAWL_TIMEOUT_S = 600
# A crawl still running when the load ends may finish within this; then it is stopped.
LATE_CRAWL_TIMEOUT_S = 180
# Our own loopback sample web is owed no politeness (as in bench.crawl and `flask demo-data`).
UNTHROTTLED = {"AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS": "16",
               "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "DOMAIN_PAGE_LIMIT": "0",
               "RETRY_BACKOFF_BASE_S": "0.1", "HTTPCACHE_ENABLED": "0", "LOG_LEVEL": "WARNING"}
# Search shapes people send: a ZIP, a city, filters, a second page, words with or without place.
SHAPES = (
    {"near": "{zip}"},
    {"near": "{zip}", "insurance": "aetna"},
    {"near": "{city}, {state}", "radius": "50", "sliding_scale": "1"},
    {"q": "ptsd", "near": "{zip}", "radius": "100"},
    {"near": "{zip}", "treatment": "iv_ketamine", "sort": "rating"},
    {"near": "{zip}", "insurance": "any", "page": "2"},
    {"q": "spravato", "near": "{city}, {state}"},
    {"q": "ketamine infusion"},
)


def crawl_plan(base_url: str) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """The crawls of the load phase, in the order `flask demo-data` runs the sources."""
    return [
        ("reviews", {"start_url": f"{base_url}/reviews/", "demo": "1"}, {}),
        ("directory", {"start_url": f"{base_url}/directory/", "demo": "1",
                       "follow_websites": "0"}, {}),
        ("npi_registry", {}, {"NPI_API_URL": f"{base_url}/npi/api/"}),
        ("clinic_site", {"start_url": f"{base_url}/", "demo": "1"}, {}),
    ]


def crawl(work: Path, spider: str, arguments: dict[str, str], settings: dict[str, str],
          timeout_s: float) -> dict:
    """One real crawl to its end, started as the worker starts one (``clinics.crawl_runner``, at
    CRAWL_NICENESS); what it did (seconds, exit code, pages, items)."""
    name = f"{spider}-{time.monotonic_ns()}"
    stats_file = work / f"{name}.json"
    began = time.perf_counter()
    try:
        outcome = run_crawl(spider, arguments,
                            {**UNTHROTTLED, **settings, "STATS_FILE": str(stats_file)},
                            timeout_s=timeout_s, log_name=f"{name}.log")
        returncode, log = outcome.returncode, outcome.log_path.read_text(errors="replace")
    except subprocess.TimeoutExpired:
        returncode, log = -1, f"stopped after {timeout_s:.0f} s"
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    job = {"spider": spider, "returncode": returncode,
           "seconds": round(time.perf_counter() - began, 1),
           "pages": int(stats.get("response_received_count", 0)),
           "items": int(stats.get("item_scraped_count", 0))}
    if returncode != 0:
        job["log_tail"] = log[-2000:]
    return job


def update_index(since: datetime) -> dict:
    """``flask index update --since`` in its own process at the crawl's priority, as the worker
    runs it after a job."""
    argv = [sys.executable, "-m", "flask", "--app", "webapp", "index", "update", "--since",
            since.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")]
    with subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        lower_priority(process.pid, config.load().crawl_niceness)
        stdout, stderr = process.communicate(timeout=300)
    if process.returncode != 0:
        return {"returncode": process.returncode, "error": stderr[-2000:]}
    return {"returncode": 0, **json.loads(stdout.strip().splitlines()[-1])}


class Worker(threading.Thread):
    """Crawls and index updates, one after another, until told to stop."""

    def __init__(self, work: Path, base_url: str, deadline: float):
        super().__init__(name="crawl-worker", daemon=True)
        self.work, self.plan = work, cycle(crawl_plan(base_url))
        self.deadline = deadline  # time.perf_counter() after which a crawl is stopped
        self.stop = threading.Event()
        self.jobs: list[dict] = []

    def run(self) -> None:
        while not self.stop.is_set():
            spider, arguments, settings = next(self.plan)
            # `index update --since` reads whole seconds: truncated, it is not after the start.
            since = datetime.now(timezone.utc).replace(microsecond=0)
            job = crawl(self.work, spider, arguments, settings,
                        timeout_s=max(1.0, self.deadline - time.perf_counter()))
            job["index_update"] = update_index(since)
            job["finished_s"] = time.perf_counter()
            self.jobs.append(job)


def child_pids() -> list[int]:
    """The processes this one has started and not yet reaped (Linux's /proc)."""
    pids = []
    for task in Path("/proc/self/task").iterdir():
        children = task / "children"
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
    return pids


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class MemorySampler(threading.Thread):
    """The web server's resident memory, once a second."""

    def __init__(self, pid: int):
        super().__init__(name="rss-sampler", daemon=True)
        self.pid, self.stop, self.samples = pid, threading.Event(), []

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.samples.append(round(rss_mb(self.pid), 1))


@contextmanager
def site_served() -> Iterator[tuple[int, int]]:
    """(port, pid) of the site served by ``bench._load_server``, stopped when the block ends."""
    process = subprocess.Popen([sys.executable, "-m", "bench._load_server"], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("Serving on http://127.0.0.1:"):
            raise RuntimeError(f"the site did not start: {line!r}")
        yield int(line.rsplit(":", 1)[1]), process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def query_mix(database_url: str, seed: int) -> list[str]:
    """Query strings near places the crawl found clinics, one per shape per place picked."""
    with session_scope(database_url) as session:
        places = session.execute(
            sql_select(Clinic.postal_code, Clinic.city, Clinic.state)
            .where(Clinic.status == "active", Clinic.postal_code.is_not(None),
                   Clinic.city.is_not(None), Clinic.state.is_not(None))
            .order_by(Clinic.id)).all()
    if not places:
        raise RuntimeError("the crawl found no clinic with a place")
    rng = random.Random(seed)
    picked = rng.sample(places, min(6, len(places)))
    mix = []
    for zip_code, city, state in picked:
        for shape in SHAPES:
            mix.append(urlencode({key: value.format(zip=zip_code, city=city, state=state)
                                  for key, value in shape.items()}))
    rng.shuffle(mix)
    return mix


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least ``share`` of the values reach."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(outcomes: list[_open_loop.Outcome]) -> dict:
    """Figures per endpoint kind, over answered and failed requests alike."""
    figures = {}
    for kind in sorted({o.kind for o in outcomes}):
        mine = [o for o in outcomes if o.kind == kind]
        latencies = [o.latency_ms for o in mine]
        figures[kind] = {
            "requests": len(mine), "errors": sum(1 for o in mine if o.error),
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "max_ms": round(max(latencies), 1)}
    return figures


def schedule(mix: list[str], rate: float, seconds: float) -> list[tuple[float, str, str]]:
    paths = [pair for query in mix
             for pair in (("search", f"/search?{query}"), ("api", f"/api/v1/search?{query}"))]
    return _open_loop.fixed_rate(seconds, rate, paths)


def warm_up(port: int, mix: list[str]) -> None:
    """Every search once, unmeasured, so that both phases meet a server that has opened its
    index and templates; any failure here stops the benchmark."""
    outcomes = _open_loop.run(port, schedule(mix, 50, len(mix) * 2 / 50), senders=4)
    failed = [o for o in outcomes if o.error]
    if failed:
        raise RuntimeError(f"warm-up failed: {failed[0]}")


def prepare(work: Path, base_url: str) -> int:
    """Migrate, crawl every clinic site, build the index; the number of listed clinics."""
    subprocess.run([sys.executable, "-m", "clinics", "migrate"], cwd=ROOT, check=True,
                   capture_output=True)
    _, arguments, settings = crawl_plan(base_url)[-1]
    job = crawl(work, "clinic_site", arguments, settings, SETUP_CRAWL_TIMEOUT_S)
    if job["returncode"] != 0:
        raise RuntimeError(f"the setup crawl failed:\n{job.get('log_tail', '')}")
    subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "index", "rebuild"],
                   cwd=ROOT, check=True, capture_output=True)
    with session_scope(config.load().database_url) as session:
        return session.scalar(sql_select(func.count()).select_from(Clinic)
                              .where(Clinic.status == "active"))


def measure(options: argparse.Namespace, work: Path, base_url: str) -> dict:
    clinics = prepare(work, base_url)
    database_url = config.load().database_url
    mix = query_mix(database_url, options.seed)
    engine_for(database_url).dispose()
    result = {"benchmark": "load", "clinics": clinics, "searches_in_mix": len(mix),
              "rate_per_s": options.rate, "idle_s": options.idle, "load_s": options.seconds,
              "cores": os.cpu_count(), "crawl_niceness": config.load().crawl_niceness}
    with site_served() as (port, pid):
        warm_up(port, mix)
        sampler = MemorySampler(pid)
        sampler.start()
        idle = _open_loop.run(port, schedule(mix, options.rate, options.idle))
        result["load_avg_after_idle"] = round(os.getloadavg()[0], 2)
        result["rss_mb_start"] = round(rss_mb(pid), 1)
        began = time.perf_counter()
        worker = Worker(work, base_url, began + options.seconds + LATE_CRAWL_TIMEOUT_S)
        worker.start()
        loaded = _open_loop.run(port, schedule(mix, options.rate, options.seconds))
        result["rss_mb_end"] = round(rss_mb(pid), 1)
        result["load_avg_after_load"] = round(os.getloadavg()[0], 2)
        worker.stop.set()
        sampler.stop.set()
        worker.join(LATE_CRAWL_TIMEOUT_S + 320)
        result["rss_mb_max"] = max(sampler.samples, default=result["rss_mb_end"])
    jobs = worker.jobs
    for job in jobs:
        job["finished_s"] = round(job["finished_s"] - began, 1)
    if options.requests_file is not None:
        options.requests_file.write_text(json.dumps(
            [{"phase": phase, **vars(o)} for phase, outcomes in (("idle", idle), ("load", loaded))
             for o in outcomes]))
    result.update(idle=summary(idle), load=summary(loaded), jobs=jobs,
                  errors=sum(1 for o in idle + loaded if o.error),
                  error_samples=sorted({o.error for o in idle + loaded if o.error})[:5])
    result["index_updates_during_load"] = sum(
        1 for job in jobs if job["index_update"].get("returncode") == 0
        and job["finished_s"] <= options.seconds)
    return result


def verdict(result: dict) -> dict:
    ratios = {kind: round(result["load"][kind]["p99_ms"] / result["idle"][kind]["p99_ms"], 2)
              for kind in result["idle"]}
    checks = {
        "no_errors": result["errors"] == 0,
        "p99_within_2x_idle": all(ratio <= TARGET_P99_RATIO for ratio in ratios.values()),
        "memory_flat": result["rss_mb_end"] <= result["rss_mb_start"] * TARGET_RSS_GROWTH,
        "crawled_during_load": result["index_updates_during_load"] >= 1,
    }
    return {"p99_ratio": ratios, "checks": checks, "targets_met": all(checks.values())}


def report(result: dict) -> None:
    print(f"{result['clinics']} clinics crawled from the sample web; {result['rate_per_s']} "
          f"requests/s (half /search, half /api/v1/search), {result['cores']} cores")
    for phase in ("idle", "load"):
        for kind, figures in result[phase].items():
            print(f"{phase:5} {kind:6} {figures}")
    for job in result["jobs"]:
        update = job["index_update"]
        print(f"  crawl {job['spider']:12} {job['seconds']:6.1f} s, {job['pages']} pages, "
              f"{job['items']} items, exit {job['returncode']}; index update: "
              f"{update.get('indexed', update.get('error', '?'))} clinics, done at "
              f"{job['finished_s']} s")
    print(f"p99 under load / idle: {result['p99_ratio']} (target <= {TARGET_P99_RATIO})")
    print(f"web server memory: {result['rss_mb_start']} MB at the start of the load, "
          f"{result['rss_mb_end']} MB at its end, {result['rss_mb_max']} MB at most")
    print(f"errors: {result['errors']} {result['error_samples']}; load average after the idle "
          f"phase {result['load_avg_after_idle']}, after the load {result['load_avg_after_load']}")
    missed = [name for name, met in result["checks"].items() if not met]
    print("targets met" if not missed else f"targets missed: {', '.join(missed)}")
    compact = {key: value for key, value in result.items() if key != "jobs"}
    compact["crawls"] = [f"{job['spider']}:{job['returncode']}" for job in result["jobs"]]
    print(json.dumps(compact, sort_keys=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20.0, help="requests a second, in all")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle load")
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds of load with crawls")
    parser.add_argument("--seed", type=int, default=2026, help="the sample web's seed")
    parser.add_argument("--requests-file", type=Path, default=None,
                        help="also write every request (phase, kind, start, ms, status) as JSON")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        work = Path(tmp)
        # Every process of the run (site, crawls, index updates) keeps its state in here.
        os.environ.update({"PYTHONPATH": str(ROOT), "CLINICS_VAR": str(work),
                           "DATABASE_URL": f"sqlite:///{work / 'clinics.sqlite3'}",
                           "CLINICS_INDEX_DIR": str(work / "index"), "CRAWL_ALLOW_PRIVATE": "1"})
        with serving(options.seed, dict(os.environ)) as base_url:
            # The sample web stands for other people's servers: in production its work is not
            # done on the machine that serves the site, so it yields the processor like a crawl.
            for pid in child_pids():
                lower_priority(pid, config.load().crawl_niceness)
            result = measure(options, work, base_url)
    result.update(verdict(result))
    report(result)
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
