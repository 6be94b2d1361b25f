"""Every order is total, so pages of any size join up into the same list with no repeats."""
from __future__ import annotations

from dataclasses import replace

import pytest

from clinics.ratings import best_rated_score
from search_index import SearchRequest, search

from clinic_corpus import all_hits

REQUESTS = {
    "best match with words and a place": SearchRequest(q="ketamine calm", near="21201",
                                                       radius_mi=150, sort="relevance"),
    "best match with a place only": SearchRequest(near="Richmond, VA", radius_mi=200,
                                                  sort="relevance"),
    "best match with words only": SearchRequest(q="infusions veterans"),
    "nearest first": SearchRequest(near="Philadelphia, PA", radius_mi=250),
    "best rated": SearchRequest(sort="rating", near="Maryland"),
    "lowest price": SearchRequest(sort="price", q="clinic"),
    "best rated everywhere": SearchRequest(sort="rating"),
}


def pages_of(request: SearchRequest, per_page: int, index_dir) -> list[int]:
    first = search(replace(request, per_page=per_page), index_dir)
    found = [hit.clinic_id for hit in first.hits]
    for page in range(2, first.pages + 1):
        results = search(replace(request, page=page, per_page=per_page), index_dir)
        assert results.total == first.total
        found += [hit.clinic_id for hit in results.hits]
    return found


@pytest.mark.parametrize("request_", REQUESTS.values(), ids=REQUESTS.keys())
def test_pages_of_any_size_join_into_one_order(corpus, request_):
    whole = [hit.clinic_id for hit in all_hits(request_, corpus.index_dir)]
    assert len(whole) == len(set(whole)) > 20
    for per_page in (1, 7, 20):
        if per_page == 1:
            assert pages_of(request_, 1, corpus.index_dir)[:30] == whole[:30]
        else:
            assert pages_of(request_, per_page, corpus.index_dir) == whole


def test_nearest_first_ties_are_broken_by_name(corpus):
    hits = all_hits(REQUESTS["nearest first"], corpus.index_dir)
    keys = [(hit.distance_mi, hit.name.lower(), hit.clinic_id) for hit in hits]
    assert keys == sorted(keys)


def test_best_rated_puts_unrated_last_and_breaks_ties_by_review_count(corpus):
    hits = all_hits(REQUESTS["best rated everywhere"], corpus.index_dir)
    keys = [(hit.rating is None, -best_rated_score(hit.rating, hit.review_count),
             -hit.review_count, hit.name.lower()) for hit in hits]
    assert keys == sorted(keys)


def test_best_rated_weighs_many_good_reviews_above_a_few_glowing_ones(corpus):
    hits = [hit for hit in all_hits(REQUESTS["best rated everywhere"], corpus.index_dir)
            if hit.rating is not None and hit.rating > 3.5]
    overtaken = [(a, b) for a, b in zip(hits, hits[1:]) if a.rating < b.rating]
    assert overtaken, "some clinic with more reviews outranks a higher mean from fewer"
    assert all(a.review_count > b.review_count for a, b in overtaken)


def test_lowest_price_puts_clinics_without_a_price_last(corpus):
    hits = all_hits(REQUESTS["lowest price"], corpus.index_dir)
    prices = [hit.price_min_usd for hit in hits]
    stated = [price for price in prices if price is not None]
    assert stated == sorted(stated) and prices == stated + [None] * (len(prices) - len(stated))
