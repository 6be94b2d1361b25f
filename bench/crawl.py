"""Crawl benchmark: pages per minute of the full pipeline against Scrapy's raw fetch rate.

Serves the sample web on 127.0.0.1, then in one run measures (a) the full pipeline: the
``clinic_site`` spider over the whole sample web (fetch, extract, validate, merge, write into a
fresh SQLite database) and (b) a do-nothing spider fetching the very pages (a) received. Both run
with the same project settings and throttling off. The last line printed is one JSON object with
``pages``, ``pages_per_min``, ``raw_pages_per_min`` and ``ratio``.

Targets (issue 3): the full pipeline at least 60% of the raw rate and at least 1,500 pages/min;
the exit status is 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from sample_web.process import ROOT, serving

TARGET_RATIO = 0.6
TARGET_PAGES_PER_MIN = 1500
# Our own loopback server is owed no politeness: no delay, no throttle, no per-host cap, and its
# one flaky page (which only the first run meets) is retried after a short pause.
UNTHROTTLED = {"AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS": "16",
               "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "DOMAIN_PAGE_LIMIT": "0",
               "RETRY_BACKOFF_BASE_S": "0.1", "HTTPCACHE_ENABLED": "0", "LOG_LEVEL": "WARNING"}
EXTENSIONS = {"crawler.jobdir.JobDirGuard": 10, "crawler.extensions.StatsFile": 500,
              "bench._probe.FetchedUrls": 510}


def _scrapy(args: list[str], settings: dict[str, str], env: dict[str, str]) -> float:
    """Runs one crawl; returns the CPU seconds it took, its writer process and start-up
    included."""
    argv = [sys.executable, "-m", "scrapy", *args]
    for key, value in {**UNTHROTTLED, **settings}.items():
        argv += ["-s", f"{key}={value}"]
    before = _children_cpu_s()
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return round(_children_cpu_s() - before, 2)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _rate(stats_file: Path) -> tuple[int, float, dict]:
    stats = json.loads(stats_file.read_text())
    pages = int(stats.get("response_received_count", 0))
    return pages, pages / stats["elapsed_time_seconds"] * 60, stats


def measure(base_url: str, work: Path) -> dict:
    """Both measurements against one running sample web."""
    database = work / "bench.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(work),
           "DATABASE_URL": f"sqlite:///{database}", "CRAWL_ALLOW_PRIVATE": "1"}
    subprocess.run([sys.executable, "-m", "clinics", "migrate"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    urls, full_stats, raw_stats = work / "urls.txt", work / "full.json", work / "raw.json"
    cpu_s = _scrapy(["crawl", "clinic_site", "-a", f"start_url={base_url}/", "-a", "demo=1"],
                    {"EXTENSIONS": json.dumps(EXTENSIONS), "BENCH_URLS_FILE": str(urls),
                     "STATS_FILE": str(full_stats)}, env)
    raw_cpu_s = _scrapy(["runspider", str(ROOT / "bench" / "_raw_spider.py"),
                         "-a", f"urls_file={urls}"], {"STATS_FILE": str(raw_stats)}, env)
    pages, per_min, stats = _rate(full_stats)
    raw_pages, raw_per_min, _ = _rate(raw_stats)
    return {"pages": pages, "pages_per_min": round(per_min), "raw_pages": raw_pages,
            "raw_pages_per_min": round(raw_per_min), "ratio": round(per_min / raw_per_min, 3),
            "items": int(stats.get("item_scraped_count", 0)),
            "seconds": round(stats["elapsed_time_seconds"], 2),
            "cpu_s": cpu_s, "raw_cpu_s": raw_cpu_s}


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(work)}
        with serving(options.seed, env) as base_url:
            result = measure(base_url, work)
    result["targets_met"] = (result["ratio"] >= TARGET_RATIO
                             and result["pages_per_min"] >= TARGET_PAGES_PER_MIN)
    print(f"full pipeline: {result['pages']} pages, {result['items']} clinic items in "
          f"{result['seconds']} s = {result['pages_per_min']} pages/min")
    print(f"raw fetch:     {result['raw_pages']} pages = {result['raw_pages_per_min']} pages/min")
    print(f"CPU seconds (start-up included): full pipeline {result['cpu_s']}, "
          f"raw fetch {result['raw_cpu_s']}; this machine has {os.cpu_count()} cores")
    print(f"ratio {result['ratio']:.0%} (target {TARGET_RATIO:.0%}: "
          f"{_verdict(result['ratio'] >= TARGET_RATIO)}), {result['pages_per_min']} pages/min "
          f"(target {TARGET_PAGES_PER_MIN}: "
          f"{_verdict(result['pages_per_min'] >= TARGET_PAGES_PER_MIN)})")
    print(json.dumps(result, sort_keys=True))
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
