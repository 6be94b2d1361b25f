"""Extraction of every invented clinic's pages, compared field by field with the ground truth,
for several seeds (different seeds choose different phrasings and page styles).

A location's record is read from its own page first, then the site's shared pages (a chain's
other locations and robots-forbidden pages are not read). Reviews, their count and a stated
rating are compared with the reviews the clinic's own site shows; the truth's combined rating
also counts review-site reviews, which no page of the site states.
"""
from __future__ import annotations

from functools import lru_cache

import pytest

from crawler.extract import combine, page_partials
from sample_web.facts import truth
from sample_web.site import build

BASE_URL = "http://127.0.0.1:8001"
FIELDS = ("name", "phone", "street", "city", "state", "postal_code", "description", "hours",
          "treatments", "conditions", "insurance_accepted", "insurers", "sliding_scale",
          "payment_plans", "free_consultation", "aftercare", "accepting_new_patients",
          "telehealth", "price_min_usd", "price_max_usd", "credentials")
UNORDERED = {"treatments", "conditions", "insurers", "credentials"}


def _paths(routes, record: dict) -> list[str]:
    own = record["website"].removeprefix(BASE_URL)
    root = record.get("site_root", record["website"]).removeprefix(BASE_URL)
    shared = [p for p in routes if p.startswith(root) and p != own and "/private/" not in p
              and "/locations/" not in p]
    return [own] + shared


def _site_record(routes, record: dict) -> dict:
    partials = [part for path in _paths(routes, record) if routes[path].status == 200
                for part in page_partials(routes[path].body, BASE_URL + path)]
    combined = combine(partials)
    if record["website"] != record.get("site_root", record["website"]):
        # A chain location's staff are the team members its own page names (as the spider
        # reads them), with the credentials the team page gives.
        own = routes[record["website"].removeprefix(BASE_URL)].body
        own = own if isinstance(own, str) else own.decode()
        combined["practitioners"] = [p for p in combined["practitioners"] if p["name"] in own]
        combined["credentials"] = list(dict.fromkeys(
            c for p in combined["practitioners"] for c in p["credentials"]))
    return combined


def _site_reviews(record: dict) -> list[dict]:
    return [r for r in record["reviews"] if "site" in r.get("sources", ["site"])]


def _review_differences(extracted: dict, true: dict) -> list[tuple]:
    found = []
    shown = _site_reviews(true)
    as_tuples = lambda reviews: [(r["author"], r["rating"], r["text"], r["published"])
                                 for r in reviews]
    if as_tuples(extracted["reviews"]) != as_tuples(shown):
        found.append((true["id"], "reviews", as_tuples(extracted["reviews"]), as_tuples(shown)))
    if extracted["review_count"] != len(shown):
        found.append((true["id"], "review_count", extracted["review_count"], len(shown)))
    if extracted["rating"] is not None and shown:
        mean = sum(r["rating"] for r in shown) / len(shown)
        if abs(extracted["rating"] - mean) > 0.05:
            found.append((true["id"], "rating", extracted["rating"], round(mean, 2)))
    return found


def _differences(extracted: dict, true: dict) -> list[tuple]:
    found = []
    for field in FIELDS:
        got, want = extracted[field], true[field]
        if field in UNORDERED:
            got, want = sorted(got), sorted(want)
        if got != want:
            found.append((true["id"], field, extracted[field], true[field]))
    people = lambda rec: sorted((p["name"], sorted(p["credentials"])) for p in rec["practitioners"])
    if people(extracted) != people(true):
        found.append((true["id"], "practitioners", people(extracted), people(true)))
    return found + _review_differences(extracted, true)


@lru_cache(maxsize=None)
def _read_back(seed: int) -> tuple[tuple[dict, dict], ...]:
    routes = build(seed, BASE_URL)
    return tuple((record, _site_record(routes, record)) for record in truth(seed, BASE_URL))


@pytest.mark.parametrize("seed", [2026, 7, 31337])
def test_every_stated_fact_is_read_back(seed):
    wrong = [diff for record, extracted in _read_back(seed)
             for diff in _differences(extracted, record)]
    assert wrong == []


def test_structured_sites_give_their_page_coordinates():
    located = []
    for record, extracted in _read_back(2026):
        if extracted["lat"] is not None:
            assert (extracted["lat"], extracted["lon"]) == (record["lat"], record["lon"])
            located.append(record["id"])
    assert len(located) >= 20
