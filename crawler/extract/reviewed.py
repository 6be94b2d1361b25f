"""Which clinic a review site's page is about: the name its title gives, the address and phone
it prints beside the reviews. Nothing else a review site says is taken as a fact about the clinic
(its "accepts insurance" badges are the site's words, not the clinic's).
"""
from __future__ import annotations

import re

from crawler.extract.record import combine

IDENTITY_FIELDS = ("name", "street", "city", "state", "postal_code", "phone", "lat", "lon")
# How review sites title a clinic's page around its name: "Reviews of X", "X reviews (page 2)".
_REVIEWS_TITLE = re.compile(r"^(?:patient\s+)?reviews?\s+(?:of|for)\s+|\s*[-|:]?\s*(?:patient\s+)?"
                            r"reviews?\s*$|\s*\(page \d+\)\s*$", re.IGNORECASE)


def clinic_name(title: str | None) -> str | None:
    """The clinic's name in a review page's title: "Reviews of X (page 2)" is X."""
    if not title:
        return None
    return _REVIEWS_TITLE.sub("", _REVIEWS_TITLE.sub("", title)).strip() or None


def reviewed_clinic(partials: list[dict], title: str | None = None) -> dict:
    """The identity fields of the clinic a review page (its ``page_partials``) is about; the
    page's ``title`` names it, as review sites title a clinic's page."""
    stated = combine(partials)
    identity = {key: stated.get(key) for key in IDENTITY_FIELDS}
    identity["name"] = clinic_name(title) or clinic_name(identity["name"])
    return identity
