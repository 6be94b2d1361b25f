"""The directory and the review site: pagination that reaches every listing, listings that state
only true (or recorded stale) facts, and reviews that add up to the truth."""
from __future__ import annotations

import html
import re
from collections import Counter

from clinics.vocab import label
from sample_web.directory import MISSING_LISTING, PAGE_SIZE
from sample_web.review_site import REVIEWS_PER_PAGE
from sample_web_helpers import BASE_URL, body, clinics, follow_next, links, records, visible_text


def _listing_links(page: str, prefix: str) -> list[str]:
    return [link for link in links(page) if re.fullmatch(rf"{prefix}\d+/", link)]


def test_directory_pagination_reaches_every_listed_clinic_once():
    pages = follow_next("/directory/")
    listed = [link for path in pages for link in _listing_links(body(path), "/directory/listing/")
              if link != MISSING_LISTING]
    assert MISSING_LISTING in links(body("/directory/"))
    expected = {f"/directory/listing/{c.directory_number}/"
                for c in clinics() if c.directory_listed}
    assert len(listed) == len(set(listed)) == len(expected) and set(listed) == expected
    assert all(len(set(_listing_links(body(path), "/directory/listing/")) - {MISSING_LISTING})
               == PAGE_SIZE for path in pages[:-1])
    assert pages[1] == "/directory/?page=2"
    assert 'rel="prev"' in body(pages[1])


def test_directory_listings_differ_in_form_but_not_in_fact():
    by_number = {c.directory_number: c for c in clinics() if c.directory_listed}
    formats = Counter()
    for number, clinic in by_number.items():
        r, page = clinic.record, body(f"/directory/listing/{number}/")
        text = visible_text(page)
        phone = clinic.stale.get("phone", r["phone"])
        shown_phone = re.search(r"Phone: ([^<]+)<", page).group(1)
        assert re.sub(r"\D", "", shown_phone)[-10:] == phone[2:]
        formats[shown_phone.replace(phone[2:5], "AAA")[:5]] += 1
        assert f'href="{clinic.site_root}"' in page and "Visit website" in text
        assert r["city"] in text and r["postal_code"] in text
        if "Suite" in r["street"] or re.search(r"\b(Street|Avenue|Road)\b", r["street"]):
            assert r["street"] not in text
        facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))
        facts = {k: html.unescape(v) for k, v in facts.items()}
        for treatment in facts["Treatments"].split(", "):
            assert treatment in [label("treatments", t) for t in r["treatments"]]
        assert ("Insurance" in facts) == (r["insurance_accepted"] != "unknown")
        assert ("Sliding scale" not in facts) or r["sliding_scale"] is not None
        assert ("Self-pay price" not in facts) or r["price_min_usd"] is not None
        if "price_min_usd" in clinic.stale:
            assert f"${clinic.stale['price_min_usd']:,}" in facts["Self-pay price"]
    assert len(formats) >= 3


def test_review_site_lists_every_reviewed_clinic_and_paginates_reviews():
    pages = follow_next("/reviews/")
    listed = [link for path in pages for link in _listing_links(body(path), "/reviews/clinic/")]
    reviewed = [c for c in clinics() if c.posted_reviews]
    assert sorted(listed) == sorted(f"/reviews/clinic/{c.review_site_number}/" for c in reviewed)
    multi_page = 0
    for clinic in reviewed:
        review_pages = follow_next(f"/reviews/clinic/{clinic.review_site_number}/")
        multi_page += len(review_pages) > 1
        text = " ".join(visible_text(body(path)) for path in review_pages)
        for review in clinic.posted_reviews:
            assert review["text"] in text and review["author"] in text
        assert clinic.record["name"] in text and clinic.record["postal_code"] in text
        review_item = 'itemtype="https://schema.org/Review"'
        counts = [body(path).count('class="review"') + body(path).count(review_item)
                  for path in review_pages]
        assert all(count == REVIEWS_PER_PAGE for count in counts[:-1])
    assert multi_page >= 20


def test_review_site_writes_ratings_and_dates_many_ways():
    pages = [body(f"/reviews/clinic/{c.review_site_number}/")
             for c in clinics() if c.posted_reviews]
    joined = "\n".join(pages)
    assert "application/ld+json" in joined and 'itemprop="reviewRating"' in joined
    assert re.search(r">\d+/10<", joined) and re.search(r">\d out of 5<", joined)
    assert "\u2605" in joined and re.search(r'aria-label="\d out of 5 stars"></span>', joined)
    assert all(int(score) % 2 == 0 for score in re.findall(r">(\d+)/10<", joined))
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", joined)
    assert re.search(r"\b\d{1,2}/\d{1,2}/20\d\d\b", joined)
    assert re.search(r"\b(January|February|March|April|May|June|July|August|September|October|"
                     r"November|December) \d{1,2}, 20\d\d\b", joined)


def test_truth_reviews_match_what_the_two_sources_show():
    by_id = {r["id"]: r for r in records()}
    shared = 0
    for clinic in clinics():
        truth_reviews = by_id[clinic.record["id"]]["reviews"]
        on_site = {(v["author"], v["text"], v["published"]) for v in clinic.record["reviews"]}
        posted = {(v["author"], v["text"], v["published"]) for v in clinic.posted_reviews}
        assert {(v["author"], v["text"], v["published"]) for v in truth_reviews} == on_site | posted
        for review in truth_reviews:
            key = (review["author"], review["text"], review["published"])
            assert ("site" in review["sources"]) == (key in on_site)
            assert ("review_site" in review["sources"]) == (key in posted)
            if review["source"] == "review_site":
                expected = f"{BASE_URL}/reviews/clinic/{clinic.review_site_number}/"
                assert review["source_url"] == expected
        shared += len(on_site & posted)
    assert shared >= 10
