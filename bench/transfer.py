"""``python -m bench.transfer``: bytes a phone downloads for each page, as Chromium counts them.

Debian's chromium opens each page of the site (served on loopback over bench.pages' small
directory) at 375 px and adds up what came over the wire (DevTools' ``encodedDataLength``:
headers plus the body as sent, compressed or not) for a first visit with an empty cache, and for
a second visit to the same page, when versioned static files come from the browser's cache. The
results page is also measured with its map opened. The last line printed is one JSON object;
the exit status is 1 when Chromium is missing or the results page's first visit is over the
target.
"""
from __future__ import annotations

import argparse
import json
import sys

from bench._served_site import chromium_path, served_site

TARGET_RESULTS_KB = 100.0
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


class _Counter:
    """Bytes of every response finished while it counts, by DevTools request id."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}
        self.counting = False

    def __call__(self, event: dict) -> None:
        if self.counting:
            self.sizes[event["requestId"]] = event["encodedDataLength"]


def _open_map(page) -> None:
    page.locator("#map-title").click()
    page.locator("#results-map path.map-state").first.wait_for(state="attached", timeout=10_000)


def measure(browser, url: str, open_map: bool = False) -> dict[str, int]:
    """Bytes and requests for a first and a second visit of ``url`` in one fresh context."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    counter = _Counter()
    client.on("Network.loadingFinished", counter)
    result = {}
    for visit in ("first", "repeat"):
        counter.sizes, counter.counting = {}, True
        page.goto(url, wait_until="load")
        if open_map:
            _open_map(page)
        page.wait_for_load_state("networkidle")
        counter.counting = False
        result[f"{visit}_bytes"] = sum(counter.sizes.values())
        result[f"{visit}_requests"] = len(counter.sizes)
    context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_known_args(argv)
    chromium = chromium_path()
    if chromium is None:
        print(json.dumps({"benchmark": "transfer", "ok": False,
                          "error": "Debian's chromium is not installed"}))
        return 1
    from playwright.sync_api import sync_playwright

    with served_site() as (base, pages, source), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=FLAGS)
        weights = {name: measure(browser, base + path) for name, path in pages.items()}
        weights["results_with_map"] = measure(browser, base + pages["results"], open_map=True)
        browser.close()
    first_kb = weights["results"]["first_bytes"] / 1024
    result = {"benchmark": "transfer", "data": source, "pages": weights,
              "results_first_kb": round(first_kb, 1), "target_results_kb": TARGET_RESULTS_KB,
              "ok": first_kb <= TARGET_RESULTS_KB}
    print(f"bytes over the wire (first visit / repeat visit): "
          + ", ".join(f"{name} {w['first_bytes']:,} / {w['repeat_bytes']:,}"
                      for name, w in weights.items()), file=sys.stderr)
    print(json.dumps(result, sort_keys=True))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
