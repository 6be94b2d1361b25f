"""A patient's first search, in Debian's Chromium: the form works, results and notices show,
and hostile scraped text stays inert."""
import pytest

from clinics import db
from clinics.ingest import upsert_clinic
from search_index import rebuild
from webapp import create_app

from conftest import LiveServer  # noqa: E402  (tests/browser/conftest.py)

# Markup is stripped at ingest; escaped markup survives as literal text and must render as text.
HOSTILE = ("<img src=x onerror=alert(1)><script>alert(2)</script>Calm rooms "
           "&lt;img src=y onerror=alert(4)&gt;")


@pytest.fixture
def live_site(db_url, tmp_path):
    with db.session_scope(db_url) as session:
        for name, zip_code, insurers in [("Harbor Light Ketamine", "21201", ["aetna"]),
                                         ("Chesapeake Infusions", "21401", ["aetna", "cigna"]),
                                         ("Far Away Wellness", "94103", ["aetna"])]:
            upsert_clinic(session, {
                "name": name, "postal_code": zip_code, "insurers": insurers,
                "phone": "410-555-0100", "treatments": ["iv_ketamine"],
                "description": HOSTILE,
                "reviews": [{"rating": 5, "text": '<a href="javascript:alert(3)">click</a> kind',
                             "author": "<b>A.</b>"}],
            }, source_url=f"https://{zip_code}.example/", spider="clinic_site", demo=True)
    rebuild(database_url=db_url, index_dir=tmp_path / "index")
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "INDEX_DIR": tmp_path / "index",
                      "RATELIMIT_ENABLED": False})
    with LiveServer(app) as server:
        yield server.url


def test_search_near_a_zip_with_an_insurer_then_open_a_clinic(page, live_site):
    page.goto(live_site + "/")
    page.get_by_label("ZIP or City, ST").fill("21201")
    page.get_by_label("Within").select_option("100")
    page.get_by_label("Insurance").select_option("aetna")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?**")
    names = page.locator("main h3 a, main h2 a").all_inner_texts()
    assert names == ["Harbor Light Ketamine", "Chesapeake Infusions"]
    body = page.locator("body").inner_text()
    assert "988" in body and "off-label" in body and "Demo data" in body
    page.get_by_role("link", name="Chesapeake Infusions").click()
    assert page.locator("h1").inner_text() == "Chesapeake Infusions"
    assert page.locator('a[href="tel:+14105550100"]').count() >= 1


def test_hostile_scraped_text_shows_as_text_and_never_runs(page, live_site):
    page.goto(live_site + "/search?near=21201&radius=25")
    page.get_by_role("link", name="Harbor Light Ketamine").click()
    page.wait_for_load_state("load")
    assert page.dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert "Calm rooms <img src=y onerror=alert(4)>" in page.locator("main").inner_text()
