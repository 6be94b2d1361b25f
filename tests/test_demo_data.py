"""`flask demo-data`, the data step of `make run`: every spider against the sample web, then the
index, into an empty database; a second run leaves a full database alone."""
from sqlalchemy import func, select

from clinics import db
from clinics.models import Clinic, Practitioner, SourceRating
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
    assert search(SearchRequest(per_page=1), tmp_path / "index").total == len(truth)
    again = app.test_cli_runner().invoke(args=["demo-data"])
    assert again.exit_code == 0 and "already holds" in again.output
    db.engine_for(url).dispose()
