"""``python -m bench.lighthouse``: Lighthouse's scores for the home, results and clinic pages.

Lighthouse (pinned in package.json, installed by `make static`) runs with its mobile defaults in
Debian's chromium against the site served on loopback over bench.pages' small directory; Chromium's
background networking is off, so nothing but the site is asked for anything. Each page is scored
for performance, accessibility and best practices (the median of RUNS runs, as Lighthouse advises
for scores that vary with the machine's load); the last line printed is one JSON object, and
the exit status is 1 when a score misses its target or Lighthouse cannot run.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench._served_site import chromium_path, served_site

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
# Lighthouse's own advice: scores vary from run to run with the machine's load, so report the
# median of several runs.
RUNS = 3
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"


def scores(url: str, chromium: Path, report: Path) -> dict[str, int]:
    """Lighthouse's category scores (0-100) for ``url``; RuntimeError with its output on failure."""
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--chrome-flags={CHROME_FLAGS}",
               f"--only-categories={','.join(TARGETS)}"]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": str(chromium)},
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed ({done.returncode}): {done.stderr[-2000:]}")
    categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in TARGETS}


def failures(report: Path) -> list[str]:
    """The audits that cost points, for the reader to fix: "category: audit title"."""
    data = json.loads(report.read_text())
    lost = []
    for name in TARGETS:
        for ref in data["categories"][name]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                lost.append(f"{name}: {audit['title']} ({audit.get('displayValue', '')})")
    return lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_known_args(argv)
    chromium = chromium_path()
    missing = ("Debian's chromium is not installed" if chromium is None else
               "Lighthouse is not installed: run `make static`" if not LIGHTHOUSE.exists() else None)
    if missing:
        print(json.dumps({"benchmark": "lighthouse", "ok": False, "error": missing}))
        return 1
    results, lost = {}, {}
    with served_site() as (base, pages, source), tempfile.TemporaryDirectory() as out:
        for name, path in pages.items():
            runs = []
            for run in range(RUNS):
                report = Path(out) / f"{name}-{run}.json"
                runs.append(scores(base + path, chromium, report))
                lost[name] = failures(report)
            results[name] = {category: statistics.median(run[category] for run in runs)
                             for category in TARGETS}
    ok = all(score >= TARGETS[category]
             for page in results.values() for category, score in page.items())
    for name, audits in lost.items():
        for audit in audits:
            print(f"{name}: {audit}", file=sys.stderr)
    print(json.dumps({"benchmark": "lighthouse", "data": source, "scores": results,
                      "targets": TARGETS, "ok": ok}, sort_keys=True))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
