"""The whole path on real parts: sample web -> real `scrapy crawl` -> ingest -> Whoosh -> Flask.

A patient searching near 21201 within 100 miles for clinics that take Aetna must see exactly the
clinics that the sample web's ground truth says qualify, nearest first.
"""
import json
import re

import pytest

from clinics.geo import haversine_mi, zip_point
from search_index import rebuild
from webapp import create_app

from partner_keys import keyed

QUERY = {"near": "21201", "radius": "100", "insurance": "aetna", "limit": "100"}


@pytest.fixture(scope="module")
def crawled_app(crawled_db_url, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("index")
    rebuild(database_url=crawled_db_url, index_dir=index_dir)
    return keyed(create_app({"TESTING": True, "DATABASE_URL": crawled_db_url,
                             "INDEX_DIR": index_dir, "RATELIMIT_ENABLED": False}))


def qualifying(truth):
    lat, lon, _, _ = zip_point("21201")
    chosen = [(haversine_mi(lat, lon, c["lat"], c["lon"]), c["name"], c["postal_code"])
              for c in truth
              if "aetna" in c["insurers"] and haversine_mi(lat, lon, c["lat"], c["lon"]) <= 100]
    return [(name, zip_code) for _, name, zip_code in sorted(chosen)]


def test_the_api_returns_exactly_the_true_clinics_nearest_first(crawled_app, truth):
    expected = qualifying(truth)
    assert len(expected) >= 2, "the sample web must put several Aetna clinics near Baltimore"
    body = crawled_app.test_client().get("/api/v1/search", query_string=QUERY).get_json()
    assert [(hit["name"], hit["postal_code"]) for hit in body["hits"]] == expected
    distances = [hit["distance_mi"] for hit in body["hits"]]
    assert distances == sorted(distances) and distances[-1] <= 100


def test_the_results_page_lists_the_same_clinics_in_the_same_order(crawled_app, truth):
    client = crawled_app.test_client()
    page = client.get("/search", query_string=QUERY)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    api = client.get("/api/v1/search", query_string=QUERY).get_json()
    linked = list(dict.fromkeys(re.findall(r'href="/clinics/([a-z0-9-]+)"', html)))
    assert linked == [hit["slug"] for hit in api["hits"]]
    assert "988" in html and "off-label" in html and "Demo data" in html


def test_every_true_clinic_was_crawled_once_and_exported(crawled_app, truth):
    result = crawled_app.test_cli_runner().invoke(args=["export-clinics"])
    exported = [json.loads(line) for line in result.output.splitlines()]
    def key(clinic):
        return clinic["name"], clinic["postal_code"]

    assert sorted(map(key, exported)) == sorted(map(key, truth))
    by_key = {key(c): c for c in truth}
    for clinic in exported:
        true = by_key[key(clinic)]
        assert (clinic["postal_code"], clinic["phone"]) == (true["postal_code"], true["phone"])
        assert sorted(clinic["insurers"]) == sorted(true["insurers"])
