"""How one clinic row becomes one index document.

The ``text`` field gathers everything a person might type to find a clinic besides its name: the
description, the city and state, the organization, and the labels and aliases of its treatments and
conditions (so "Spravato" or "stellate ganglion block" find clinics that list the token).
Facts that are not stated are left out of the document rather than indexed as empty values.
"""
from __future__ import annotations

from clinics import vocab
from clinics.geo import STATE_NAMES
from clinics.models import Clinic

from search_index.schema import TRI_STATE_INDEXED


def tri_state_word(value: bool | None) -> str:
    """The indexed word for a tri-state fact; None ("not stated") is "unknown", never "no"."""
    if value is None:
        return "unknown"
    return "yes" if value else "no"


def _vocabulary_words(vocabulary: str, tokens: list[str]) -> list[str]:
    by_token = {term.token: term for term in vocab.VOCABULARIES[vocabulary]}
    words: list[str] = []
    for token in tokens or ():
        term = by_token.get(token)
        if term is None:
            words += [token, vocab.label(vocabulary, token)]
        else:
            words += [token, term.label, *term.aliases]
    return words


def searchable_text(clinic: Clinic) -> str:
    """The prose a free-text query is matched against (besides the name)."""
    parts = [clinic.description, clinic.city, clinic.state, STATE_NAMES.get(clinic.state or "")]
    if clinic.organization is not None:
        parts.append(clinic.organization.name)
    parts += _vocabulary_words("treatments", clinic.treatments)
    parts += _vocabulary_words("conditions", clinic.conditions)
    return "\n".join(part for part in parts if part)


def clinic_document(clinic: Clinic) -> dict:
    """The fields of one clinic as ``writer.add_document`` takes them.

    The clinic's ``practitioners`` and ``organization`` are read, so load them eagerly when
    converting many clinics.
    """
    doc = {
        "id": str(clinic.id),
        "slug": clinic.slug,
        "name": clinic.name,
        "text": searchable_text(clinic),
        "insurance_accepted": clinic.insurance_accepted or "unknown",
        "review_count": clinic.review_count or 0,
        "status": clinic.status,
    }
    for field in ("treatments", "conditions", "insurers"):
        doc[field] = ",".join(getattr(clinic, field) or [])
    doc["credentials"] = ",".join(clinic.credentials)
    for field in TRI_STATE_INDEXED:
        doc[field] = tri_state_word(getattr(clinic, field))
    for field in ("price_min_usd", "rating", "city", "state", "postal_code"):
        value = getattr(clinic, field)
        if value is not None and value != "":
            doc[field] = value
    # A clinic is placed only when both halves of its point are known.
    if clinic.lat is not None and clinic.lon is not None:
        doc["lat"], doc["lon"] = clinic.lat, clinic.lon
    return doc
