"""Evidence: the words on a page that state a fact, kept with the fact's provenance.

A record's ``evidence`` maps a field to entries ``{"url", "quote", "value"?}``: the page and
the sentence (at most 300 characters, as on the page) that state the fact; for a list field the
entry's ``value`` names the item it supports. Evidence is scraped text, so it is cleaned like
any other: markup stripped, lengths capped, only http(s) addresses, only known fields and items.
"""
from __future__ import annotations

from clinics import normalize, vocab

MAX_QUOTE_CHARS = 300
MAX_ENTRIES_PER_FIELD = 60
# List fields and the vocabulary their items come from.
LIST_VOCABULARY = {"treatments": "treatments", "conditions": "conditions",
                   "insurers": "insurers", "insurance_treatments": "treatments",
                   "credentials": "credentials"}
SCALAR_FIELDS = (
    "name", "street", "city", "state", "postal_code", "lat", "lon", "phone", "website",
    "description", "hours", "insurance_accepted", "superbill", "sliding_scale", "payment_plans",
    "free_consultation", "aftercare", "accepting_new_patients", "telehealth", "price_min_usd",
    "price_max_usd",
)


def _entry(raw: object, field: str, stated: object) -> dict | None:
    """One cleaned entry, or None when it supports nothing the record states."""
    if not isinstance(raw, dict):
        return None
    url = normalize.website(raw.get("url"))
    quote = normalize.plain_text(raw.get("quote"), MAX_QUOTE_CHARS)
    if not url or len(url) > 500 or not quote:
        return None
    found = {"url": url, "quote": quote}
    if field in LIST_VOCABULARY:
        token = vocab.canonical(LIST_VOCABULARY[field], str(raw.get("value") or ""))
        if token is None or token not in (stated or []):
            return None
        found["value"] = token
    return found


def clean_evidence(raw: object, facts: dict) -> tuple[dict[str, list[dict]], int]:
    """The usable evidence of a record and how many entries were dropped.

    Entries for fields the record does not state, or items it does not list, are dropped:
    evidence supports a stated fact, never stands in for one.
    """
    if raw is None:
        return {}, 0
    if not isinstance(raw, dict):
        return {}, 1
    kept: dict[str, list[dict]] = {}
    dropped = 0
    for field, entries in raw.items():
        if field not in LIST_VOCABULARY and field not in SCALAR_FIELDS or \
                not isinstance(entries, list):
            dropped += 1
            continue
        for raw_entry in entries[:MAX_ENTRIES_PER_FIELD]:
            entry = _entry(raw_entry, field, facts.get(field))
            if entry is None or entry in kept.get(field, []):
                dropped += entry is None
                continue
            kept.setdefault(field, []).append(entry)
    return kept, dropped
