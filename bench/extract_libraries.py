"""``python -m bench.extract_libraries``: would field-standard text libraries read clinic pages better?

Each variant swaps one piece of the page extractor for a library at run time (the extractor's
files stay as they are) and is scored against the unchanged extractor on three sets: the tuning
two thirds and the frozen third of tests/data/real_pages (scored as tests/crawler/real_pages.py
scores them: stated facts right, claims false), and the hand-written tests/data/real_world pages
(the same two figures, plus the share of expected fields read exactly, as
tests/crawler/test_extract_real_world.py measures it).

Variants:
- pysbd: sentence boundaries from pysbd instead of the extractor's own splitter (also with the
  extractor's rule that a semicolon ends a clause, kept on top of pysbd);
- justext / trafilatura: lines that the library classes as boilerplate (not main text) are not
  read as the clinic's statements; a line is mapped to the library's paragraphs by its words;
- trafilatura metadata: the page's site name (then title) as the clinic's name, scored on the
  name field only;
- negspacy: NegEx on a blank spaCy pipeline (an EntityRuler from clinics.vocab aliases, no model)
  decides whether each treatment, condition and insurer mention is denied;
- medspaCy ConText: mentions of treatments and conditions that ConText marks hypothetical,
  historical or possible are not read as offered (with the extractor's negation, and with
  ConText's own negation instead).

A variant whose library is not installed is skipped with a message. Time per page is the wall
time of extracting and scoring one set divided by its pages (library set-up excluded). The last
line printed is one JSON object.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
import types
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SETS = ("tuning", "frozen", "real_world")
REAL_WORLD = ROOT / "tests" / "data" / "real_world"
OFFERINGS = ("treatments", "conditions")
VOCABULARY_LABELS = {"treatments": "TREATMENT", "conditions": "CONDITION", "insurers": "INSURER"}


def _module(name: str):
    return importlib.import_module(name)


# ---------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Run:
    """One variant on one set: the scorer's Score, exact-field figures and the time taken."""

    score: object
    fields_right: int = 0
    fields_total: int = 0
    seconds: float = 0.0

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / max(1, self.score.pages)

    def figures(self) -> dict:
        out = dict(self.score.figures())
        if self.fields_total:
            out["fields_exact"] = round(self.fields_right / self.fields_total, 4)
        out["ms_per_page"] = round(self.ms_per_page, 1)
        return out


def _real_world_pages() -> list[tuple[Path, str, dict]]:
    found = []
    for page in sorted(REAL_WORLD.glob("*.html")):
        label = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
        found.append((page, label.pop("_url"), label))
    return found


def score_set(selection: str) -> Run:
    """Extracts every page of one set afresh (the scorers' caches cleared) and scores it."""
    real_pages = _module("tests.crawler.real_pages")
    real_pages.extracted.cache_clear()
    started = time.perf_counter()
    if selection != "real_world":
        result = real_pages.score(selection)
        return Run(result, seconds=time.perf_counter() - started)
    from crawler.extract import page_record
    same = _module("tests.crawler.test_extract_real_world").same
    result, right, total = real_pages.Score(), 0, 0
    for page, url, label in _real_world_pages():
        record = page_record(page.read_bytes(), url)
        result.pages += 1
        real_pages._stated(result, page.stem, label, record)
        real_pages._claimed(result, page.stem, label, record)
        for name, want in label.items():
            total += 1
            right += same(name, record.get(name), want)
    return Run(result, right, total, time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------
# Patching


@contextlib.contextmanager
def patched(*targets: tuple[str, str, object]) -> Iterator[None]:
    """Sets (module, attribute, value) for the duration; every attribute must already exist,
    so that a renamed piece of the extractor fails loudly instead of measuring nothing."""
    saved = []
    try:
        for module_name, attribute, value in targets:
            module = sys.modules.get(module_name) or _module(module_name)
            if not hasattr(module, attribute):
                raise LookupError(f"{module_name}.{attribute} no longer exists")
            saved.append((module, attribute, getattr(module, attribute)))
            setattr(module, attribute, value)
        yield
    finally:
        for module, attribute, value in reversed(saved):
            setattr(module, attribute, value)


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


def filtering_lines(keep: Callable) -> Callable[[], contextlib.AbstractContextManager]:
    """A patch that moves the lines ``keep(page)`` rejects out of the clinic's own zone while
    its statements are read (line numbers stay as they are); names, contact blocks and
    structured data still see every line."""
    package = _module("crawler.extract")
    original_prose_facts, original_statements = package.prose_facts, package.statements

    def prose_facts(page):
        kept = keep(page)

        def statements(lines):
            if lines is page.lines and kept is not None:
                lines = [line if ok else replace(line, zone="boilerplate")
                         for line, ok in zip(lines, kept)]
            return original_statements(lines)

        with patched(("crawler.extract", "statements", statements)):
            return original_prose_facts(page)

    return lambda: patched(("crawler.extract", "prose_facts", prose_facts))


def keep_mask(lines, good: list[str], bad: list[str], unseen_kept: bool) -> list[bool]:
    """Whether each page line is main text: a line whose words are a whole paragraph takes
    that paragraph's class; else a line inside a main-text paragraph is kept, one inside only
    boilerplate is dropped, and one the library never saw is ``unseen_kept``."""
    good_words, bad_words = [_words(t) for t in good], [_words(t) for t in bad]
    exact = {**{w: False for w in bad_words}, **{w: True for w in good_words}}
    good_blob, bad_blob = "\n".join(good_words), "\n".join(bad_words)
    mask = []
    for line in lines:
        words = _words(line.text)
        if not words:
            mask.append(True)
        elif words in exact:
            mask.append(exact[words])
        elif words in good_blob:
            mask.append(True)
        elif words in bad_blob:
            mask.append(False)
        else:
            mask.append(unseen_kept)
    return mask


def justext_keep(page) -> list[bool]:
    import justext

    paragraphs = justext.justext(page.html.encode("utf-8"), justext.get_stoplist("English"))
    good = [p.text for p in paragraphs if not p.is_boilerplate]
    bad = [p.text for p in paragraphs if p.is_boilerplate]
    return keep_mask(page.lines, good, bad, unseen_kept=True)


def trafilatura_keep(favor_recall: bool) -> Callable:
    def keep(page) -> list[bool] | None:
        import trafilatura

        text = trafilatura.extract(page.html, url=page.url, include_comments=False,
                                   include_tables=True, favor_recall=favor_recall,
                                   favor_precision=not favor_recall)
        if not text:
            return None  # nothing extracted: every line stays
        return keep_mask(page.lines, text.split("\n"), [], unseen_kept=False)
    return keep


# ---------------------------------------------------------------------------------------------
# Sentences


def pysbd_patch(semicolons: bool) -> Callable[[], contextlib.AbstractContextManager]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)

    @lru_cache(maxsize=16384)
    def split_sentences(text: str) -> tuple[str, ...]:
        parts = [s.strip() for s in segmenter.segment(text) if s.strip()]
        if semicolons:
            parts = [p.strip() for s in parts for p in re.split(r"(?<=;)\s+", s) if p.strip()]
        return tuple(parts)

    return lambda: patched(("crawler.extract.statements", "split_sentences",
                            lambda text: list(split_sentences(text))))


# ---------------------------------------------------------------------------------------------
# Names


def trafilatura_name(order: str) -> Callable[[], contextlib.AbstractContextManager]:
    """``order``: "sitename" (trafilatura's site name, else page_name), "sitename+title" (its
    site name, else its title, else page_name) or "fallback" (page_name, else trafilatura's site
    name or title). A site name trafilatura made up from the URL's host is not the page's own."""
    package = _module("crawler.extract")
    original = package.page_name

    def from_metadata(page, with_title: bool) -> str | None:
        import trafilatura

        meta = trafilatura.extract_metadata(page.html, default_url=page.url)
        if meta is None:
            return None
        host = (urlsplit(page.url).hostname or "").lower()
        sitename = meta.sitename if (meta.sitename or "").lower().strip() not in (
            host, host.removeprefix("www.")) else None
        return ((sitename or (meta.title if with_title else None)) or "").strip() or None

    def page_name(page, city=None):
        if order == "fallback":
            return original(page, city) or from_metadata(page, True)
        return from_metadata(page, order == "sitename+title") or original(page, city)

    return lambda: patched(("crawler.extract", "page_name", page_name))


# ---------------------------------------------------------------------------------------------
# Negation and context on a blank spaCy pipeline


def _ruler_patterns() -> list[dict]:
    vocab = _module("clinics.vocab")
    patterns = []
    for vocabulary, label in VOCABULARY_LABELS.items():
        for term in vocab.VOCABULARIES[vocabulary]:
            for alias in term.aliases:
                patterns.append({"label": label, "pattern": alias, "id": term.token})
    return patterns


def blank_pipeline(judge: str, termset: str = "en_clinical"):
    """spacy.blank("en") with a sentencizer, an EntityRuler of the vocabulary's aliases, and
    the judging component (negspacy's "negex" or medspaCy's "medspacy_context") kept apart so
    that a mention the ruler tokenises differently can be added before judging."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(_ruler_patterns())
    if judge == "negex":
        importlib.import_module("negspacy.negation")  # registers the "negex" factory
        from negspacy.termsets import termset as negex_termset
        nlp.add_pipe("negex", config={"neg_termset": negex_termset(termset).get_patterns()})
    else:
        _import_context()
        nlp.add_pipe("medspacy_context")
    return nlp


def _import_context() -> None:
    """medspaCy 1.3.1's package import pulls in PyRuSH and QuickUMLS (and with them spaCy < 3.8),
    which ConText never uses: stand-ins let ConText load beside the installed spaCy."""
    for name, attribute in (("PyRuSH", "PyRuSHSentencizer"), ("quickumls", "spacy_component")):
        try:
            importlib.import_module(name)
        except ImportError:
            stand_in = types.ModuleType(name)
            setattr(stand_in, attribute, None)
            sys.modules[name] = stand_in
    importlib.import_module("medspacy.context")


@dataclass
class Judge:
    """Flags of each mention in a clause, from one pipeline; counts mentions the ruler missed."""

    nlp: object
    judge: str
    unaligned: int = 0
    mentions: int = 0
    cache: dict = field(default_factory=dict)

    def flags(self, clause: str, spans: tuple[tuple[int, int], ...]) -> list[dict]:
        key = (clause, spans)
        if key not in self.cache:
            self.cache[key] = self._flags(clause, spans)
        return self.cache[key]

    def _flags(self, clause: str, spans) -> list[dict]:
        from spacy.util import filter_spans

        doc = self.nlp.make_doc(clause)
        judged = None
        for name, component in self.nlp.pipeline:
            if name in ("negex", "medspacy_context"):
                judged = component
                break
            doc = component(doc)
        ents, found = list(doc.ents), []
        for start, end in spans:
            self.mentions += 1
            if not any(e.start_char <= start and end <= e.end_char for e in ents):
                self.unaligned += 1
                span = doc.char_span(start, end, label="MENTION", alignment_mode="expand")
                if span is not None:
                    ents.append(span)
        doc.ents = filter_spans(ents)
        doc = judged(doc)
        for start, end in spans:
            ent = next((e for e in doc.ents if e.start_char <= start < e.end_char), None)
            found.append(self._read(ent))
        return found

    def _read(self, ent) -> dict:
        if ent is None:
            return {}
        if self.judge == "negex":
            return {"negated": bool(ent._.negex)}
        return {"negated": ent._.is_negated, "hypothetical": ent._.is_hypothetical,
                "historical": ent._.is_historical, "uncertain": ent._.is_uncertain,
                "family": ent._.is_family}


def denials_by(judge: Judge) -> Callable:
    def denials(clause, mentions, offering=False):
        spans = tuple((start, end) for _, start, end in mentions)
        return [bool(f.get("negated")) for f in judge.flags(clause, spans)]
    return denials


def negation_patch(judge: Judge) -> list[tuple[str, str, object]]:
    """The extractor's per-mention negation (statements.denials, also imported by insurance)."""
    denials = denials_by(judge)
    return [("crawler.extract.statements", "denials", denials),
            ("crawler.extract.insurance", "denials", denials)]


def context_patch(judge: Judge, own_negation: bool) -> Callable[[], contextlib.AbstractContextManager]:
    """Drops treatments and conditions whose every mention in a clause ConText marks
    hypothetical, historical, possible or about family; with ``own_negation`` false, ConText's
    negation also replaces the extractor's."""
    statements = _module("crawler.extract.statements")
    vocab = _module("clinics.vocab")
    original = statements.affirmed

    def affirmed(vocabulary, clause):
        tokens = original(vocabulary, clause)
        if vocabulary not in OFFERINGS or not tokens:
            return tokens
        mentions = vocab.find_spans(vocabulary, clause)
        flags = judge.flags(clause, tuple((start, end) for _, start, end in mentions))
        doubtful = {token for (token, _, _), f in zip(mentions, flags)
                    if f.get("hypothetical") or f.get("historical") or f.get("uncertain")
                    or f.get("family")}
        plain = {token for (token, _, _), f in zip(mentions, flags)
                 if not (f.get("hypothetical") or f.get("historical") or f.get("uncertain")
                         or f.get("family"))}
        return [t for t in tokens if t in plain or t not in doubtful]

    targets = [(module, "affirmed", affirmed) for module in (
        "crawler.extract.statements", "crawler.extract.prose", "crawler.extract.offers",
        "crawler.extract.evidence")]
    if not own_negation:
        targets += negation_patch(judge)
    return lambda: patched(*targets)


# ---------------------------------------------------------------------------------------------
# Variants


@dataclass
class Variant:
    name: str
    libraries: tuple[str, ...]
    build: Callable[[], Callable[[], contextlib.AbstractContextManager]]
    note: str
    fields: tuple[str, ...] = ()  # scored fields to report; empty: all
    judge: Judge | None = None


def _negex(termset: str) -> Callable:
    def build():
        judge = Judge(blank_pipeline("negex", termset), "negex")
        VARIANTS_BY_NAME[f"negspacy {termset}"].judge = judge
        return lambda: patched(*negation_patch(judge))
    return build


def _context(own_negation: bool, name: str) -> Callable:
    def build():
        judge = Judge(blank_pipeline("context"), "context")
        VARIANTS_BY_NAME[name].judge = judge
        return context_patch(judge, own_negation)
    return build


VARIANTS = (
    Variant("pysbd", ("pysbd",), lambda: pysbd_patch(semicolons=False),
            "pysbd 0.3.4 sentences instead of split_sentences"),
    Variant("pysbd + ;", ("pysbd",), lambda: pysbd_patch(semicolons=True),
            "pysbd sentences, then split at semicolons as the extractor does"),
    Variant("justext", ("justext",), lambda: filtering_lines(justext_keep),
            "lines justext marks boilerplate are not read as statements"),
    Variant("trafilatura", ("trafilatura",), lambda: filtering_lines(trafilatura_keep(False)),
            "only lines in trafilatura's main text (favor_precision) are read as statements"),
    Variant("trafilatura recall", ("trafilatura",),
            lambda: filtering_lines(trafilatura_keep(True)),
            "only lines in trafilatura's main text (favor_recall) are read as statements"),
    Variant("name: traf sitename", ("trafilatura",), lambda: trafilatura_name("sitename"),
            "trafilatura's site name as the visible name, page_name when it has none",
            fields=("name",)),
    Variant("name: traf sitename+title", ("trafilatura",),
            lambda: trafilatura_name("sitename+title"),
            "trafilatura's site name, else its title, else page_name", fields=("name",)),
    Variant("name: page_name then traf", ("trafilatura",), lambda: trafilatura_name("fallback"),
            "page_name, trafilatura's site name or title when page_name finds none",
            fields=("name",)),
    Variant("negspacy en_clinical", ("spacy", "negspacy"), _negex("en_clinical"),
            "NegEx (en_clinical termset) judges each treatment/condition/insurer mention"),
    Variant("negspacy en", ("spacy", "negspacy"), _negex("en"),
            "NegEx (en termset) judges each treatment/condition/insurer mention"),
    Variant("context filter", ("spacy", "medspacy"), _context(True, "context filter"),
            "extractor's negation; ConText hypothetical/historical/possible mentions dropped"),
    Variant("context full", ("spacy", "medspacy"), _context(False, "context full"),
            "ConText negation for every mention and its other modifiers as above"),
)
VARIANTS_BY_NAME = {variant.name: variant for variant in VARIANTS}


def missing(variant: Variant) -> list[str]:
    return [name for name in variant.libraries if importlib.util.find_spec(name) is None]


# ---------------------------------------------------------------------------------------------
# Report


def _field_changes(base, run, fields: tuple[str, ...]) -> list[str]:
    """Fields whose right or false counts moved from the baseline."""
    changes = []
    names = sorted(set(base.stated) | set(base.claims) | set(run.stated) | set(run.claims))
    for name in names:
        if fields and name not in fields:
            continue
        moved = (base.right[name], base.false[name], base.claims[name]) != (
            run.right[name], run.false[name], run.claims[name])
        if moved:
            changes.append(f"{name} right {base.right[name]}->{run.right[name]}/{base.stated[name]}"
                           f", false {base.false[name]}/{base.claims[name]}"
                           f"->{run.false[name]}/{run.claims[name]}")
    return changes


def _row(name: str, selection: str, run: Run, base: Run | None, fields) -> str:
    score = run.score
    if fields:
        right = sum(score.right[f] for f in fields)
        stated = sum(score.stated[f] for f in fields)
        acc = right / max(1, stated)
        base_acc = (sum(base.score.right[f] for f in fields) / max(1, stated)) if base else acc
        return (f"{name:26} {selection:10} {acc:7.1%} {acc - base_acc:+7.1%} {'':>8} {'':>8} "
                f"{'':>7} {run.ms_per_page:8.1f}")
    exact = run.fields_right / run.fields_total if run.fields_total else None
    base_score = base.score if base else score
    return (f"{name:26} {selection:10} {score.accuracy:7.1%} "
            f"{score.accuracy - base_score.accuracy:+7.1%} {score.false_rate:8.1%} "
            f"{score.false_rate - base_score.false_rate:+8.1%} "
            f"{'' if exact is None else format(exact, '.1%'):>7} {run.ms_per_page:8.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extract_libraries", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", default=[],
                        help="run only the variants whose name contains this (repeatable)")
    parser.add_argument("--misses", action="store_true",
                        help="print the facts each variant gets right or wrong unlike the baseline")
    args = parser.parse_args(argv)
    os.environ["CLINICS_VAR"] = tempfile.mkdtemp(prefix="bench-extract-libraries-")

    score_set("real_world")  # warm-up: imports and compiled patterns are not any variant's cost
    baseline = {selection: score_set(selection) for selection in SETS}
    header = (f"{'variant':26} {'set':10} {'acc':>7} {'d acc':>7} {'false':>8} {'d false':>8} "
              f"{'exact':>7} {'ms/page':>8}")
    print(header)
    for selection in SETS:
        print(_row("baseline", selection, baseline[selection], None, ()))
    results = {"baseline": {s: baseline[s].figures() for s in SETS}}
    skipped, details = {}, []
    for variant in VARIANTS:
        if args.only and not any(part in variant.name for part in args.only):
            continue
        if absent := missing(variant):
            skipped[variant.name] = f"not installed: {', '.join(absent)}"
            print(f"{variant.name:26} skipped: {', '.join(absent)} not installed")
            continue
        try:
            started = time.perf_counter()
            patch = variant.build()
            setup = time.perf_counter() - started
            runs = {}
            for selection in SETS:
                with patch():
                    runs[selection] = score_set(selection)
        except (LookupError, ImportError) as error:
            skipped[variant.name] = str(error)
            print(f"{variant.name:26} skipped: {error}")
            continue
        results[variant.name] = {"note": variant.note, "setup_s": round(setup, 2)}
        for selection, run in runs.items():
            print(_row(variant.name, selection, run, baseline[selection], variant.fields))
            figures = run.figures()
            if variant.fields:
                figures = {"pages": run.score.pages, "ms_per_page": figures["ms_per_page"],
                           **{f: {"right": run.score.right[f], "stated": run.score.stated[f]}
                              for f in variant.fields}}
            figures["changed"] = _field_changes(baseline[selection].score, run.score,
                                                variant.fields)
            results[variant.name][selection] = figures
            details.append((variant.name, selection, figures["changed"],
                            _misses_moved(baseline[selection].score, run.score, variant.fields)))
        if variant.judge is not None:
            results[variant.name]["mentions"] = variant.judge.mentions
            results[variant.name]["mentions_ruler_missed"] = variant.judge.unaligned
    print("\nfields that moved (right/stated, false/claims; baseline -> variant):")
    for name, selection, changed, moved in details:
        for line in changed:
            print(f"  {name:26} {selection:10} {line}")
        if args.misses and moved and not changed:
            print(f"  {name:26} {selection:10} (same counts, other values)")
        if args.misses:
            for line in moved:
                print(f"      {line}")
    print(json.dumps({"bench": "extract_libraries", "results": results, "skipped": skipped}))
    return 0


def _misses_moved(base, run, fields: tuple[str, ...]) -> list[str]:
    """Misses the variant adds (+) or removes (-), limited to its fields when it has some."""
    def kept(miss: str) -> bool:
        return not fields or any(re.search(rf": (?:FALSE )?{f}\b", miss) for f in fields)
    before = {m for m in base.misses if kept(m)}
    after = {m for m in run.misses if kept(m)}
    return [f"+ {m}" for m in sorted(after - before)] + [f"- {m}" for m in sorted(before - after)]


if __name__ == "__main__":
    raise SystemExit(main())
