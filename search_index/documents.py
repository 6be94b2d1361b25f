"""How one clinic row becomes one index document.

The ``text`` field gathers what a person might type to find a clinic besides its name and reviews:
the description, the city and state, and the labels and aliases of its treatments and conditions
(so "Spravato" or "stellate ganglion block" find clinics that list the token even when their own
prose says it differently). Facts that are not stated are left out of the document rather than
indexed as empty values; tri-state facts that are not stated are indexed as "unknown".
"""
from __future__ import annotations

from typing import Iterable

from clinics import vocab
from clinics.geo import STATE_NAMES
from clinics.models import Clinic

from search_index.cells import cell_of
from search_index.facts import ClinicRow, to_stored
from search_index.schema import FACT_WORDS, TOKEN_LISTS, TRI_STATE_INDEXED

# Row values indexed under their own name when stated.
_STATED = ("price_min_usd", "price_max_usd", "rating", "city", "state", "postal_code", "lat",
           "lon", "last_seen")


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
            words += [token.replace("_", " "), vocab.label(vocabulary, token)]
        else:
            words += [term.label, *term.aliases]
    return words


def searchable_text(clinic: Clinic) -> str:
    """The prose a free-text query is matched against besides the name, organization and reviews."""
    parts = [clinic.description, clinic.city, clinic.state, STATE_NAMES.get(clinic.state or "")]
    parts += _vocabulary_words("treatments", clinic.treatments)
    parts += _vocabulary_words("conditions", clinic.conditions)
    return "\n".join(part for part in parts if part)


def npi_verified(clinic: Clinic) -> bool:
    """Whether anyone on staff has an NPI number checked against the NPI registry."""
    return any(person.npi_verified for person in clinic.practitioners)


def clinic_row(clinic: Clinic) -> ClinicRow:
    """The facts a search reads and a result shows, as stored in the index."""
    placed = clinic.lat is not None and clinic.lon is not None
    facts = {name: tri_state_word(getattr(clinic, name)) for name in TRI_STATE_INDEXED}
    facts.update(insurance_accepted=clinic.insurance_accepted or "unknown",
                 npi_verified="yes" if npi_verified(clinic) else "no", status=clinic.status)
    return ClinicRow(
        clinic_id=clinic.id, slug=clinic.slug, name=clinic.name, name_key=clinic.name.lower(),
        organization=clinic.organization.name if clinic.organization is not None else None,
        city=clinic.city or None, state=clinic.state or None,
        postal_code=clinic.postal_code or None,
        lat=clinic.lat if placed else None, lon=clinic.lon if placed else None,
        rating=clinic.rating, review_count=clinic.review_count or 0,
        price_min_usd=clinic.price_min_usd, price_max_usd=clinic.price_max_usd,
        treatments=tuple(clinic.treatments or ()), conditions=tuple(clinic.conditions or ()),
        insurers=tuple(clinic.insurers or ()), credentials=tuple(clinic.credentials),
        insurance_treatments=tuple(clinic.insurance_treatments or ()),
        facts=tuple(facts[name] for name in FACT_WORDS), last_seen=clinic.last_seen,
    )


def clinic_document(clinic: Clinic, review_texts: Iterable[str] = ()) -> dict:
    """The fields of one clinic as ``writer.add_document`` takes them.

    The clinic's ``practitioners`` and ``organization`` are read, so load them eagerly when
    converting many clinics; review texts are passed in because loading them as objects would
    cost more than the indexing itself.
    """
    row = clinic_row(clinic)
    doc = {
        "id": str(clinic.id),
        "row": to_stored(row),
        "name": clinic.name,
        "text": searchable_text(clinic),
        "description": clinic.description or "",
        "reviews": "\n".join(review_texts),
        "review_count": row.review_count,
        **dict(zip(FACT_WORDS, row.facts)),
    }
    if row.organization is not None:
        doc["organization"] = row.organization
    for field in TOKEN_LISTS:
        doc[field] = ",".join(getattr(row, field))
    for field in _STATED:
        value = getattr(row, field)
        if value is not None:
            doc[field] = value
    if row.lat is not None:
        doc["geo_cell"] = cell_of(row.lat, row.lon)
    return doc
