"""``python -m bench.load``: search latency at a steady rate while a crawl runs and the index
updates.

    python -m bench.load [--rate 20] [--idle 30] [--seconds 60] [--seed 2026]

Everything runs on 127.0.0.1 with state in a temporary CLINICS_VAR:
1. The sample web is served; its clinic sites, review site and directory are added as crawl
   sources (``flask sources add --demo``), and the clinic sites are crawled by the project's
   worker (``flask worker --once``: a real ``scrapy crawl``) into a fresh SQLite database; the
   index is built from it. The site is served by waitress with the threads of ``flask serve``
   (``bench._load_server``), in its own process.
2. Idle: an open-loop load at ``--rate`` requests a second in all, alternating ``/search`` and
   ``/api/v1/search`` over a mix of searches near the crawled clinics, for ``--idle`` seconds.
3. Under load: the same load for ``--seconds`` while ``flask worker`` runs crawl jobs of the
   three sources, one after another (a job of each is kept queued), each a real ``scrapy crawl``
   writing to the same database at CRAWL_NICENESS, and after each job updates the live index for
   the clinics it touched, as in production. The sample web stands for other people's servers,
   whose work is not done on ours: it runs at the crawls' priority too.

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
import http.client
import json
import math
import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import func, select as sql_select

import config
from bench import _open_loop
from clinics import jobs
from clinics.crawl_runner import lower_priority
from clinics.db import engine_for, session_scope
from clinics.provenance import aware
from clinics.models import Clinic, CrawlJob, CrawlSource
from sample_web.process import ROOT, serving

TARGET_P99_RATIO = 2.0
TARGET_RSS_GROWTH = 1.25
SETUP_TIMEOUT_S = 600
FIRST_REQUEST_TIMEOUT_S = 120
# The worker closes a running crawl cleanly when asked to stop; past this it is killed.
WORKER_STOP_TIMEOUT_S = 120
# Crawl sources of the sample web, as an operator adds them (`flask sources add --demo`).
SOURCES = (("sample-reviews", "reviews", "/reviews/"),
           ("sample-directory", "directory", "/directory/"),
           ("sample-clinics", "clinic_site", "/"))
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


def flask_command(*args: str, timeout_s: float = SETUP_TIMEOUT_S) -> str:
    """An operator command (``flask --app webapp ...``); its standard output."""
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout_s, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


class Feeder(threading.Thread):
    """Keeps a crawl of every sample-web source queued, so the worker is never idle."""

    def __init__(self, database_url: str):
        super().__init__(name="job-feeder", daemon=True)
        self.database_url, self.stop = database_url, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with session_scope(self.database_url) as session:
                for name, _, _ in SOURCES:  # in this order, so the short crawls come first
                    source = session.scalar(sql_select(CrawlSource)
                                            .where(CrawlSource.name == name))
                    jobs.enqueue(session, source, "bench")  # keeps the one waiting job
            self.stop.wait(0.5)


@contextmanager
def worker_running() -> Iterator[None]:
    """``flask worker`` for as long as the block runs, then stopped as an operator stops it
    (SIGTERM: the running crawl closes cleanly)."""
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "webapp", "worker"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=WORKER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def jobs_run(database_url: str, since: datetime) -> list[dict]:
    """The crawl jobs started at or after ``since``: spider, status, seconds from ``since`` to
    its start and end, pages, items, and what the index update after it did."""
    with session_scope(database_url) as session:
        found = session.scalars(sql_select(CrawlJob).where(CrawlJob.started_at.is_not(None))
                                .order_by(CrawlJob.id)).all()
        rows = []
        for job in found:
            started = aware(job.started_at)
            if started < since:
                continue
            finished = aware(job.finished_at) if job.finished_at else None
            stats = job.stats or {}
            index = stats.get("index") or {}
            rows.append({
                "spider": job.spider, "status": job.status,
                "started_s": round((started - since).total_seconds(), 1),
                "finished_s": round((finished - since).total_seconds(), 1) if finished else None,
                "pages": int(stats.get("response_received_count", 0)),
                "items": int(stats.get("item_scraped_count", 0)),
                "reindexed": index.get("indexed")})
    return rows


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


def api_query(query: str) -> str:
    """The same search for the API, which pages by cursor rather than by page number."""
    return urlencode([(key, value) for key, value in parse_qsl(query) if key != "page"])


def schedule(mix: list[str], rate: float, seconds: float) -> list[tuple[float, str, str]]:
    paths = [pair for query in mix for pair in (
        ("search", f"/search?{query}"), ("api", f"/api/v1/search?{api_query(query)}"))]
    return _open_loop.fixed_rate(seconds, rate, paths)


def partner_headers() -> dict[str, str]:
    """A partner's key for the API (``flask api-key create``), sent with every request; none
    where the API asks for no key."""
    try:
        key = flask_command("api-key", "create", "load benchmark").strip().splitlines()[-1]
    except RuntimeError:
        return {}
    return {"X-API-Key": key}


def warm_up(port: int, mix: list[str], headers: dict[str, str]) -> None:
    """Every search once, unmeasured, so that both phases meet a server that has opened its
    index, templates and the ZIP table (the first place a process looks up takes seconds);
    any failure here stops the benchmark."""
    for path in (f"/search?{mix[0]}", f"/api/v1/search?{api_query(mix[0])}"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=FIRST_REQUEST_TIMEOUT_S)
        conn.request("GET", path, headers=headers)
        status = conn.getresponse().status
        conn.close()
        if status != 200:
            raise RuntimeError(f"warm-up: {path} answered {status}")
    outcomes = _open_loop.run(port, schedule(mix, 50, len(mix) * 2 / 50), senders=4,
                              headers=headers)
    failed = [o for o in outcomes if o.error]
    if failed:
        raise RuntimeError(f"warm-up failed: {failed[0]}")


def prepare(base_url: str) -> int:
    """Migrate, add the sample web's sources, crawl every clinic site with the worker, build the
    index; the number of listed clinics."""
    flask_command("migrate")
    for name, spider, path in SOURCES:
        flask_command("sources", "add", name, "--spider", spider, "--url", base_url + path,
                      "--demo")
    flask_command("crawl", "sample-clinics")
    flask_command("worker", "--once")
    flask_command("index", "rebuild")
    with session_scope(config.load().database_url) as session:
        return session.scalar(sql_select(func.count()).select_from(Clinic)
                              .where(Clinic.status == "active"))


def measure(options: argparse.Namespace, base_url: str) -> dict:
    clinics = prepare(base_url)
    database_url = config.load().database_url
    mix = query_mix(database_url, options.seed)
    engine_for(database_url).dispose()
    result = {"benchmark": "load", "clinics": clinics, "searches_in_mix": len(mix),
              "rate_per_s": options.rate, "idle_s": options.idle, "load_s": options.seconds,
              "cores": os.cpu_count(), "crawl_niceness": config.load().crawl_niceness}
    headers = partner_headers()
    with site_served() as (port, pid):
        warm_up(port, mix, headers)
        sampler = MemorySampler(pid)
        sampler.start()
        idle = _open_loop.run(port, schedule(mix, options.rate, options.idle), headers=headers)
        result["load_avg_after_idle"] = round(os.getloadavg()[0], 2)
        result["rss_mb_start"] = round(rss_mb(pid), 1)
        began = datetime.now(timezone.utc)
        feeder = Feeder(database_url)
        with worker_running():
            feeder.start()
            loaded = _open_loop.run(port, schedule(mix, options.rate, options.seconds),
                                    headers=headers)
            result["rss_mb_end"] = round(rss_mb(pid), 1)
            result["load_avg_after_load"] = round(os.getloadavg()[0], 2)
            feeder.stop.set()
            sampler.stop.set()
            feeder.join()
        result["rss_mb_max"] = max(sampler.samples, default=result["rss_mb_end"])
    jobs = jobs_run(database_url, began)
    engine_for(database_url).dispose()
    if options.requests_file is not None:
        options.requests_file.write_text(json.dumps(
            [{"phase": phase, **vars(o)} for phase, outcomes in (("idle", idle), ("load", loaded))
             for o in outcomes]))
    result.update(idle=summary(idle), load=summary(loaded), jobs=jobs,
                  errors=sum(1 for o in idle + loaded if o.error),
                  error_samples=sorted({o.error for o in idle + loaded if o.error})[:5])
    result["index_updates_during_load"] = sum(
        1 for job in jobs if job["status"] == "done" and job["reindexed"] is not None
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
        print(f"  crawl job {job['spider']:12} {job['status']:9} from {job['started_s']} s to "
              f"{job['finished_s']} s of the load: {job['pages']} pages, {job['items']} items, "
              f"then {job['reindexed']} clinics re-indexed")
    print(f"p99 under load / idle: {result['p99_ratio']} (target <= {TARGET_P99_RATIO})")
    print(f"web server memory: {result['rss_mb_start']} MB at the start of the load, "
          f"{result['rss_mb_end']} MB at its end, {result['rss_mb_max']} MB at most")
    print(f"errors: {result['errors']} {result['error_samples']}; load average after the idle "
          f"phase {result['load_avg_after_idle']}, after the load {result['load_avg_after_load']}")
    missed = [name for name, met in result["checks"].items() if not met]
    print("targets met" if not missed else f"targets missed: {', '.join(missed)}")
    compact = {key: value for key, value in result.items() if key != "jobs"}
    compact["crawls"] = [f"{job['spider']}:{job['status']}" for job in result["jobs"]]
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
            result = measure(options, base_url)
    result.update(verdict(result))
    report(result)
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
