"""Evidence: for each fact a page states, the words on that page that state it.

A record's ``evidence`` maps a field to entries ``{"url", "quote"}``; an entry for a list field
(an insurer, a treatment, a condition, a credential) also names the ``value`` it supports. A
quote is at most 300 characters of the page's own text: the sentence a statement was read from,
or for schema.org data the property value as the markup writes it. A patient (or an admin) can
find the quote on the page and judge the fact for themselves.
"""
from __future__ import annotations

import json
import re

from clinics.vocab import find_spans
from crawler.extract.offers import PAYMENT_PLAN
from crawler.extract.statements import Statement, affirmed, shorten

LIST_FIELDS = ("treatments", "conditions", "insurers", "insurance_treatments", "credentials")
PRICE_FIELDS = ("price_min_usd", "price_max_usd")
MAX_PER_VALUE = 2
_MARKUP_CUES = {
    "insurance_accepted": re.compile(r"insurance|insurer", re.IGNORECASE),
    "payment_plans": PAYMENT_PLAN,
}


def entry(url: str, quote: str, value: str | None = None) -> dict:
    found = {"url": url, "quote": quote}
    if value is not None:
        found["value"] = value
    return found


def add(evidence: dict, field: str, url: str, statement: Statement | str | None,
        value: str | None = None) -> None:
    """One more entry for ``field`` (nothing when there is no statement to quote)."""
    if statement is None:
        return
    quote = statement.evidence if isinstance(statement, Statement) else shorten(statement)
    if quote:
        evidence.setdefault(field, []).append(entry(url, quote, value))


def credentials(evidence: dict, url: str, people: list[dict], texts: list[str]) -> None:
    """Each credential quoted from the first text that names its holder."""
    for someone in people:
        said = next((t for t in texts if someone["name"] in t), None)
        for credential in someone.get("credentials", []):
            add(evidence, "credentials", url, said and shorten(said, someone["name"]), credential)


def markup_strings(node) -> list[tuple[str, str]]:
    """Every leaf of a schema.org node as (property, the value as the markup writes it):
    strings as they are, numbers and booleans with their property name as JSON-LD shows them."""
    found: list[tuple[str, str]] = []
    stack = [("", node)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((key, item) for item in reversed(value))
        elif isinstance(value, str):
            if value.strip() and not key.startswith("@"):
                found.append((key, value.strip()))
        elif value is not None and key:
            found.append((key, f'"{key}": {json.dumps(value)}'))
    return found


def _first(strings: list[str], test) -> str | None:
    return next((s for s in strings if test(s)), None)


def from_markup(facts: dict, leaves: list[tuple[str, str]], url: str) -> dict:
    """Evidence for what a page's schema.org data states, quoted from the markup."""
    evidence: dict = {}
    strings = [text for _, text in leaves]
    for field in ("treatments", "conditions"):
        for token in facts.get(field, []):
            add(evidence, field, url, _first(strings, lambda s: token in affirmed(field, s)), token)
    for token in facts.get("insurers", []):
        add(evidence, "insurers", url, _first(
            strings, lambda s: any(t == token for t, _, _ in find_spans("insurers", s))), token)
    for field, cue in _MARKUP_CUES.items():
        if facts.get(field) in (True, "yes"):
            add(evidence, field, url, _first(strings, cue.search))
    if facts.get("accepting_new_patients") is not None:
        add(evidence, "accepting_new_patients", url,
            next((text for key, text in leaves if key == "isAcceptingNewPatients"), None))
    for field in PRICE_FIELDS:
        if (amount := facts.get(field)) is not None:
            add(evidence, field, url, _first(strings, lambda s: _states_amount(s, amount)))
    return evidence


def _states_amount(text: str, amount: int) -> bool:
    digits = re.sub(r"[,\s]", "", text)
    return re.search(rf"(?<![\d.]){amount}(?![\d])", digits) is not None


def combined(partials: list[dict], record: dict) -> dict:
    """The evidence of a record combined from partial ones: each field's entries from the
    partials that state what the record says, at most MAX_PER_VALUE a value."""
    evidence: dict = {}
    for partial in partials:
        for field, entries in (partial.get("evidence") or {}).items():
            for item in entries:
                if _supports(field, item, partial, record) and _room(evidence, field, item):
                    evidence.setdefault(field, []).append(item)
    return evidence


def _supports(field: str, item: dict, partial: dict, record: dict) -> bool:
    final = record.get(field)
    if field in LIST_FIELDS:
        return item.get("value") in (final or [])
    return final is not None and partial.get(field) == final


def _room(evidence: dict, field: str, item: dict) -> bool:
    have = evidence.get(field, [])
    if item in have:
        return False
    return sum(1 for e in have if e.get("value") == item.get("value")) < MAX_PER_VALUE
