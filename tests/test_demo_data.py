"""`flask demo-data`, the data step of `make run`: every spider against the sample web, then the
index, into an empty database; a second run leaves a full database alone."""
import html
import json
from functools import lru_cache
from urllib.parse import urlsplit

from sqlalchemy import func, select

from clinics import db
from clinics.models import Clinic, Practitioner, SourceRating
from clinics.normalize import street_key
from crawler.extract.page import parse
from databases import drop_database, new_database
from sample_web.site import build, lookup
from search_index import SearchRequest, search
from tests.conftest import SAMPLE_WEB_SEED
from webapp import create_app


def test_demo_data_fills_an_empty_directory_and_labels_it(tmp_path, monkeypatch, truth):
    monkeypatch.setenv("CLINICS_VAR", str(tmp_path))
    url = new_database(tmp_path, migrated=False, filename="demo.sqlite3")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INDEX_DIR": tmp_path / "index"})
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    with db.session_scope(url) as session:
        clinics = session.scalar(select(func.count(Clinic.id)))
        demo = session.scalar(select(func.count(Clinic.id)).where(Clinic.is_demo.is_(True)))
        verified = session.scalar(select(func.count(Practitioner.id))
                                  .where(Practitioner.npi_verified.is_(True)))
        rated = session.scalar(select(func.count(SourceRating.id)))
    verifiable = sum(p["npi_verifiable"] for c in truth for p in c["practitioners"])
    assert clinics == demo == len(truth)
    assert verified > 0.9 * verifiable and rated > 0
    assert ratings_off_truth(url, truth) == []
    exported = app.test_cli_runner().invoke(args=["export-clinics"])
    assert exported.exit_code == 0
    assert facts_without_evidence_on_their_pages(exported.output) == []
    assert search(SearchRequest(per_page=1), tmp_path / "index").total == len(truth)
    again = app.test_cli_runner().invoke(args=["demo-data"])
    assert again.exit_code == 0 and "already holds" in again.output
    drop_database(url)


EVIDENCED_LISTS = ("treatments", "conditions", "insurers", "insurance_treatments")
EVIDENCED_FACTS = ("insurance_accepted", "superbill", "sliding_scale", "payment_plans",
                   "free_consultation", "accepting_new_patients", "telehealth", "price_min_usd",
                   "price_max_usd")


def facts_without_evidence_on_their_pages(export: str) -> list[str]:
    """Stated payment and care facts of the exported clinics that carry no quote, and quotes that
    are not on the sample-web page their evidence names (in its visible text or its schema.org
    markup). Name, address and phone keep their sources and dates without a quote."""
    pages: dict[str, tuple[str, str]] = {}
    wrong = []
    for line in export.splitlines():
        clinic = json.loads(line)
        evidence = clinic["evidence"]
        wrong += [f"{clinic['id']} {field} {value}" for field in EVIDENCED_LISTS
                  for value in clinic.get(field) or []
                  if not any(e.get("value") == value for e in evidence.get(field, []))]
        wrong += [f"{clinic['id']} {field}" for field in EVIDENCED_FACTS
                  if clinic.get(field) not in (None, "unknown") and not evidence.get(field)]
        for field in EVIDENCED_LISTS + EVIDENCED_FACTS:
            for entry in evidence.get(field, []):
                if not entry.get("quote"):
                    wrong.append(f"{clinic['id']} {field}: no quote from {entry['url']}")
                    continue
                text, markup = pages.get(entry["url"]) or pages.setdefault(
                    entry["url"], _page_texts(entry["url"]))
                if " ".join(entry["quote"].split()) not in text and \
                        "".join(entry["quote"].split()) not in markup:
                    wrong.append(f"{clinic['id']} quote not on {entry['url']}: {entry['quote']!r}")
    return wrong


def _page_texts(url: str) -> tuple[str, str]:
    """The visible text and the unspaced markup of a sample-web page, as it was served."""
    parts = urlsplit(url)
    routes = _routes(f"{parts.scheme}://{parts.netloc}")
    body = lookup(routes, parts.path + (f"?{parts.query}" if parts.query else "")).body
    lines = parse(body, url).lines
    return (" ".join(" ".join(line.text for line in lines).split()),
            "".join(html.unescape(body.decode("utf-8", errors="replace")).split()))


@lru_cache(maxsize=2)
def _routes(base_url: str) -> dict:
    return build(SAMPLE_WEB_SEED, base_url)


def ratings_off_truth(url: str, truth: list[dict]) -> list[tuple]:
    """Clinics whose rating (within 0.05) or review count differs from the truth's: the mean
    of the independent reviews, each counted once."""
    with db.session_scope(url) as session:
        stored = {(c.postal_code, street_key(c.street)): (c.rating, c.review_count)
                  for c in session.scalars(select(Clinic))}
    off = []
    for record in truth:
        rating, count = stored.get((record["postal_code"], street_key(record["street"])),
                                   ("missing", None))
        close = rating is None if record["rating"] is None else (
            isinstance(rating, float) and abs(rating - record["rating"]) <= 0.05 + 1e-9)
        if not close or count != record["review_count"]:
            off.append((record["id"], rating, count, record["rating"], record["review_count"]))
    return off
