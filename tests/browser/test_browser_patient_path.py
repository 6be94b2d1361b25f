"""The patient's path in Chromium: search near a ZIP with an insurer and a sliding scale, open a
clinic, read its reviews, send a correction; the map and the URL keep up along the way."""
import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic, CorrectionRequest
from site_data import MAIN_REVIEWS, MAIN_SLUG


def search_near_21201_for_aetna_with_sliding_scale(page, live_url):
    page.goto(live_url + "/")
    page.get_by_label("ZIP or City, ST").fill("21201")
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Insurance").select_option("aetna")
    page.get_by_label("Offers a sliding scale").check()
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?**")


def test_search_by_zip_insurer_and_sliding_scale_lists_matching_clinics_nearest_first(
        page, live_url):
    search_near_21201_for_aetna_with_sliding_scale(page, live_url)
    query = parse_qs(urlsplit(page.url).query)
    assert query["near"] == ["21201"] and query["insurance"] == ["aetna"]
    assert query["sliding_scale"] == ["1"]

    heading = page.locator("#results-title").inner_text()
    assert re.search(r"\d+ clinics? within 25 miles of 21201", heading)
    names = page.locator(".hit h3 a").all_inner_texts()
    assert names[0] == "Harbor Light Ketamine" and "Far Away Wellness" not in names
    shown = page.locator(".hit .distance").all_inner_texts()
    distances = [float(text.split()[1]) for text in shown]
    assert distances == sorted(distances)
    for card in page.locator(".hit").all():
        facts = card.inner_text()
        assert "Aetna" in facts and "Sliding scale\nyes" in facts.replace("\t", "\n")
    chips = page.locator(".chip").all_inner_texts()
    assert [chip.rstrip(" ×") for chip in chips] == ["Offers a sliding scale", "Insurance: Aetna"]
    assert page.dialogs == [] and page.errors == []


def test_the_map_has_one_marker_per_result_and_works_without_tiles(page, live_url):
    page.goto(live_url + "/search?near=21201&radius=25&insurance=aetna")
    page.locator("#results-map .leaflet-marker-icon").first.wait_for()
    # Pins of nearby ZIP centres overlap and cluster; each result counts once, pin or cluster.
    pins = page.locator("#results-map .map-pin")
    clusters = page.locator("#results-map .map-cluster .cluster-count").all_inner_texts()
    assert pins.count() + sum(map(int, clusters)) == page.locator(".hit").count()
    # A marker is a keyboard button, so Enter opens it.
    number = pins.first.inner_text()
    pins.first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content a")
    assert popup.inner_text().startswith(f"{number}. ")
    # Tiles point at a closed port: the note says so and the list is untouched.
    page.wait_for_function(
        "() => document.getElementById('map-note').textContent.includes('could not load')")
    assert page.errors == []


def test_a_chip_removes_its_filter_and_the_url_holds_the_whole_search(page, live_url):
    page.goto(live_url + "/search?near=21201&radius=25&insurance=aetna&sliding_scale=1&sort=rating")
    page.get_by_role("link", name="Remove filter: Insurance: Aetna").click()
    query = parse_qs(urlsplit(page.url).query)
    assert "insurance" not in query
    assert query["sliding_scale"] == ["1"] and query["sort"] == ["rating"]
    assert page.get_by_role("link", name="Best rated").get_attribute("aria-current") == "true"


def test_pages_of_results_link_to_each_other(page, live_url):
    page.goto(live_url + "/search?near=21201&radius=50")
    first_page = page.locator(".hit h3 a").all_inner_texts()
    page.get_by_role("navigation", name="Result pages").get_by_role("link", name="Next").click()
    assert "page=2" in page.url
    second_page = page.locator(".hit h3 a").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    assert page.locator(".hit-number").first.inner_text() == "11"


def test_open_a_clinic_and_read_its_reviews_newest_first_across_pages(page, live_url):
    search_near_21201_for_aetna_with_sliding_scale(page, live_url)
    page.get_by_role("link", name="Harbor Light Ketamine", exact=True).click()
    assert page.locator("h1").inner_text() == "Harbor Light Ketamine"
    assert page.locator('a[href="tel:+14105550100"]').count() >= 1
    assert "Sliding scale\nyes" in page.locator("main").inner_text()
    staff = page.locator(".staff").inner_text()
    assert "Dana Reyes, MD, Board-certified anesthesiologist" in staff
    registry = page.get_by_role("link", name="see Dana Reyes in the NPI registry")
    assert registry.get_attribute("href") == (
        "https://npiregistry.cms.hhs.gov/provider-view/1234567893")

    reviews = page.locator("#reviews")
    assert "reviews.example: 4.4 of 5 from 40 reviews" in reviews.inner_text()
    first = reviews.locator(".review figcaption").all_inner_texts()
    assert len(first) == 10 and first[0].startswith("Patient 1, 2025-02-19")
    page.get_by_role("navigation", name="Review pages").get_by_role("link", name="Next").click()
    rest = page.locator("#reviews .review figcaption").all_inner_texts()
    assert len(rest) == MAIN_REVIEWS - 10 and rest[-1].startswith(f"Patient {MAIN_REVIEWS},")


def test_where_a_fact_was_seen_opens_on_demand(page, live_url):
    page.goto(f"{live_url}/clinics/{MAIN_SLUG}")
    source = page.get_by_role("link", name="https://harbor-light.example/contact")
    assert not source.is_visible()
    page.locator("dd", has_text="(410) 555-0100").get_by_text("Where we saw this").click()
    assert source.is_visible()


def test_send_a_correction_is_stored_for_the_admins(page, live_url, site):
    page.goto(f"{live_url}/clinics/{MAIN_SLUG}")
    page.get_by_role("link", name="Suggest a correction").first.click()
    page.get_by_role("button", name="Send correction").click()
    assert page.get_by_role("alert").is_visible()
    assert "Choose which part is wrong." in page.get_by_role("alert").inner_text()

    page.get_by_label("Which part is wrong?").select_option("phone")
    page.get_by_label("What should it say").fill("The phone number is now 410-555-0199.")
    page.get_by_label("Your email (optional)").fill("visitor@example.org")
    page.get_by_role("button", name="Send correction").click()
    page.wait_for_url(f"**/clinics/{MAIN_SLUG}")
    assert "Your correction was sent" in page.get_by_role("status").first.inner_text()
    with session_scope(site.database_url) as session:
        clinic_id = session.scalar(select(Clinic.id).where(Clinic.slug == MAIN_SLUG))
        stored = session.scalars(select(CorrectionRequest).where(
            CorrectionRequest.clinic_id == clinic_id,
            CorrectionRequest.contact_email == "visitor@example.org")).all()
        assert [(c.field, c.message, c.status) for c in stored] == [
            ("phone", "The phone number is now 410-555-0199.", "open")]
