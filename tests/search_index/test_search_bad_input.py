"""Bad input gives a clear SearchError or UnknownPlace, and free text can never break a search."""
from __future__ import annotations

import math

import pytest

from clinics.geo import UnknownPlace
from search_index import IndexUnavailable, SearchError, SearchRequest, search


@pytest.mark.parametrize(
    ("request_", "words"),
    [
        (SearchRequest(near="21201", radius_mi=-5), "more than 0 and at most 500 miles"),
        (SearchRequest(near="21201", radius_mi=0), "more than 0 and at most 500 miles"),
        (SearchRequest(near="21201", radius_mi=501), "more than 0 and at most 500 miles"),
        (SearchRequest(near="21201", radius_mi=math.nan), "more than 0 and at most 500 miles"),
        (SearchRequest(near="21201", radius_mi="far"), "more than 0 and at most 500 miles"),
        (SearchRequest(page=0), "page number must be 1 or more"),
        (SearchRequest(page=1.5), "page number must be 1 or more"),
        (SearchRequest(page="two"), "page number must be 1 or more"),
        (SearchRequest(per_page=0), "between 1 and 100"),
        (SearchRequest(per_page=101), "between 1 and 100"),
        (SearchRequest(insurers=["Acme Health Plan"]), "“Acme Health Plan” is not an insurer"),
        (SearchRequest(treatments=["magic mushrooms"]), "“magic mushrooms” is not a treatment"),
        (SearchRequest(conditions=["boredom"]), "“boredom” is not a condition"),
        (SearchRequest(sort="cheapest"), "Sort by relevance, distance, rating or price"),
        (SearchRequest(sort="distance"), "Sorting by distance needs a place"),
    ],
)
def test_invalid_requests_raise_a_search_error_that_says_what_to_fix(corpus, request_, words):
    with pytest.raises(SearchError) as raised:
        search(request_, corpus.index_dir)
    assert words in str(raised.value)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("near", ["99999", "Atlantis, ZZ", "Springfeild, IL", "91,200", "   x  "])
def test_unknown_places_raise_unknown_place_with_a_friendly_message(corpus, near):
    with pytest.raises(UnknownPlace) as raised:
        search(SearchRequest(near=near), corpus.index_dir)
    assert near.strip() in str(raised.value)
    assert "ZIP code" in str(raised.value)


def test_a_misspelt_city_comes_with_suggestions(corpus):
    with pytest.raises(UnknownPlace) as raised:
        search(SearchRequest(near="Baltimor, MD"), corpus.index_dir)
    assert "Baltimore, MD" in raised.value.suggestions


@pytest.mark.parametrize(
    "q",
    ['AND OR (', '"', '*', 'name:', 'name:foo*', ')))', 'NOT', '"unclosed phrase', 'a AND',
     '\\', '~2', '^3', '[a TO b]', '{', 'ketamine^', 'title:"x" OR', '∞ 💊 ☕', '\x00', '-',
     'ketamine ' * 200],
)
def test_any_free_text_gives_results_not_an_exception(corpus, q):
    results = search(SearchRequest(q=q, per_page=100), corpus.index_dir)
    assert 0 <= results.total <= sum(c.status == "active" for c in corpus.clinics)
    assert len(results.hits) == min(results.total, 100)


def test_text_with_only_operators_and_punctuation_matches_everything(corpus):
    everything = search(SearchRequest(), corpus.index_dir).total
    assert search(SearchRequest(q='AND OR ( " * )'), corpus.index_dir).total == everything


def test_a_blank_place_means_anywhere(corpus):
    results = search(SearchRequest(near="   "), corpus.index_dir)
    assert results.place is None
    assert results.total == search(SearchRequest(), corpus.index_dir).total


def test_a_page_past_the_end_is_empty_but_keeps_the_total(corpus):
    results = search(SearchRequest(page=999), corpus.index_dir)
    assert results.hits == []
    assert results.total == search(SearchRequest(), corpus.index_dir).total


def test_an_index_that_was_never_built_is_unavailable_not_a_bad_request(tmp_path):
    with pytest.raises(IndexUnavailable, match="^The search index has not been built yet$"):
        search(SearchRequest(q="ketamine"), tmp_path / "index")


def test_numbers_typed_into_a_form_are_read_as_numbers(corpus):
    typed = search(SearchRequest(near="21201", radius_mi="50", page="1", per_page="10"),
                   corpus.index_dir)
    given = search(SearchRequest(near="21201", radius_mi=50, page=1, per_page=10),
                   corpus.index_dir)
    assert typed.radius_mi == 50.0 and typed.per_page == 10
    assert [h.clinic_id for h in typed.hits] == [h.clinic_id for h in given.hits]
