"""Practitioners and their credentials, from lines like "Dr. Jane Doe, MD, board-certified
anesthesiologist" and from schema.org Person nodes."""
from __future__ import annotations

import re

from clinics.vocab import CREDENTIALS, canonical

# Credential phrases of more than one word ("board-certified anesthesiologist", "nurse
# practitioner"); single-word parts like "MD" or "PMHNP-BC" are matched whole instead, so that
# the word "do" in a sentence is never read as the DO degree.
_PHRASES = tuple((alias, term.token) for term in CREDENTIALS for alias in term.aliases
                 if " " in alias)
_PERSON_LINE = re.compile(r"^(?:(?:Dr|Doctor)\.?\s+)?(?P<name>[^,]{3,80}?)\s*,\s*(?P<rest>.+)$")
_NAME_WORD = re.compile(r"^(?:[^\W\d_]\.|[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*)$")
_HONORIFIC = re.compile(r"^(?:Dr|Doctor)\.?\s+", re.IGNORECASE)


def credentials_in(parts: list[str]) -> list[str]:
    """Credential tokens named by comma-separated parts, in order, each once."""
    found: list[str] = []
    for part in parts:
        cleaned = part.strip(" ;:").lower()
        if " " in cleaned:
            tokens = [token for alias, token in _PHRASES if alias in cleaned]
        else:
            # "Ph.D." keeps its final period; "MD." at a sentence end loses it.
            token = canonical("credentials", cleaned) or canonical("credentials", cleaned.rstrip("."))
            tokens = [token] if token else []
        found.extend(token for token in tokens if token not in found)
    return found


def person(name: str, credentials: list[str]) -> dict:
    return {"name": _HONORIFIC.sub("", name).strip(), "credentials": credentials,
            "npi": None, "license_state": None}


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words or initials, nothing else ("Ana María Ortiz", "J. Doe")."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words)


def people_in_lines(lines: list[str]) -> list[dict]:
    """Every line that is a name followed by at least one credential is one practitioner."""
    found: list[dict] = []
    for line in lines:
        match = _PERSON_LINE.match(line.rstrip(". "))
        if not match or not looks_like_name(match.group("name")):
            continue
        credentials = credentials_in(match.group("rest").split(","))
        if credentials and all(p["name"] != match.group("name") for p in found):
            found.append(person(match.group("name"), credentials))
    return found


def people_in_nodes(nodes: list) -> list[dict]:
    """schema.org Person nodes: name, honorificSuffix ("MD, PhD"), jobTitle / hasCredential."""
    found: list[dict] = []
    for node in nodes:
        if not isinstance(node, dict) or not isinstance(node.get("name"), str):
            continue
        parts = str(node.get("honorificSuffix") or "").split(",")
        for key in ("jobTitle", "description", "hasCredential"):
            value = node.get(key)
            for item in value if isinstance(value, list) else [value]:
                text = item.get("name") if isinstance(item, dict) else item
                parts.extend([text] if isinstance(text, str) else [])
        credentials = credentials_in(parts)
        if node["name"].strip():
            found.append(person(node["name"], credentials))
    return found
