"""Extraction of every invented clinic's pages, compared field by field with the ground truth,
for several seeds (different seeds choose different phrasings and page styles)."""
from __future__ import annotations

import pytest

from crawler.extract import combine, page_partials
from sample_web.facts import truth
from sample_web.site import build

BASE_URL = "http://127.0.0.1:8001"
FIELDS = ("name", "phone", "street", "city", "state", "postal_code", "description", "hours",
          "treatments", "conditions", "insurance_accepted", "insurers", "sliding_scale",
          "payment_plans", "free_consultation", "aftercare", "accepting_new_patients",
          "telehealth", "price_min_usd", "price_max_usd", "rating", "review_count", "credentials")
UNORDERED = {"treatments", "conditions", "insurers", "credentials"}


def _site_record(routes, record: dict) -> dict:
    root = record["website"].removeprefix(BASE_URL)
    paths = [root] + [p for p in routes if p.startswith(root) and p != root]
    partials = [part for path in paths if routes[path].status == 200
                for part in page_partials(routes[path].body, BASE_URL + path)]
    return combine(partials)


def _differences(extracted: dict, true: dict) -> list[tuple]:
    found = []
    for field in FIELDS:
        got, want = extracted[field], true[field]
        if field in UNORDERED:
            got, want = sorted(got), sorted(want)
        if got != want:
            found.append((true["id"], field, extracted[field], true[field]))
    people = lambda rec: [(p["name"], sorted(p["credentials"])) for p in rec["practitioners"]]
    if people(extracted) != people(true):
        found.append((true["id"], "practitioners", people(extracted), people(true)))
    reviews = lambda rec: [(r["author"], r["rating"], r["text"], r["published"])
                           for r in rec["reviews"]]
    if reviews(extracted) != reviews(true):
        found.append((true["id"], "reviews", reviews(extracted), reviews(true)))
    return found


@pytest.mark.parametrize("seed", [2026, 7, 31337])
def test_every_stated_fact_is_read_back(seed):
    routes = build(seed, BASE_URL)
    wrong = [diff for record in truth(seed, BASE_URL)
             for diff in _differences(_site_record(routes, record), record)]
    assert wrong == []


def test_json_ld_sites_give_their_page_coordinates():
    routes = build(2026, BASE_URL)
    located = []
    for record in truth(2026, BASE_URL):
        extracted = _site_record(routes, record)
        if extracted["lat"] is not None:
            assert (extracted["lat"], extracted["lon"]) == (record["lat"], record["lon"])
            located.append(record["id"])
    assert len(located) >= 20
