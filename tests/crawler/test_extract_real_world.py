"""Extraction on hand-written pages in the styles of real clinic sites (tests/data/real_world/).

Each page has beside it an expected record listing only what the page states ("_url" is where
it was saved from; "practitioners", where given, names each person with the NPI the page prints).
Three measures:
- accuracy over the stated fields, at least 90% overall (the per-field table is printed);
- no false claims: no insurer or treatment, no sliding_scale / payment_plans true and no
  insurance_accepted "yes" that the expectation does not state;
- nothing unstated filled in: every contract field the expectation leaves out is empty.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from clinics.normalize import street_key
from crawler.extract.__main__ import record_of

ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = ROOT / "tests" / "data" / "real_world"
PAGES = sorted(DATA_DIR.glob("*.html"))
CONTRACT_FIELDS = (
    "name", "phone", "street", "city", "state", "postal_code", "lat", "lon", "treatments",
    "conditions", "insurance_accepted", "insurers", "sliding_scale", "payment_plans",
    "price_min_usd", "price_max_usd", "credentials", "rating", "review_count")
EXTRA_FIELDS = ("free_consultation", "aftercare", "accepting_new_patients", "telehealth",
                "locations")
SET_FIELDS = {"treatments", "conditions", "insurers", "credentials"}
EMPTY = {"insurance_accepted": "unknown", "review_count": 0}
MIN_ACCURACY = 0.90


def _words(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


def _place(location: dict) -> tuple:
    return street_key(location.get("street")), location.get("postal_code"), location.get("phone")


def same(field: str, got, want) -> bool:
    """Whether an extracted value says what the page says (spelling aside)."""
    if field in SET_FIELDS:
        return sorted(got or []) == sorted(want)
    if field in ("name", "city"):
        return _words(got) == _words(want)
    if field == "street":
        return street_key(got) == street_key(want)
    if field in ("lat", "lon", "rating"):
        return got is not None and abs(got - want) < 0.05
    if field == "locations":
        return sorted(map(_place, got or [])) == sorted(map(_place, want))
    if field == "practitioners":
        return sorted(map(_person, got or [])) == sorted(map(_person, want))
    return got == want


def _person(person: dict) -> tuple:
    """A practitioner as a page states one: name and NPI (the NPI only when printed, and only
    one with a valid check digit)."""
    return _words(person["name"]), person.get("npi")


def expected_of(page: Path) -> tuple[str, dict]:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return expected.pop("_url"), expected


@lru_cache(maxsize=None)
def extracted(name: str) -> dict:
    page = DATA_DIR / name
    url, _ = expected_of(page)
    return record_of(str(page), url)


def _scores() -> tuple[Counter, Counter, list[str]]:
    right, total, wrong = Counter(), Counter(), []
    for page in PAGES:
        _, expected = expected_of(page)
        record = extracted(page.name)
        for field, want in expected.items():
            total[field] += 1
            if same(field, record.get(field), want):
                right[field] += 1
            else:
                wrong.append(f"{page.stem}.{field}: got {record.get(field)!r}, want {want!r}")
    return right, total, wrong


def test_there_are_enough_hand_written_pages():
    assert len(PAGES) >= 20
    assert all(page.with_suffix(".expected.json").is_file() for page in PAGES)


def test_stated_fields_are_read_right():
    right, total, wrong = _scores()
    print(f"\n{'field':24} {'right':>5} {'stated':>6}  accuracy")
    for field in sorted(total):
        print(f"{field:24} {right[field]:5} {total[field]:6}  {right[field] / total[field]:.0%}")
    overall = sum(right.values()) / sum(total.values())
    print(f"{'overall':24} {sum(right.values()):5} {sum(total.values()):6}  {overall:.1%}")
    print("\n".join(wrong))
    assert overall >= MIN_ACCURACY, wrong


def _false_claims(page: Path) -> list[str]:
    _, expected = expected_of(page)
    record = extracted(page.name)
    claims = [f"insurer {i}" for i in record["insurers"] if i not in expected.get("insurers", [])]
    claims += [f"treatment {t}" for t in record["treatments"]
               if t not in expected.get("treatments", [])]
    claims += [f"{fact}=True" for fact in ("sliding_scale", "payment_plans")
               if record[fact] is True and expected.get(fact) is not True]
    if record["insurance_accepted"] == "yes" and expected.get("insurance_accepted") != "yes":
        claims.append("insurance_accepted=yes")
    return claims


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_false_claims(page):
    assert _false_claims(page) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_nothing_unstated_is_filled_in(page):
    _, expected = expected_of(page)
    record = extracted(page.name)
    filled = {field: record[field] for field in CONTRACT_FIELDS + EXTRA_FIELDS
              if field not in expected and record.get(field) not in (None, [], EMPTY.get(field))}
    assert filled == {}


def test_the_command_prints_one_record_with_the_contract_fields(tmp_path):
    page = DATA_DIR / "squarespace_microdata.html"
    url, expected = expected_of(page)
    env = {"PATH": "", "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "crawler.extract", str(page), "--url", url],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(CONTRACT_FIELDS) <= set(record)
    assert all(same(field, record[field], want) for field, want in expected.items())
