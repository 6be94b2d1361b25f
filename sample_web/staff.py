"""How the newer styles present practitioners: credentials as real sites write them.

Each person's way of writing credentials is fixed by their name (so a chain's team page and its
location pages agree): "MD" or "M.D.", "DNP, PMHNP-BC", "APRN, FNP-C", "BSN, RN", and board
certifications as "board-certified anesthesiologist" or "board certified in anesthesiology".
"DNP", "MSN" and "BSN" are degrees outside the credential vocabulary and add no token.
"""
from __future__ import annotations

import random

DEGREES = {
    "md": ("MD", "M.D."), "do": ("DO", "D.O."), "crna": ("CRNA", "MSN, CRNA"),
    "np": ("FNP", "APRN, FNP-C", "APRN"), "pmhnp": ("PMHNP-BC", "DNP, PMHNP-BC"),
    "pa": ("PA-C",), "rn": ("RN", "BSN, RN"), "phd": ("PhD", "Ph.D."), "psyd": ("PsyD", "Psy.D."),
    "lcsw": ("LCSW",), "lpc": ("LPC",), "lmft": ("LMFT",),
}
BOARDS = {
    "board_certified_anesthesiology": ("board-certified anesthesiologist",
                                       "board certified in anesthesiology"),
    "board_certified_psychiatry": ("board-certified psychiatrist", "board certified in psychiatry"),
    "board_certified_pain_medicine": ("board-certified in pain medicine",
                                      "board certified in pain medicine"),
}
DOCTORS = {"md", "do", "phd", "psyd"}


def _choice(person: dict) -> random.Random:
    return random.Random(f"staff:{person['name']}")


def degrees(person: dict) -> str:
    """'MD', 'DNP, PMHNP-BC'... the letters after the name."""
    rng = _choice(person)
    return ", ".join(rng.choice(DEGREES[c]) for c in person["credentials"] if c in DEGREES)


def boards(person: dict) -> list[str]:
    rng = _choice(person)
    rng.random()
    return [rng.choice(BOARDS[c]) for c in person["credentials"] if c in BOARDS]


def honorific(person: dict) -> str:
    return "Dr. " if DOCTORS & set(person["credentials"]) else ""


def line(person: dict) -> tuple[str, str | None]:
    """('Dr. Jane Roe, MD, board-certified anesthesiologist', None), or the name line and a
    separate sentence: ('Dr. Jane Roe, M.D.', 'Dr. Roe is board certified in anesthesiology.')."""
    text = f"{honorific(person)}{person['name']}, {degrees(person)}"
    titles = boards(person)
    if not titles:
        return text, None
    if _choice(person).random() < 0.5:
        return f"{text}, {titles[0]}", None
    verb = "is a" if titles[0].endswith("ist") else "is"
    return text, f"Dr. {person['name']} {verb} {titles[0]}."


def npi_text(person: dict) -> str:
    """' (NPI 1234567893)' when the page states this person's NPI, else ''."""
    return f" (NPI {person['npi']})" if person["npi_stated"] else ""
