"""The review site: a paginated list of reviewed clinics and paginated reviews per clinic.

``/reviews/`` (= ``?page=1``) ... list PAGE_SIZE clinics a page by name; ``/reviews/clinic/<n>/``
and ``?page=M`` show REVIEWS_PER_PAGE reviews a page, newest first, with ``rel="next"``/``"prev"``.
Every page names the clinic with its address and phone, and shows the aggregate over all of the
clinic's reviews here. Ratings are written one way per clinic:

- ``jsonld``: a MedicalClinic with ``aggregateRating`` and this page's ``review`` list;
- ``microdata``: the same as microdata;
- ``ten``: "8/10" per review ("8.6/10" aggregate); a review's score is always even (4 stars);
- ``five``: "4 out of 5"; ``stars``: "★★★★☆"; ``aria``: ``<span class="stars"
  aria-label="4 out of 5 stars">`` with no text.

Dates are absolute, in one of html.DATE_FORMATS per clinic.
"""
from __future__ import annotations

import math
import random

from sample_web import html as h
from sample_web.directory import phone_variant, street_variant
from sample_web.facts import SampleClinic

PAGE_SIZE = 20
REVIEWS_PER_PAGE = 10
RATING_STYLES = ("jsonld", "microdata", "ten", "five", "stars", "aria")


# The review site names itself, as real ones do in their og:site_name.
SITE_NAME = "Sample Clinic Reviews"

def _mean(reviews: list[dict]) -> float:
    return round(sum(r["rating"] for r in reviews) / len(reviews), 1)


def _rating_html(rating: int, style: str) -> str:
    if style == "ten":
        return f'<span class="score">{rating * 2}/10</span>'
    if style == "five":
        return f'<span class="score">{rating} out of 5</span>'
    if style == "aria":
        return f'<span class="stars" aria-label="{rating} out of 5 stars"></span>'
    return f'<span class="stars">{h.stars(rating)}</span>'


def _aggregate_html(reviews: list[dict], style: str) -> str:
    mean, count = _mean(reviews), len(reviews)
    if style == "ten":
        return (f'<p class="aggregate">Average score {round(mean * 2, 1)}/10 '
                f"from {count} reviews</p>")
    return f'<p class="aggregate">Rated {mean} out of 5 based on {count} reviews</p>'


def _plain_review(review: dict, style: str, date_style: str) -> str:
    return (f'<div class="review">\n<p class="meta"><strong>{h.esc(review["author"])}</strong> '
            f'&middot; {h.esc(h.date_text(review["published"], date_style))} &middot; '
            f'{_rating_html(review["rating"], style)}</p>\n<p>{h.esc(review["text"])}</p>\n</div>')


def _microdata_review(review: dict, date_style: str) -> str:
    return (
        '<div itemprop="review" itemscope itemtype="https://schema.org/Review">\n'
        f'<p><strong itemprop="author">{h.esc(review["author"])}</strong> &middot; '
        f'<time itemprop="datePublished" datetime="{review["published"]}">'
        f'{h.esc(h.date_text(review["published"], date_style))}</time> &middot; '
        '<span itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">'
        f'<span itemprop="ratingValue">{review["rating"]}</span>/'
        '<span itemprop="bestRating">5</span></span></p>\n'
        f'<p itemprop="reviewBody">{h.esc(review["text"])}</p>\n</div>')


def _json_ld(clinic: SampleClinic, shown: list[dict]) -> str:
    r, reviews = clinic.record, clinic.posted_reviews
    data = {
        "@context": "https://schema.org", "@type": "MedicalClinic", "name": r["name"],
        "telephone": r["phone"],
        "address": {"@type": "PostalAddress", "streetAddress": r["street"],
                    "addressLocality": r["city"], "addressRegion": r["state"],
                    "postalCode": r["postal_code"]},
        "aggregateRating": {"@type": "AggregateRating", "ratingValue": _mean(reviews),
                            "reviewCount": len(reviews), "bestRating": 5, "worstRating": 1},
        "review": [{"@type": "Review", "author": {"@type": "Person", "name": x["author"]},
                    "datePublished": x["published"], "reviewBody": x["text"],
                    "reviewRating": {"@type": "Rating", "ratingValue": x["rating"],
                                     "bestRating": 5}} for x in shown],
    }
    return h.json_ld(data)


def clinic_page(clinic: SampleClinic, page: int) -> str:
    r, reviews = clinic.record, clinic.posted_reviews
    rng = random.Random(f"{clinic.page_key}:reviews")
    style, date_style = rng.choice(RATING_STYLES), rng.choice(h.DATE_FORMATS)
    address = f"{street_variant(r['street'], rng)}, {r['city']}, {r['state']} {r['postal_code']}"
    phone = phone_variant(r["phone"], rng)
    website = (f"<p>{h.link(clinic.site_root, 'Clinic website', 'nofollow')}</p>"
               if rng.random() < 0.5 else "")
    pages = math.ceil(len(reviews) / REVIEWS_PER_PAGE)
    shown = reviews[(page - 1) * REVIEWS_PER_PAGE:page * REVIEWS_PER_PAGE]
    path = f"/reviews/clinic/{clinic.review_site_number}/"
    if style == "microdata":
        listed = ('<div itemscope itemtype="https://schema.org/MedicalClinic">\n'
                  f'<meta itemprop="name" content="{h.esc(r["name"])}">\n'
                  '<p itemprop="aggregateRating" itemscope '
                  'itemtype="https://schema.org/AggregateRating">Rated '
                  f'<span itemprop="ratingValue">{_mean(reviews)}</span> out of 5 based on '
                  f'<span itemprop="reviewCount">{len(reviews)}</span> reviews</p>\n'
                  + "\n".join(_microdata_review(x, date_style) for x in shown) + "\n</div>")
    else:
        plain_style = "five" if style == "jsonld" else style
        listed = (_aggregate_html(reviews, style) + "\n"
                  + "\n".join(_plain_review(x, plain_style, date_style) for x in shown))
    head = _json_ld(clinic, shown) if style == "jsonld" else ""
    body = (f"<header><h1>Reviews of {h.esc(r['name'])}</h1>\n"
            f'<nav>{h.link("/reviews/", "All reviewed clinics")}</nav></header>\n<main>\n'
            f'<p class="clinic">{h.esc(r["name"])} &middot; {h.esc(address)} &middot; '
            f"{h.esc(phone)}</p>\n{website}\n{listed}\n{h.pager(path, page, pages)}\n</main>\n"
            f"{h.back_to_index()}")
    return h.document(f"Reviews of {r['name']} (page {page})", body, head=head,
                      site_name=SITE_NAME)


def list_page(reviewed: list[SampleClinic], page: int, pages: int) -> str:
    start = (page - 1) * PAGE_SIZE
    items = "\n".join(
        f"<li>{h.link(f'/reviews/clinic/{c.review_site_number}/', c.record['name'])} "
        f"&ndash; {h.esc(c.record['city'])}, {h.esc(c.record['state'])} "
        f"({len(c.posted_reviews)} reviews)</li>" for c in reviewed[start:start + PAGE_SIZE])
    body = ("<header><h1>Sample Clinic Reviews</h1></header>\n<main>\n"
            f'<ol start="{start + 1}">\n{items}\n</ol>\n{h.pager("/reviews/", page, pages)}\n'
            f"</main>\n{h.back_to_index()}")
    return h.document(f"{SITE_NAME} - page {page}", body, site_name=SITE_NAME)


def render(clinics: list[SampleClinic]) -> dict[str, str]:
    """{path or 'path?page=N': html} of the whole review site."""
    reviewed = sorted((c for c in clinics if c.posted_reviews),
                      key=lambda c: c.review_site_number)
    pages = math.ceil(len(reviewed) / PAGE_SIZE)
    routes = {"/reviews/": list_page(reviewed, 1, pages)}
    for page in range(2, pages + 1):
        routes[f"/reviews/?page={page}"] = list_page(reviewed, page, pages)
    for clinic in reviewed:
        path = f"/reviews/clinic/{clinic.review_site_number}/"
        for page in range(1, math.ceil(len(clinic.posted_reviews) / REVIEWS_PER_PAGE) + 1):
            key = path if page == 1 else f"{path}?page={page}"
            routes[key] = clinic_page(clinic, page)
    return routes
