"""A loopback stand-in of the NPPES NPI Registry API, version 2.1.

``/npi/api/?version=2.1&number=<npi>`` and ``/npi/api/?version=2.1&first_name=..&last_name=..
&state=..`` answer ``{"result_count": n, "results": [...]}`` with the v2.1 shape (``number`` as a
string, upper-case ``basic`` names, ``taxonomies[]`` with code, desc, license, state, primary;
``addresses[]`` with LOCATION and MAILING purposes), ``{"result_count": 0, "results": []}`` when
nothing matches, and ``{"Errors": [{"description", "field", "number"}]}`` for a bad request
(with HTTP 200, as NPPES does). Names match case-insensitively; a trailing ``*`` after two or
more letters is a wildcard.

The registry holds every practitioner whose truth says ``npi_verifiable``, namesakes who must
not be mistaken for a practitioner (same name in another state, or same name and state with an
unrelated taxonomy such as a dentist's), and unrelated people.
"""
from __future__ import annotations

import json
import random
from urllib.parse import parse_qs

from sample_web import people
from sample_web.facts import SampleClinic

FILLER_PEOPLE = 150
SEARCH_FIELDS = ("number", "first_name", "last_name", "state", "city", "postal_code",
                 "taxonomy_description", "enumeration_type")
CREDENTIAL_TEXT = {
    "md": ("M.D.", "MD"), "do": ("D.O.", "DO"), "crna": ("CRNA",), "np": ("APRN", "FNP-C"),
    "pmhnp": ("PMHNP-BC", "DNP, PMHNP-BC"), "pa": ("PA-C",), "rn": ("RN",),
    "phd": ("PH.D.", "PhD"), "psyd": ("PSY.D.",), "lcsw": ("LCSW",), "lpc": ("LPC",),
    "lmft": ("LMFT",),
}


def _address(record: dict, purpose: str, rng: random.Random) -> dict:
    street, _, suite = record["street"].partition(", ")
    phone = record["phone"]
    return {"country_code": "US", "country_name": "United States", "address_purpose": purpose,
            "address_type": "DOM", "address_1": street.upper(), "address_2": suite.upper(),
            "city": record["city"].upper(), "state": record["state"],
            "postal_code": record["postal_code"] + f"{rng.randrange(0, 10000):04d}",
            "telephone_number": f"{phone[2:5]}-{phone[5:8]}-{phone[8:]}"}


def _entry(npi: str, name: str, credentials: list[str], taxonomy: tuple[str, str],
           record: dict, rng: random.Random) -> dict:
    first, last = name.split(" ", 1)
    credential = ", ".join(rng.choice(CREDENTIAL_TEXT[c]) for c in credentials
                           if c in CREDENTIAL_TEXT)
    year, month, day = rng.randrange(2006, 2022), rng.randrange(1, 13), rng.randrange(1, 29)
    enumerated = f"{year}-{month:02d}-{day:02d}"
    basic = {"first_name": first.upper(), "last_name": last.upper(), "credential": credential,
             "sole_proprietor": "NO", "enumeration_date": enumerated,
             "last_updated": "2024-06-03", "status": "A"}
    if {"md", "do", "phd", "psyd"} & set(credentials):
        basic["name_prefix"] = "Dr."
    return {
        "created_epoch": "1262304000000", "enumeration_type": "NPI-1",
        "last_updated_epoch": "1717372800000", "number": npi,
        "addresses": [_address(record, "LOCATION", rng), _address(record, "MAILING", rng)],
        "practiceLocations": [], "basic": basic,
        "taxonomies": [{"code": taxonomy[0], "taxonomy_group": "", "desc": taxonomy[1],
                        "state": record["state"], "license": f"{record['state']}{npi[3:9]}",
                        "primary": True}],
        "identifiers": [], "endpoints": [], "other_names": [],
    }


def _elsewhere(record: dict, records: list[dict], rng: random.Random) -> dict:
    """An address in another state (for a namesake who is not the clinic's practitioner)."""
    other = rng.choice([r for r in records if r["state"] != record["state"]])
    return {**other, "street": f"{rng.randrange(10, 999)} Main Street",
            "phone": f"+1{other['phone'][2:5]}5550100"}


def entries(seed: int, clinics: list[SampleClinic]) -> list[dict]:
    """Every registry entry for one sample web, ordered by NPI."""
    rng = random.Random(f"{seed}:registry")
    found: dict[str, dict] = {}
    taken_npis = {p["npi"] for c in clinics for p in c.people}
    names = {p["name"] for c in clinics for p in c.people}
    records = [c.record for c in clinics]
    for clinic in clinics:
        for person in clinic.people:
            if person["npi"] in found:
                continue
            if person["npi_verifiable"]:
                found[person["npi"]] = _entry(person["npi"], person["name"], person["credentials"],
                                              person["taxonomy"], clinic.record, rng)
            if person["namesake"] == "other_state":
                npi = people.make_npi(rng, taken_npis)
                elsewhere = _elsewhere(clinic.record, records, rng)
                found[npi] = _entry(npi, person["name"], person["credentials"],
                                    person["taxonomy"], elsewhere, rng)
            elif person["namesake"] == "other_taxonomy":
                npi = people.make_npi(rng, taken_npis)
                found[npi] = _entry(npi, person["name"], [], rng.choice(people.OTHER_TAXONOMIES),
                                    clinic.record, rng)
    for _ in range(FILLER_PEOPLE):
        name = people.new_name(rng, names)
        credentials = [rng.choice(("md", "np", "rn", "pa", "lcsw"))]
        npi = people.make_npi(rng, taken_npis)
        found[npi] = _entry(npi, name, credentials, people.taxonomy_for(credentials, rng),
                            rng.choice(records), rng)
    return [found[npi] for npi in sorted(found)]


def _error(description: str, field: str, number: str) -> dict:
    return {"Errors": [{"description": description, "field": field, "number": number}]}


def _name_matches(wanted: str, actual: str) -> bool:
    wanted = wanted.strip().upper()
    if wanted.endswith("*"):
        return actual.startswith(wanted[:-1])
    return actual == wanted


class Registry:
    """Answers NPPES-shaped queries from entries built once; per-query work is a dict lookup or
    a scan of the last name's few entries."""

    def __init__(self, registry_entries: list[dict]):
        self.by_number = {e["number"]: e for e in registry_entries}
        self.by_last_name: dict[str, list[dict]] = {}
        for entry in registry_entries:
            self.by_last_name.setdefault(entry["basic"]["last_name"], []).append(entry)
        self.all = registry_entries

    def answer(self, query: str) -> dict:
        """The JSON object for a query string such as 'version=2.1&number=1234567893'."""
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if params.get("version") != "2.1":
            return _error("Unsupported API version; use version=2.1", "version", "03")
        given = {k: params[k].strip() for k in SEARCH_FIELDS if params.get(k, "").strip()}
        if not given:
            return _error("No valid search criteria provided", "generic", "04")
        if set(given) == {"state"}:
            return _error("State cannot be the only criteria", "state", "02")
        for field in ("first_name", "last_name"):
            value = given.get(field, "")
            if value.endswith("*") and len(value) < 3:
                return _error(f"Field {field} requires at least two characters before the "
                              "wildcard", field, "07")
        if "number" in given and not (given["number"].isdigit() and len(given["number"]) == 10):
            return _error("Field number requires 10 digits", "number", "06")
        try:
            limit = min(max(int(params.get("limit") or 10), 1), 200)
            skip = max(int(params.get("skip") or 0), 0)
        except ValueError:
            return _error("Fields limit and skip must be numbers", "limit", "08")
        matches = [e for e in self._candidates(given) if _matches(e, given)]
        page = matches[skip:skip + limit]
        return {"result_count": len(page), "results": page}

    def _candidates(self, given: dict) -> list[dict]:
        if "number" in given:
            entry = self.by_number.get(given["number"])
            return [entry] if entry else []
        last = given.get("last_name", "").upper()
        if last and not last.endswith("*"):
            return self.by_last_name.get(last, [])
        return self.all


def _matches(entry: dict, given: dict) -> bool:
    basic, location = entry["basic"], entry["addresses"][0]
    checks = {
        "number": lambda v: entry["number"] == v,
        "first_name": lambda v: _name_matches(v, basic["first_name"]),
        "last_name": lambda v: _name_matches(v, basic["last_name"]),
        "state": lambda v: location["state"] == v.upper(),
        "city": lambda v: location["city"] == v.upper(),
        "postal_code": lambda v: location["postal_code"].startswith(v.rstrip("*")),
        "taxonomy_description": lambda v: any(v.lower() in t["desc"].lower()
                                              for t in entry["taxonomies"]),
        "enumeration_type": lambda v: entry["enumeration_type"] == v.upper(),
    }
    return all(checks[field](value) for field, value in given.items())


def body(answer: dict) -> bytes:
    return json.dumps(answer, separators=(",", ":")).encode()
