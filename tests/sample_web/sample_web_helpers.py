"""Helpers for the sample web's tests: the in-process web of one seed, page text and links."""
from __future__ import annotations

import html
import re
from functools import lru_cache

from sample_web.facts import SampleClinic, generate, truth
from sample_web.site import build, lookup

SEED = 2026
BASE_URL = "http://127.0.0.1:8001"


@lru_cache(maxsize=2)
def routes(seed: int = SEED):
    return build(seed, BASE_URL)


@lru_cache(maxsize=2)
def clinics(seed: int = SEED) -> tuple[SampleClinic, ...]:
    return tuple(generate(seed))


@lru_cache(maxsize=2)
def records(seed: int = SEED) -> tuple[dict, ...]:
    return tuple(truth(seed, BASE_URL))


def body(path: str, seed: int = SEED) -> str:
    return lookup(routes(seed), path).body.decode()


def visible_text(page: str) -> str:
    """The page's text without scripts, markup or entities."""
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))


def links(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def rel_link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}"', page)
    return html.unescape(found.group(1)) if found else None


def site_paths(clinic: SampleClinic, seed: int = SEED) -> list[str]:
    """The 200 pages a reader of this location's own site sees: for a chain location its own
    page and the shared pages, for any other clinic every page under its site root except
    robots-forbidden and blog pages."""
    table = routes(seed)
    if clinic.chain is not None:
        shared = [clinic.site_root + part for part in ("", "services/", "insurance/", "team/")]
        return [clinic.record["website"], *shared]
    return [path for path, response in table.items()
            if path.startswith(clinic.site_root) and response.status == 200
            and "/private/" not in path and "/blog/" not in path]


def site_text(clinic: SampleClinic, seed: int = SEED) -> str:
    return " ".join(visible_text(body(path, seed)) for path in site_paths(clinic, seed))


def follow_next(first_path: str, seed: int = SEED) -> list[str]:
    """Paths of a paginated list, following rel=next from the first page."""
    paths = [first_path]
    while (following := rel_link(body(paths[-1], seed), "next")) is not None:
        assert following not in paths
        paths.append(following)
    return paths
