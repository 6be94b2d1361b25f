"""Extraction on rewritten real clinic pages (tests/data/real_pages/), labelled before the
extractor ran on them, and the evidence every stated fact carries.

The frozen third is never tuned on: its figures before any tuning and as they stand now are
recorded in FROZEN_SCORES.json, and the extractor may not fall below the standing figures. The
table each run prints is the honest measure of the extractor on pages it was not written for.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from clinics.vocab import tokens
from crawler.extract import page_record
from crawler.extract.page import parse
from tests.crawler import real_pages

ROOT = Path(__file__).resolve().parent.parent.parent
FROZEN = json.loads((real_pages.DATA_DIR / "FROZEN_SCORES.json").read_text(encoding="utf-8"))
EVIDENCE_LISTS = ("treatments", "conditions", "insurers", "insurance_treatments", "credentials")
EVIDENCE_FACTS = ("insurance_accepted", "superbill", "sliding_scale", "payment_plans",
                  "free_consultation", "aftercare", "accepting_new_patients", "telehealth",
                  "price_min_usd", "price_max_usd")
VOCABULARY_FIELDS = {"treatments": "treatments", "conditions": "conditions",
                     "insurance_treatments": "treatments", "credentials": "credentials"}
PAGE_SETS = [real_pages.DATA_DIR, ROOT / "tests" / "data" / "real_world",
             ROOT / "tests" / "data" / "clinic_pages"]


def test_the_set_holds_enough_pages_from_enough_sites():
    pages = real_pages.pages()
    sites = {real_pages.label_of(page)["_site"] for page in pages}
    assert len(pages) >= 120
    assert len(sites) >= 60
    assert sum(real_pages.is_frozen(site) for site in sites) >= len(sites) // 4


@pytest.mark.parametrize("page", real_pages.pages(), ids=lambda p: p.stem)
def test_each_page_names_its_source_and_its_label_speaks_the_vocabulary(page):
    label = real_pages.label_of(page)
    source = real_pages.source_of(page)
    host = urlsplit(source).hostname or ""
    hosted = urlsplit(source).path.startswith(f"/{label['_site']}/")
    assert host == label["_site"] or host.endswith("." + label["_site"]) or \
        host == "github.com" or (host == "sites.google.com" and hosted), (source, label["_site"])
    assert label["_url"] == source
    for field, vocabulary in VOCABULARY_FIELDS.items():
        assert set(label.get(field, [])) <= set(tokens(vocabulary)), field
    assert label.get("insurance_accepted", "yes") in ("yes", "no")


def test_the_frozen_third_keeps_its_standing_figures():
    result = real_pages.score("frozen")
    print("\n" + real_pages.table(result))
    before, now = FROZEN["baseline"], FROZEN["standing"]
    print(f"before any tuning: {before['right']}/{before['facts']} facts right, "
          f"{before['false']}/{before['claims']} claims false")
    assert result.pages == now["pages"]
    assert round(result.accuracy, 4) >= now["accuracy"]
    assert round(result.false_rate, 4) <= now["false_rate"]


def test_the_tuning_pages_keep_their_standing_figures():
    result = real_pages.score("tuning")
    print("\n" + real_pages.table(result))
    now = FROZEN["tuning_standing"]
    assert round(result.accuracy, 4) >= now["accuracy"]
    assert round(result.false_rate, 4) <= now["false_rate"]


def test_the_second_reading_covers_both_parts_in_the_vocabulary():
    readings = sorted(real_pages.SECOND_READING_DIR.glob("*.json"))
    stems = {page.stem for page in real_pages.pages()}
    assert {reading.stem for reading in readings} <= stems
    for reading in readings:
        label = json.loads(reading.read_text(encoding="utf-8"))
        assert set(label) <= {*real_pages.SECOND_READ_FIELDS, "_notes"}, reading.stem
        for field in ("treatments", "conditions", "insurers"):
            assert set(label.get(field, [])) <= set(tokens(field)), (reading.stem, field)
        assert label.get("insurance_accepted", "yes") in ("yes", "no")
    for part in ("frozen", "tuning"):
        assert real_pages.agreement(part)["second_reader"].pages >= 60


@pytest.mark.parametrize("part", ["frozen", "tuning"])
def test_the_second_readers_agreement_is_as_recorded(part):
    result = real_pages.agreement(part)["second_reader"]
    recorded = FROZEN["second_reading"][part]["second_reader"]
    print("\n" + real_pages.table(result))
    assert {key: value for key, value in recorded.items() if key != "by_field"} == \
        result.figures()


def _squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _unspaced(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(text))


def _missing_evidence(record: dict) -> list[str]:
    evidence = record["evidence"]
    missing = [f"{field} {value}" for field in EVIDENCE_LISTS for value in record.get(field) or []
               if not any(e.get("value") == value for e in evidence.get(field, []))]
    missing += [field for field in EVIDENCE_FACTS
                if record.get(field) not in (None, "unknown") and not evidence.get(field)]
    return missing


def _quotes_not_on_page(record: dict, raw: bytes, url: str) -> list[str]:
    """Quotes that are neither in the page's visible text nor, for schema.org data, in its
    markup."""
    text = _squashed(" ".join(line.text for line in parse(raw, url).lines))
    source = _unspaced(raw.decode("utf-8", errors="replace"))
    return [entry["quote"] for entries in record["evidence"].values() for entry in entries
            if len(entry["quote"]) > 300 or not (_squashed(entry["quote"]) in text
                                                  or _unspaced(entry["quote"]) in source)]


@pytest.mark.parametrize("folder", PAGE_SETS, ids=lambda p: p.name)
def test_every_stated_fact_carries_a_quote_found_on_its_page(folder):
    wrong = []
    for page in sorted(folder.glob("*.html")):
        raw = page.read_bytes()
        url = real_pages.source_of(page)
        record = page_record(raw, url)
        assert all(entry["url"] == url for entries in record["evidence"].values()
                   for entry in entries)
        wrong += [f"{page.stem}: no evidence for {m}" for m in _missing_evidence(record)]
        wrong += [f"{page.stem}: not on the page: {q!r}" for q in
                  _quotes_not_on_page(record, raw, url)]
    assert wrong == []
