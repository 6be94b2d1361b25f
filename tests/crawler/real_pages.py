"""Scores the extractor on rewritten real clinic pages (tests/data/real_pages/).

Each page's first line names where it was rewritten from; beside it, a label written from the page
alone, before the extractor ran on it, lists only what the page states. One third of the sites is
frozen: scored, never tuned on. Which third is fixed by a hash of the site's domain, so that a
page's split never depends on when it was added or on what the extractor does with it.

Two figures, per field and overall:
- facts right: of the facts the label states (a scalar field, or one item of a list field), the
  share the extractor states the same way;
- claims false: of the claims the extractor makes (a yes/no fact, an insurer, a treatment or a
  condition), the share that the page does not state or states the other way.

``python -m tests.crawler.real_pages [frozen|tuning|all]`` prints the table and the misses;
``python -m tests.crawler.real_pages record`` writes the standing figures of both parts into
FROZEN_SCORES.json, which the tests hold the extractor to (the frozen misses are not printed).

A second reader, who saw neither the labels nor the extractor, labelled the claims of most
pages again (``second_reading/``). ``python -m tests.crawler.real_pages agreement`` scores that
reading against the labels as if it were the extractor: how far two careful readers of the same
page agree bounds what any extractor can be held to.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from clinics.normalize import street_key
from crawler.extract import page_record

ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = ROOT / "tests" / "data" / "real_pages"
LIST_FIELDS = ("treatments", "conditions", "insurers", "credentials", "insurance_treatments")
YES_NO_FIELDS = ("insurance_accepted", "superbill", "sliding_scale", "payment_plans")
CLAIM_LISTS = ("insurers", "treatments", "conditions")
SCALAR_FIELDS = ("name", "phone", "street", "city", "state", "postal_code", "price_min_usd",
                 "price_max_usd", "free_consultation", "accepting_new_patients", "telehealth",
                 *YES_NO_FIELDS)
SCORED_FIELDS = SCALAR_FIELDS + LIST_FIELDS + ("locations",)
SECOND_READING_DIR = DATA_DIR / "second_reading"
SECOND_READ_FIELDS = ("treatments", "conditions", "insurers", "insurance_accepted", "superbill",
                      "payment_plans")


def pages() -> list[Path]:
    return sorted(DATA_DIR.glob("*.html"))


def is_frozen(site: str) -> bool:
    """A third of the sites, chosen by their domain's hash."""
    return int(hashlib.sha1(site.encode()).hexdigest(), 16) % 3 == 0


def label_of(page: Path) -> dict:
    return json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))


def source_of(page: Path) -> str:
    """The URL on the page's first line (``<!-- source: URL -->``)."""
    first = page.read_text(encoding="utf-8").split("\n", 1)[0]
    found = re.search(r"source:\s*(\S+)", first)
    return found.group(1) if found else page.resolve().as_uri()


@lru_cache(maxsize=None)
def extracted(path: str) -> dict:
    page = Path(path)
    return page_record(page.read_bytes(), source_of(page))


def _second_reading_path(page: Path) -> Path:
    return SECOND_READING_DIR / f"{page.stem}.json"


def second_reading(page: Path) -> dict | None:
    """The second reader's label of a page, or None where there is none."""
    path = _second_reading_path(page)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _extracted_page(page: Path) -> dict:
    return extracted(str(page))


def _extracted_if_read_twice(page: Path) -> dict | None:
    return extracted(str(page)) if _second_reading_path(page).exists() else None


def _words(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


def _place(location: dict) -> tuple:
    return (street_key(location.get("street")), location.get("postal_code"),
            _words(location.get("city")))


def _same(name: str, got, want) -> bool:
    if name in ("name", "city"):
        return _words(got) == _words(want)
    if name == "street":
        return street_key(got) == street_key(want)
    if name == "locations":
        keys = {key for place in want for key in place if key in ("street", "postal_code", "city")}
        given = [{key: place.get(key) for key in keys} for place in got or []]
        return sorted(map(_place, given)) == sorted(map(_place, want))
    return got == want


@dataclass
class Score:
    right: Counter = field(default_factory=Counter)
    stated: Counter = field(default_factory=Counter)
    claims: Counter = field(default_factory=Counter)
    false: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    pages: int = 0

    @property
    def accuracy(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.stated.values()))

    @property
    def false_rate(self) -> float:
        return sum(self.false.values()) / max(1, sum(self.claims.values()))

    def figures(self) -> dict:
        return {"pages": self.pages, "facts": sum(self.stated.values()), "right": sum(self.right.values()),
                "claims": sum(self.claims.values()), "false": sum(self.false.values()),
                "accuracy": round(self.accuracy, 4), "false_rate": round(self.false_rate, 4)}


def _stated(score: Score, stem: str, label: dict, record: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if name not in label or label[name] in (None, [], "unknown"):
            continue
        want, got = label[name], record.get(name)
        if name in LIST_FIELDS:
            for item in want:
                score.stated[name] += 1
                if item in (got or []):
                    score.right[name] += 1
                else:
                    score.misses.append(f"{stem}: {name} missed {item}")
            continue
        score.stated[name] += 1
        if _same(name, got, want):
            score.right[name] += 1
        else:
            score.misses.append(f"{stem}: {name} got {got!r}, want {want!r}")


def _claimed(score: Score, stem: str, label: dict, record: dict, fields: tuple[str, ...]) -> None:
    for name in (name for name in CLAIM_LISTS if name in fields):
        for item in record.get(name) or []:
            score.claims[name] += 1
            if item not in label.get(name, []):
                score.false[name] += 1
                score.misses.append(f"{stem}: FALSE {name} {item}")
    for name in (name for name in YES_NO_FIELDS if name in fields):
        got = record.get(name)
        if got in (None, "unknown"):
            continue
        score.claims[name] += 1
        if label.get(name) != got:
            score.false[name] += 1
            score.misses.append(f"{stem}: FALSE {name}={got!r} (label {label.get(name)!r})")


def score(selection: str = "all", reader: Callable[[Path], dict | None] = _extracted_page,
          fields: tuple[str, ...] = SCORED_FIELDS) -> Score:
    """Scores the frozen third, the tuning two thirds, or all pages: the extractor's records, or
    whatever else ``reader`` gives for a page (pages it gives nothing for are left out)."""
    result = Score()
    for page in pages():
        label = label_of(page)
        frozen = is_frozen(label["_site"])
        if (selection == "frozen" and not frozen) or (selection == "tuning" and frozen):
            continue
        record = reader(page)
        if record is None:
            continue
        result.pages += 1
        _stated(result, page.stem, label, record, fields)
        _claimed(result, page.stem, label, record, fields)
    return result


def agreement(selection: str) -> dict[str, Score]:
    """The second reading and the extractor, each scored against the labels on the pages that
    were read twice and on the fields the second reader labelled."""
    return {reader_name: score(selection, reader, SECOND_READ_FIELDS)
            for reader_name, reader in (("second_reader", second_reading),
                                        ("extractor", _extracted_if_read_twice))}


def table(result: Score) -> str:
    rows = [f"{'field':24} {'right':>5} {'stated':>6} {'acc':>5}   {'false':>5} {'claims':>6}"]
    for name in sorted(set(result.stated) | set(result.claims)):
        stated, claims = result.stated[name], result.claims[name]
        rows.append(f"{name:24} {result.right[name]:5} {stated:6} "
                    f"{result.right[name] / stated if stated else 0:5.0%}   "
                    f"{result.false[name]:5} {claims:6}")
    rows.append(f"{'overall':24} {sum(result.right.values()):5} {sum(result.stated.values()):6} "
                f"{result.accuracy:5.1%}   {sum(result.false.values()):5} "
                f"{sum(result.claims.values()):6} ({result.false_rate:.1%} false)")
    return "\n".join(rows)


def record() -> dict:
    """Writes the standing figures of the frozen and the tuning parts beside the baseline."""
    path = DATA_DIR / "FROZEN_SCORES.json"
    scores = json.loads(path.read_text(encoding="utf-8"))
    frozen, tuning = score("frozen"), score("tuning")
    scores["standing"] = {**frozen.figures(), "by_field": _by_field(frozen)}
    scores["tuning_standing"] = {**tuning.figures(), "by_field": _by_field(tuning)}
    scores["second_reading"] = {
        part: {reader_name: {**result.figures(), "by_field": _by_field(result)}
               for reader_name, result in agreement(part).items()}
        for part in ("frozen", "tuning")}
    path.write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")
    return scores


def _by_field(result: Score) -> dict:
    return {name: {"right": result.right[name], "stated": result.stated[name],
                   "false": result.false[name], "claims": result.claims[name]}
            for name in sorted(set(result.stated) | set(result.claims))}


def main(argv: list[str]) -> int:
    selection = argv[0] if argv else "all"
    if selection == "record":
        figures = record()
        print(json.dumps({key: {k: v for k, v in figures[key].items() if k != "by_field"}
                          for key in ("baseline", "standing", "tuning_standing")}))
        return 0
    if selection == "agreement":
        for part in ("frozen", "tuning"):
            for reader_name, result in agreement(part).items():
                print(f"\n{part}, {reader_name}\n{table(result)}")
                print(json.dumps({"selection": part, "reader": reader_name, **result.figures()}))
        return 0
    result = score(selection)
    print(table(result))
    if selection != "frozen":
        print("\n".join(result.misses))
    print(json.dumps({"selection": selection, **result.figures()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
