"""Pages for tests that need no server: hand-written files under tests/data/clinic_pages/ and
the sample web's pages built in-process, both wrapped as Scrapy responses."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from scrapy.http import HtmlResponse, Request

from sample_web.facts import truth
from sample_web.site import build

ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = ROOT / "tests" / "data" / "clinic_pages"
BASE_URL = "http://127.0.0.1:8001"
SEED = 2026


def saved_page(name: str) -> bytes:
    return (DATA_DIR / name).read_bytes()


def html_response(url: str, body: bytes, request: Request | None = None) -> HtmlResponse:
    return HtmlResponse(url=url, body=body, encoding="utf-8",
                        request=request or Request(url))


@lru_cache(maxsize=1)
def sample_routes():
    return build(SEED, BASE_URL)


@lru_cache(maxsize=1)
def sample_truth() -> tuple[dict, ...]:
    return tuple(truth(SEED, BASE_URL))


def sample_response(path: str, request: Request | None = None) -> HtmlResponse:
    """The sample web's page at path, as the crawler would receive it."""
    return html_response(BASE_URL + path, sample_routes()[path].body, request)


def sample_site_paths(record: dict) -> list[str]:
    """Paths of every page of one invented clinic's site, home first."""
    root = record["website"].removeprefix(BASE_URL)
    return [root] + sorted(p for p in sample_routes()
                           if p.startswith(root) and p != root and sample_routes()[p].status == 200)
