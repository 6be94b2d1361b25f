"""axe-core (from the npm registry) finds no serious or critical WCAG problem on any kind of page,
each page fits a 375 px phone without sideways scrolling, and both widths are photographed."""
import pytest

from browsing import MOBILE, run_axe, screenshot_both_widths
from site_data import MAIN_SLUG

# One of each kind of page; the guides share one layout, so one guide stands for them all.
PAGES = {
    "home": "/",
    "results": "/search?near=21201&radius=50&insurance=any&sort=rating",
    "no-results": "/search?near=94103&radius=10&treatment=sgb",
    "search-error": "/search?near=99999",
    "clinic": f"/clinics/{MAIN_SLUG}?page=2",
    "correction-form": f"/clinics/{MAIN_SLUG}/correction",
    "guides": "/guides/",
    "guide": "/guides/questions-to-ask",
    "not-found": "/clinics/no-such-clinic",
    "about": "/about",
    "privacy": "/privacy",
    "contact": "/contact",
}


def open_everything(page) -> None:
    """Open the filter panel and every "where we saw this", so axe checks what they hide."""
    for details in page.locator("details").all():
        details.evaluate("el => { el.open = true; }")
    if page.locator("#results-map").count():
        page.locator("#results-map .leaflet-marker-icon").first.wait_for()


def fits_a_phone(page) -> bool:
    page.set_viewport_size(MOBILE)
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations_and_fits_a_phone(page, live_url, name):
    response = page.goto(live_url + PAGES[name])
    assert response.status in (200, 400, 404)
    open_everything(page)
    assert run_axe(page) == []
    assert page.title().endswith("· Clinic directory") and len(page.title()) > 25
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert len(description) > 40
    assert fits_a_phone(page)
    screenshot_both_widths(page, name)
    assert page.dialogs == [] and page.errors == []


def test_the_correction_form_with_errors_is_accessible(page, live_url):
    page.goto(f"{live_url}/clinics/{MAIN_SLUG}/correction")
    page.get_by_label("Your email (optional)").fill("not an email")
    page.get_by_role("button", name="Send correction").click()
    alert = page.get_by_role("alert")
    assert "Choose which part is wrong." in alert.inner_text()
    message = page.get_by_label("What should it say")
    assert message.get_attribute("aria-invalid") == "true"
    assert "message-error" in message.get_attribute("aria-describedby")
    assert run_axe(page) == []
    screenshot_both_widths(page, "correction-form-errors")


def test_pages_have_their_own_titles(page, live_url):
    titles = set()
    for path in ("/", PAGES["results"], PAGES["clinic"], PAGES["guide"], "/guides/sgb"):
        page.goto(live_url + path)
        titles.add(page.title())
    assert len(titles) == 5
