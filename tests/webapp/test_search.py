"""The search page: places, radius, insurers, tri-state filters, and input a person must fix."""
import re

import pytest

from clinics.geo import haversine_mi, zip_point

RESULT_LINK = re.compile(r'<h3><a href="/clinics/([^"]+)">')


def result_slugs(response) -> list[str]:
    return RESULT_LINK.findall(response.get_data(as_text=True))


def expected_near(records, postal_code, radius_mi, insurer):
    """Active clinics taking ``insurer`` within the radius, nearest first, from the fixture data."""
    lat, lon, _, _ = zip_point(postal_code)
    found = []
    for record in records:
        if record.get("status", "active") != "active" or insurer not in record.get("insurers", []):
            continue
        c_lat, c_lon, _, _ = zip_point(record["postal_code"])
        distance = haversine_mi(lat, lon, c_lat, c_lon)
        if distance <= radius_mi:
            found.append((distance, record["slug"]))
    return [slug for _, slug in sorted(found)]


def test_near_zip_with_insurer_lists_only_nearby_clinics_taking_it_nearest_first(
    client, clinic_records
):
    response = client.get("/search?near=21201&radius=100&insurance=aetna")
    assert response.status_code == 200
    expected = expected_near(clinic_records, "21201", 100, "aetna")
    assert expected == ["harbor-ketamine-baltimore", "annapolis-infusion", "philly-ketamine"]
    assert result_slugs(response) == expected
    page = response.get_data(as_text=True)
    assert "3 clinics" in page and "within 100 miles of 21201 (Baltimore, MD)" in page
    assert "1.0 mi" in page and "90 mi" in page


def test_hidden_and_distant_clinics_are_never_listed(client):
    slugs = result_slugs(client.get("/search?near=21201&radius=250&insurance=aetna"))
    assert "timonium-hidden" not in slugs
    assert "brooklyn-mind" in slugs and "richmond-relief" in slugs
    # Timonium is 9.7 miles away but hidden.
    assert result_slugs(client.get("/search?near=21201&radius=10")) == ["harbor-ketamine-baltimore"]


def test_sliding_scale_filter_keeps_yes_and_says_how_many_did_not_state(client):
    response = client.get("/search?near=21201&radius=100&sliding_scale=1")
    assert result_slugs(response) == ["harbor-ketamine-baltimore"]
    # Annapolis, Philadelphia and Columbia do not say; Washington says no.
    assert ("3 clinics within 100 miles do not state whether they offer a sliding scale."
            in response.get_data(as_text=True))


def test_tri_state_is_shown_as_yes_no_or_not_stated(client):
    page = client.get("/search?near=21201&radius=50&insurance=cigna,aetna").get_data(as_text=True)
    pattern = r'href="/clinics/([^"]+)">.*?Sliding scale</dt><dd>([^<]+)<'
    blocks = dict(re.findall(pattern, page, re.S))
    assert blocks == {
        "harbor-ketamine-baltimore": "yes",
        "annapolis-infusion": "not stated",
        "capitol-sgb-washington": "no",
    }


def test_text_search_finds_clinics_by_treatment_words(client):
    slugs = result_slugs(client.get("/search?q=stellate+ganglion"))
    assert sorted(slugs) == ["capitol-sgb-washington", "richmond-relief"]


def test_treatment_select_filters_results(client):
    slugs = result_slugs(client.get("/search?near=21201&radius=100&treatment=sgb"))
    assert slugs == ["capitol-sgb-washington"]


def test_results_link_to_further_pages_keeping_the_search(app, directory, make_app):
    client = make_app(directory, SEARCH_PAGE_SIZE=2).test_client()
    first = client.get("/search?near=21201&radius=100&insurance=aetna")
    assert result_slugs(first) == ["harbor-ketamine-baltimore", "annapolis-infusion"]
    next_link = re.search(r'rel="next" href="([^"]+)"', first.get_data(as_text=True)).group(1)
    second = client.get(next_link.replace("&amp;", "&"))
    assert result_slugs(second) == ["philly-ketamine"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("near=99999", "We could not find the place"),
        ("near=Baltimroe,+MD", "Did you mean Baltimore, MD?"),
        ("near=21201&radius=-5", "The distance must be more than 0"),
        ("near=21201&radius=abc", "The distance must be more than 0"),
        ("near=21201&radius=9999", "at most 500 miles"),
        ("insurance=acme-health", "is not an insurer we know"),
        ("treatment=aspirin", "is not a treatment we know"),
        ("page=0", "The page number must be 1 or more"),
        ("page=two", "The page number must be 1 or more"),
        ("sort=distance", "Sorting by distance needs a place"),
        ("sort=cheapest", "Sort by relevance, distance, rating or price"),
        ("min_rating=6", "The minimum rating must be a number from 1 to 5"),
        ("max_price=cheap", "The maximum price must be a whole number of dollars"),
        ("credential=wizard", "is not a staff credential we know"),
        ("near=MD&sort=distance", "needs a ZIP code, a city or your location"),
        ("q=" + "k" * 201, "at most 200 characters"),
    ],
)
def test_bad_input_rerenders_the_form_with_a_message_and_400(client, query, message):
    response = client.get(f"/search?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'role="alert"' in page and message in page
    assert 'action="/search"' in page
    assert result_slugs(response) == []


def test_place_suggestions_link_to_the_same_search_at_the_suggested_place(client):
    page = client.get("/search?q=ketamine&near=Baltimroe,+MD&radius=50").get_data(as_text=True)
    link = '<a href="/search?q=ketamine&amp;radius=50&amp;near=Baltimore,+MD">Baltimore, MD</a>'
    assert link in page


def test_query_syntax_is_searched_as_plain_words_not_an_error(client):
    # The index reads text as words only: brackets and operators cannot break a search.
    response = client.get("/search?q=AND+OR+(")
    assert response.status_code == 200
    assert 'value="AND OR ("' in response.get_data(as_text=True)


def test_typed_values_are_escaped_when_the_form_is_shown_again(client):
    response = client.get('/search?near="><script>alert(1)</script>')
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


@pytest.mark.parametrize(("query", "expected"), [
    ("near=21201&radius=100&credential=crna", ["harbor-ketamine-baltimore"]),
    ("near=21201&radius=100&treatment=iv_ketamine&treatment=esketamine_spravato",
     ["harbor-ketamine-baltimore"]),
    ("near=21201&radius=250&treatment=sgb&sort=rating",
     ["capitol-sgb-washington", "richmond-relief"]),
    ("near=21201&radius=100&max_price=450", ["harbor-ketamine-baltimore"]),
    ("q=sgb&near=Richmond,+VA&radius=10", ["richmond-relief"]),
])
def test_new_filters_and_places_narrow_the_page(client, query, expected):
    response = client.get(f"/search?{query}")
    assert response.status_code == 200
    assert result_slugs(response) == expected


def test_the_page_says_when_it_looked_further_than_asked(client):
    page = client.get("/search?near=21201&treatment=sgb").get_data(as_text=True)
    assert "capitol-sgb-washington" in page
    assert "within 50 miles" in page and "25 miles" in page


def test_the_page_offers_the_corrected_words(client):
    response = client.get("/search?q=stelate+ganglion")
    assert sorted(result_slugs(response)) == ["capitol-sgb-washington", "richmond-relief"]
    assert "stellate ganglion" in response.get_data(as_text=True)


def test_a_whole_state_search_renders_without_a_radius(client):
    page = client.get("/search", query_string={"near": "Maryland"})
    assert page.status_code == 200
    assert "miles of" not in page.get_data(as_text=True)
