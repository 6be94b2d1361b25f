"""Invented practitioners: names, credentials, NPI numbers and what the registry stand-in knows.

An NPI is ten digits whose last digit is a Luhn check digit computed over the card-issuer prefix
80840 and the first nine digits. Each practitioner's NPI is either stated on the clinic's team
page (``npi_stated``), or findable in the registry stand-in by name, state and a taxonomy that
fits the credentials (``npi_verifiable``), or both; when neither, the truth's ``npi`` is None.
"""
from __future__ import annotations

import random

from sample_web import words

NPI_PREFIX = "80840"

PEOPLE_ROLES = (
    ("md|do", "board_certified_anesthesiology"),
    ("md|do", "board_certified_psychiatry"),
    ("md", "board_certified_pain_medicine"),
    ("md|do",), ("crna",), ("pmhnp",), ("np",), ("pa",), ("rn",), ("lcsw|lpc|lmft|phd|psyd",),
)

# NUCC taxonomy (code, description) of each person's registry entry, by credential. A physician
# is listed by the board certification when there is one, else by one of PHYSICIAN_TAXONOMIES.
TAXONOMIES = {
    "board_certified_anesthesiology": ("207L00000X", "Anesthesiology"),
    "board_certified_psychiatry": ("2084P0800X", "Psychiatry & Neurology, Psychiatry"),
    "board_certified_pain_medicine": ("208VP0014X", "Pain Medicine, Interventional Pain Medicine"),
    "crna": ("367500000X", "Nurse Anesthetist, Certified Registered"),
    "pmhnp": ("363LP0808X", "Nurse Practitioner, Psych/Mental Health"),
    "np": ("363LF0000X", "Nurse Practitioner, Family"),
    "pa": ("363A00000X", "Physician Assistant"),
    "rn": ("163W00000X", "Registered Nurse"),
    "phd": ("103T00000X", "Psychologist"), "psyd": ("103T00000X", "Psychologist"),
    "lcsw": ("1041C0700X", "Social Worker, Clinical"),
    "lpc": ("101YP2500X", "Counselor, Professional"),
    "lmft": ("106H00000X", "Marriage & Family Therapist"),
}
PHYSICIAN_TAXONOMIES = (
    ("207Q00000X", "Family Medicine"), ("207R00000X", "Internal Medicine"),
    ("207P00000X", "Emergency Medicine"),
)
# Taxonomies of registry namesakes who are not the clinic's practitioner.
OTHER_TAXONOMIES = (
    ("1223G0001X", "Dentist, General Practice"), ("111N00000X", "Chiropractor"),
    ("183500000X", "Pharmacist"), ("225100000X", "Physical Therapist"),
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose check digit is right for the 80840 prefix."""
    return len(npi) == 10 and npi.isdigit() and luhn_ok(NPI_PREFIX + npi)


def make_npi(rng: random.Random, taken: set[str]) -> str:
    """A new, valid individual NPI (first digit 1) that no one else holds."""
    while True:
        base = "1" + "".join(rng.choice("0123456789") for _ in range(8))
        check = next(d for d in "0123456789" if luhn_ok(NPI_PREFIX + base + d))
        if base + check not in taken:
            taken.add(base + check)
            return base + check


def taxonomy_for(credentials: list[str], rng: random.Random) -> tuple[str, str]:
    """The registry taxonomy that fits a person's credentials."""
    for credential in reversed(credentials):
        if credential in TAXONOMIES:
            return TAXONOMIES[credential]
    return rng.choice(PHYSICIAN_TAXONOMIES)


def new_name(rng: random.Random, taken: set[str]) -> str:
    """A full name no other practitioner of the sample web has."""
    while True:
        name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
        if name not in taken:
            taken.add(name)
            return name


def new_person(rng: random.Random, names: set[str], npis: set[str]) -> dict:
    """A practitioner with a private NPI and registry plan; ``finish`` turns it into truth."""
    role = rng.choice(PEOPLE_ROLES)
    credentials = [rng.choice(part.split("|")) for part in role]
    roll = rng.random()
    return {
        "name": new_name(rng, names), "credentials": credentials,
        "npi": make_npi(rng, npis),
        "npi_verifiable": roll < 0.6,
        "npi_stated": 0.45 < roll < 0.8,
        # A namesake in the registry that must not be taken for this person.
        "namesake": rng.choice((None, None, "other_state", "other_taxonomy")),
        "taxonomy": taxonomy_for(credentials, rng),
    }


def truth_view(person: dict, state: str) -> dict:
    """What the truth says of a practitioner: NPI only when a page or the registry gives it."""
    known = person["npi_verifiable"] or person["npi_stated"]
    return {
        "name": person["name"], "credentials": list(person["credentials"]),
        "npi": person["npi"] if known else None,
        "license_state": state if person["npi_verifiable"] else None,
        "npi_verifiable": person["npi_verifiable"], "npi_stated": person["npi_stated"],
    }
