"""`flask demo-data`, the data step of `make run`: every spider against the sample web, then the
index, into an empty database; a second run leaves a full database alone."""
from sqlalchemy import func, select

from clinics import db
from clinics.models import Clinic, Practitioner, SourceRating
from clinics.normalize import street_key
from search_index import SearchRequest, search
from webapp import create_app


def test_demo_data_fills_an_empty_directory_and_labels_it(tmp_path, monkeypatch, truth):
    monkeypatch.setenv("CLINICS_VAR", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
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
    assert search(SearchRequest(per_page=1), tmp_path / "index").total == len(truth)
    again = app.test_cli_runner().invoke(args=["demo-data"])
    assert again.exit_code == 0 and "already holds" in again.output
    db.engine_for(url).dispose()


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
