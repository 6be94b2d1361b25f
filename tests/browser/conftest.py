"""A real headless Chromium (Debian's) driven by Playwright, against the app served on 127.0.0.1.

One browser and one live server per test module keep the suite fast. Every page a test opens
runs under the site's real Content Security Policy and CSRF protection, may reach nothing but
127.0.0.1, records any JavaScript dialog, and is photographed at 375 px and 1280 px wide into
``BROWSER_OUTPUT_DIR`` (default var/test-output/browser) when its test fails.
"""
import os
import re
import shutil
from pathlib import Path

import pytest

from browsing import open_page, screenshot_both_widths
from live_server import LiveServer
from databases import drop_database
from site_data import build_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LEAFLET = ROOT / "webapp" / "static" / "vendor" / "leaflet" / "leaflet.js"
# Tiles point at a closed loopback port: the map must work when tiles cannot load.
DEAD_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


def _require(path: Path, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: {how}")


@pytest.fixture(scope="module")
def chromium():
    """One browser per test module: Playwright's sync API keeps an event loop running while it is
    open, which other tests' own ``asyncio.run`` must not meet."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip("Debian's chromium is not installed")
    _require(LEAFLET, "run `make static` to install Leaflet from package-lock.json")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def fresh_output_dir():
    """Screenshots of this run only: pictures left by an earlier run would mislead."""
    from browsing import OUTPUT_DIR

    for old in OUTPUT_DIR.glob("*.png"):
        old.unlink()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The browsed directory, built once; modules that write to it only add corrections."""
    built = build_site(tmp_path_factory.mktemp("browser_site"))
    yield built
    drop_database(built.database_url)


def make_app(site, **overrides):
    """The app over the browsed directory, with the site's real CSRF, CSP and rate limits."""
    from webapp import create_app

    settings = {"DATABASE_URL": site.database_url, "INDEX_DIR": site.index_dir,
                "SECRET_KEY": "browser tests", "MAP_TILE_URL": DEAD_TILES,
                "MAP_TILE_ATTRIBUTION": "Test tiles", "RATELIMIT_STORAGE_URI": "memory://",
                "SEARCH_PAGE_SIZE": 10,
                **overrides}
    return create_app(settings)


@pytest.fixture(scope="module")
def live_url(site, tmp_path_factory, monkeypatch_module):
    """The site on a free loopback port for the module's tests, with CSRF and rate limits on."""
    monkeypatch_module.setenv("CLINICS_VAR", str(tmp_path_factory.mktemp("browser_var")))
    with LiveServer(make_app(site)) as server:
        yield server.url


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture
def page(chromium, request):
    page = open_page(chromium)
    yield page
    if getattr(request.node, "browser_failed", False) and page.url.startswith("http"):
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.nodeid.split("::")[-1])
        screenshot_both_widths(page, f"failed-{safe}")
    page.context.close()


