"""Scraped text is hostile: markup in names, descriptions, hours, reviews and links shows as text in
Chromium, on every page that shows it, and nothing in it runs."""
from site_data import HOSTILE_NAME, HOSTILE_SLUG, HOSTILE_TEXT

PAGES = ("/search?near=21202&radius=10", f"/clinics/{HOSTILE_SLUG}",
         f"/clinics/{HOSTILE_SLUG}/correction", "/search?q=evil")


def assert_inert(page):
    assert page.dialogs == []
    assert page.errors == []
    # Map tiles are the only images a page may hold.
    assert page.locator("main img:not(.leaflet-tile)").count() == 0
    assert page.locator('[onerror], [onmouseover]').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    scripts = page.locator("script").evaluate_all(
        "els => els.map(el => el.src ? 'src' : el.type)")
    assert set(scripts) <= {"src", "application/json", "application/ld+json"}


def test_hostile_text_is_shown_as_text_on_every_page_and_never_runs(page, live_url):
    for path in PAGES:
        page.goto(live_url + path)
        page.wait_for_load_state("load")
        assert_inert(page)
        assert HOSTILE_NAME in page.locator("main").inner_text()


def test_hostile_text_on_the_clinic_page_reads_exactly_as_scraped(page, live_url):
    page.goto(f"{live_url}/clinics/{HOSTILE_SLUG}")
    main = page.locator("main")
    assert page.locator("h1").inner_text() == HOSTILE_NAME
    assert HOSTILE_TEXT in main.inner_text()
    assert "<b onmouseover=alert(8)>A.</b>" in main.locator(".review figcaption").inner_text()
    assert "javascript:alert(6)" in main.inner_text()
    main.locator(".review figcaption").hover()
    assert_inert(page)


def test_a_hostile_name_stays_text_in_the_map_popup(page, live_url):
    page.goto(live_url + "/search?near=21202&radius=5&q=evil")
    marker = page.locator("#results-map .leaflet-marker-icon").first
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    assert HOSTILE_NAME in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert_inert(page)


def test_the_policy_forbids_inline_scripts(page, live_url):
    response = page.goto(live_url + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    ran = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener('securitypolicyviolation', () => resolve('blocked'));
        const s = document.createElement('script');
        s.textContent = 'window.inlineRan = true';
        document.body.appendChild(s);
        setTimeout(() => resolve(window.inlineRan ? 'ran' : 'blocked'), 500);
    })""")
    assert ran == "blocked"
