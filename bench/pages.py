"""``python -m bench.pages``: how fast the results page is served, and how heavy each page is.

Server time is measured in-process with Flask's test client (request in, whole body out: routing,
search, the database reads for the page's cards, rendering), on the search benchmark's seeded
20,000-clinic directory, over a mix of searches a patient makes. Page weight is the HTML plus every
stylesheet, script and image it references (and what those stylesheets reference), uncompressed,
before any map tile. The last line printed is one JSON object; the exit status is 1 when a target
is missed.

Targets (issue 5): results page p95 under 50 ms; no page heavier than 300 KB before tiles.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sqlalchemy import func, select

from clinics.db import engine_for, session_scope
from clinics.models import Clinic, Review
from search_index import generations, rebuild
from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 50.0
TARGET_PAGE_KB = 300.0
CLINICS, REVIEWS, SEED = 20_000, 200_000, 2026
# Searches near large cities and small towns, with the filters and orders people use.
SEARCHES = (
    "near=10001", "near=21201&insurance=aetna", "near=60601&radius=50&sliding_scale=1",
    "near=90012&treatment=iv_ketamine&sort=rating", "near=77002&insurance=any&page=2",
    "near=Baltimore,+MD&radius=100&insurance=cigna&sliding_scale=1",
    "q=ptsd&near=30303&radius=50", "q=spravato&near=98101", "near=59601&radius=100",
    "near=33101&radius=10&payment_plans=1", "q=ketamine+infusion", "near=02108&sort=rating",
)
_ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')
_CSS_URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")


def benchmark_data(small: bool) -> tuple[str, str]:
    """(database URL, where it came from): the search benchmark's data, or a small set of ours."""
    try:
        from bench import _search_data
    except ImportError:
        _search_data = None
    if _search_data is not None and not small:
        url, _ = _search_data.ensure_database(CLINICS, REVIEWS, SEED)
        return url, f"bench._search_data ({CLINICS} clinics, {REVIEWS} reviews, seed {SEED})"
    return _small_directory(), "a small seeded directory of bench.pages (search data unavailable)"


def _small_directory() -> str:
    """A few hundred clinics at real ZIP centres, for when the search benchmark's data is absent."""
    import random
    import tempfile

    from clinics.db import migrate
    from clinics.geo import zip_point

    path = Path(tempfile.gettempdir()) / "bench-pages-small.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists():
        return url
    migrate(url)
    rng = random.Random(SEED)
    zips = ["10001", "21201", "60601", "90012", "77002", "30303", "98101", "33101", "02108"]
    with session_scope(url) as session:
        for n in range(600):
            lat, lon, city, state = zip_point(rng.choice(zips))
            session.add(Clinic(
                slug=f"small-{n}", name=f"Clinic {n}", city=city.title(), state=state,
                lat=lat + rng.uniform(-.3, .3), lon=lon + rng.uniform(-.3, .3),
                insurance_accepted=rng.choice(("yes", "no", "unknown")),
                insurers=rng.sample(["aetna", "cigna", "bcbs"], 2), sliding_scale=rng.random() < .5,
                treatments=["iv_ketamine"], conditions=["depression"], status="active"))
    return url


def index_for(database_url: str) -> Path:
    """The index of ``database_url``, built once per database file and search schema."""
    schema = (ROOT / "search_index" / "schema.py").read_bytes()
    database = Path(database_url.removeprefix("sqlite:///"))
    key = hashlib.sha256(schema + database.name.encode()).hexdigest()[:12]
    index_dir = database.with_name(f"{database.stem}-pages-index-{key}")
    if generations.current(index_dir) is None:
        rebuild(database_url=database_url, index_dir=index_dir)
    return index_dir


def time_searches(client, rounds: int) -> list[float]:
    """Milliseconds per results page, after one warm-up pass over every search."""
    for query in SEARCHES:
        assert client.get(f"/search?{query}").status_code == 200, query
    timings = []
    for _ in range(rounds):
        for query in SEARCHES:
            start = time.perf_counter()
            response = client.get(f"/search?{query}")
            response.get_data()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def page_weight_kb(client, path: str) -> float:
    """HTML plus referenced stylesheets, scripts and images (each once), in kilobytes."""
    html = client.get(path).get_data(as_text=True)
    seen, total = set(), len(html.encode())
    pending = [urljoin(path, ref) for ref in _ASSET.findall(html)]
    while pending:
        url = pending.pop()
        local = urlsplit(url).path
        if local in seen or not local.startswith("/static/"):
            continue
        seen.add(local)
        body = client.get(local).get_data()
        total += len(body)
        if local.endswith(".css"):
            pending += [urljoin(local, ref) for ref in _CSS_URL.findall(body.decode())
                        if not ref.startswith("data:")]
    return total / 1024


def heaviest_clinic(database_url: str) -> str:
    with session_scope(database_url) as session:
        stmt = (select(Clinic.slug).join(Review).where(Clinic.status == "active")
                .group_by(Clinic.id).order_by(func.count(Review.id).desc()).limit(1))
        return session.scalar(stmt) or session.scalar(select(Clinic.slug).limit(1))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="passes over the searches")
    parser.add_argument("--small", action="store_true", help="use a small directory instead")
    args, _ = parser.parse_known_args(argv)

    database_url, source = benchmark_data(args.small)
    index_dir = index_for(database_url)
    app = create_app({"DATABASE_URL": database_url, "INDEX_DIR": index_dir,
                      "RATELIMIT_ENABLED": False, "SECRET_KEY": "bench"})
    client = app.test_client()
    timings = time_searches(client, args.rounds)
    clinic = heaviest_clinic(database_url)
    pages = {"home": "/", "results": f"/search?{SEARCHES[0]}", "clinic": f"/clinics/{clinic}",
             "correction": f"/clinics/{clinic}/correction", "guide": "/guides/questions-to-ask"}
    weights = {name: round(page_weight_kb(client, path), 1) for name, path in pages.items()}
    engine_for(database_url).dispose()

    p95 = percentile(timings, 0.95)
    result = {
        "benchmark": "pages", "data": source, "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(p95, 2),
        "max_ms": round(max(timings), 2), "max_page_kb": max(weights.values()),
        "page_kb": weights, "target_p95_ms": TARGET_P95_MS, "target_page_kb": TARGET_PAGE_KB,
    }
    result["ok"] = p95 < TARGET_P95_MS and result["max_page_kb"] <= TARGET_PAGE_KB
    print(f"results page server time: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms "
          f"over {len(timings)} requests ({source})", file=sys.stderr)
    print(f"page weight before tiles (KB): {weights}", file=sys.stderr)
    print(json.dumps(result, sort_keys=True))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
