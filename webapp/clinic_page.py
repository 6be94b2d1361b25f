"""What one clinic's page needs beyond the clinic row: a page of reviews and its JSON-LD.

The JSON-LD describes only what the page itself shows, so search engines read the same facts a
person does; it is serialized by Jinja's ``tojson``, which escapes ``<``, ``>`` and ``&`` so a
scraped name cannot close the script element.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask import url_for
from sqlalchemy.orm import Session

from clinics import vocab
from clinics.models import Clinic, Review
from webapp import display, queries
from webapp.search_view import page_numbers
from webapp.site_address import absolute_url


@dataclass(frozen=True)
class ReviewsPage:
    items: list[Review]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def page_number(raw: str | None) -> int | None:
    """A page number from the query string: 1 when absent, None when it is not one."""
    raw = (raw or "").strip()
    if not raw:
        return 1
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        return None
    return int(raw)


def _address(clinic: Clinic) -> dict | None:
    parts = {
        "streetAddress": clinic.street, "addressLocality": clinic.city,
        "addressRegion": clinic.state, "postalCode": clinic.postal_code,
    }
    present = {key: value for key, value in parts.items() if value}
    if not present:
        return None
    return {"@type": "PostalAddress", **present, "addressCountry": "US"}


def medical_clinic(clinic: Clinic, page_url: str) -> dict:
    """schema.org MedicalClinic of the facts the page states; unknown facts are left out."""
    data: dict = {"@context": "https://schema.org", "@type": "MedicalClinic",
                  "name": clinic.name, "url": page_url}
    optional = {
        "description": clinic.description,
        "sameAs": display.http_url(clinic.website),
        "telephone": clinic.phone if display.tel_href(clinic.phone) else None,
        "address": _address(clinic),
        "isAcceptingNewPatients": clinic.accepting_new_patients,
        "availableService": [{"@type": "MedicalTherapy", "name": vocab.label("treatments", t)}
                             for t in clinic.treatments or []] or None,
    }
    if clinic.price_min_usd is not None or clinic.price_max_usd is not None:
        optional["priceRange"] = display.usd_range(clinic.price_min_usd, clinic.price_max_usd)
    if clinic.rating is not None and clinic.review_count:
        optional["aggregateRating"] = {
            "@type": "AggregateRating", "ratingValue": round(clinic.rating, 1),
            "reviewCount": clinic.review_count, "bestRating": 5, "worstRating": 1,
        }
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


def context(session: Session, clinic: Clinic, page: int | None, per_page: int) -> dict | None:
    """What clinic.html shows besides the clinic; None when ``page`` is not a page of reviews."""
    if page is None:
        return None
    items, total = queries.reviews_page(session, clinic.id, page, per_page)
    if page > 1 and not items:
        return None
    reviews = ReviewsPage(items, total, page, per_page)
    return {
        "reviews": reviews,
        "review_page_numbers": page_numbers(page, reviews.pages),
        "review_page_url": lambda number: url_for(
            "public.clinic", slug=clinic.slug, page=None if number == 1 else number,
            _anchor="reviews"),
        "provenance": queries.sources_by_field(session, clinic.id),
        "sources": queries.source_summaries(session, [clinic.id]).get(clinic.id, []),
        "json_ld": medical_clinic(clinic, absolute_url("public.clinic", slug=clinic.slug)),
    }
