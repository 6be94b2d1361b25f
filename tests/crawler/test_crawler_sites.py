"""From one site's page facts to one record per location (crawler.sites), on partial records."""
from __future__ import annotations

from crawler.sites import SiteVisit, is_listing, location_records, record_of, stated_aggregate

ROOT = "http://127.0.0.1:8001/sites/gamma/"


def _place(street: str, postal_code: str, phone: str) -> dict:
    return {"street": street, "city": "Austin", "state": "TX", "postal_code": postal_code,
            "phone": phone}


def _visit(pages: dict[str, list[dict]]) -> SiteVisit:
    return SiteVisit(ROOT, ROOT, ROOT, pages={ROOT + path: partials
                                              for path, partials in pages.items()})


def test_pages_combine_home_first_whatever_order_they_arrived_in():
    visit = _visit({"team/": [{}, {"name": "Our team", "phone": "+15125550111"}],
                    "": [{}, {"name": "Gamma Clinic", "postal_code": "78701"}]})
    (record, source), = location_records(visit)
    assert (record["name"], record["phone"], source) == ("Gamma Clinic", "+15125550111", ROOT)


def test_a_site_that_lists_several_addresses_without_location_pages_splits_by_address():
    places = [_place("1 Main St", "78701", "+15125550111"),
              _place("9 Oak Ave", "78702", "+15125550122")]
    visit = _visit({"": [{}, {"name": "Gamma Clinic", "locations": places,
                              "treatments": ["sgb"]}]})
    located = location_records(visit)
    assert [(r["postal_code"], r["phone"], r["treatments"], src) for r, src in located] == [
        ("78701", "+15125550111", ["sgb"], ROOT), ("78702", "+15125550122", ["sgb"], ROOT)]


def test_pages_outside_location_sections_with_different_zips_are_a_listing():
    visit = _visit({"": [{}, {"name": "Reviews"}],
                    "a/": [{}, {"name": "A", "postal_code": "78701"}],
                    "b/": [{}, {"name": "B", "postal_code": "10001"}]})
    assert is_listing(visit)
    visit.pages.pop(ROOT + "b/")
    assert not is_listing(visit)


def test_reviews_and_people_are_united_over_pages_each_once():
    review = {"author": "Ana P.", "rating": 4, "text": "Kind  nurses.", "published": "2024-11-02",
              "source_url": None}
    person = {"name": "Jane Roe", "credentials": ["md"], "npi": None, "license_state": None}
    record = record_of([[{"reviews": [review], "practitioners": [person]}],
                        [{"reviews": [{**review, "text": "kind nurses."}],
                          "practitioners": [person, {**person, "name": "Sam Okafor"}]}]], ROOT)
    assert [r["source_url"] for r in record["reviews"]] == [ROOT]
    assert [p["name"] for p in record["practitioners"]] == ["Jane Roe", "Sam Okafor"]


def test_the_stated_aggregate_comes_from_the_first_page_stating_both_parts():
    assert stated_aggregate([[{"rating": 4.0}], [{}, {"rating": 4.5, "review_count": 12}]]) == (
        4.5, 12)
    assert stated_aggregate([[{}, {}]]) == (None, 0)
