"""What the browser tests do to a page: open it walled in to loopback, photograph it, run axe-core.

Kept apart from conftest.py so test modules can import it by name.
"""
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT_DIR = Path(os.environ.get("BROWSER_OUTPUT_DIR") or ROOT / "var" / "test-output" / "browser")
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}


def _loopback_only(route):
    host = urlsplit(route.request.url).hostname
    if host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
        route.continue_()
    else:
        route.abort()


def open_page(browser, viewport=DESKTOP, **context_options):
    """A page in a fresh context that can reach only loopback and records dialogs."""
    context = browser.new_context(viewport=viewport, **context_options)
    context.route(re.compile(r".*"), _loopback_only)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def screenshot_both_widths(page, name: str) -> list[Path]:
    """Full-page pictures of the current page at mobile and desktop width, in OUTPUT_DIR."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    saved = []
    for label, size in (("375", MOBILE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        path = OUTPUT_DIR / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    page.set_viewport_size(DESKTOP)
    return saved


def run_axe(page) -> list[dict]:
    """axe-core's serious and critical violations on the current page.

    The script is evaluated through the DevTools protocol, which the page's CSP does not govern,
    so the site's policy stays exactly as it is served.
    """
    assert AXE_SOURCE.exists(), f"{AXE_SOURCE} is missing: run `make static` (npm ci)"
    page.evaluate(AXE_SOURCE.read_text())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [node["target"] for node in v["nodes"]][:5]}
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]
