"""Reviews across sources, per-source ratings, NPI checks and visible conflicts."""
import pytest
from sqlalchemy import select

from clinics.conflicts import field_conflicts
from clinics.credentials import practitioners_to_verify, record_npi_check, split_name
from clinics.ingest import upsert_clinic
from clinics.models import Clinic, Practitioner, Review, SourceRating

SITE = "https://calm-harbor.example/"
REVIEW_SITE = "https://reviews.example/clinic/7/"
SHARED = {"author": "Sam P.", "rating": 5, "text": "They listened.", "published": "2026-03-03"}


def clinic_record(**extra):
    return {"name": "Calm Harbor Ketamine", "phone": "410-555-0123", "postal_code": "21201",
            "street": "100 N Charles St", "website": SITE, **extra}


def test_one_review_on_two_sources_is_stored_once(session):
    upsert_clinic(session, clinic_record(reviews=[SHARED]), source_url=SITE, spider="clinic_site")
    other = {"author": "Lee", "rating": 2, "text": "Long wait.", "published": "2026-04-01"}
    result = upsert_clinic(session, clinic_record(website=None, reviews=[dict(SHARED), other]),
                           source_url=REVIEW_SITE, spider="reviews")
    stored = session.scalars(select(Review).order_by(Review.id)).all()
    assert [(r.source, r.author) for r in stored] == [("website", "Sam P."),
                                                      ("reviews.example", "Lee")]
    assert result.reviews_added == 1


def test_a_sources_stated_aggregate_is_kept_and_weighs_in_the_combined_rating(session):
    result = upsert_clinic(session, clinic_record(reviews=[SHARED]), source_url=SITE,
                           spider="clinic_site")
    upsert_clinic(session, clinic_record(website=None, rating=4.0, review_count=95,
                                         reviews=[SHARED]),
                  source_url=REVIEW_SITE, spider="reviews")
    clinic = session.get(Clinic, result.clinic_id)
    per_source = {(r.source, r.rating, r.review_count)
                  for r in session.scalars(select(SourceRating))}
    assert per_source == {("reviews.example", 4.0, 95)}
    assert clinic.review_count == 95, "the shared review is one of the 95, and counts once"
    assert clinic.rating == 4.0


def test_reviews_seen_on_two_independent_sources_count_once_in_the_mean(session):
    other = "https://ratings.example/c/3"
    lee = {"author": "Lee", "rating": 1, "text": "Long wait.", "published": "2026-04-01"}
    result = upsert_clinic(session, clinic_record(website=None, rating=3.0, review_count=2,
                                                  reviews=[SHARED, lee]),
                           source_url=REVIEW_SITE, spider="reviews")
    upsert_clinic(session, clinic_record(website=None, rating=4.5, review_count=4,
                                         reviews=[dict(SHARED)]),
                  source_url=other, spider="reviews")
    clinic = session.get(Clinic, result.clinic_id)
    # Read: 5 (on both) and 1; unread: three more at the second source, 18 - 5 = 13 stars.
    assert clinic.review_count == 5
    assert clinic.rating == round((5 + 1 + 13) / 5, 1)
    stored = session.scalars(select(Review).where(Review.author == "Sam P.")).one()
    assert (stored.source, stored.also_seen_on) == ("reviews.example", ["ratings.example"])


@pytest.mark.parametrize("rating, count", [(7.5, 10), (-1, 3), ("lots", 2), (4.0, -5)])
def test_an_absurd_aggregate_is_dropped_and_counted(session, rating, count):
    result = upsert_clinic(session, clinic_record(rating=rating, review_count=count),
                           source_url=REVIEW_SITE, spider="reviews")
    assert "bad_rating" in result.dropped
    assert session.scalars(select(SourceRating)).all() == []


def test_conflicting_sources_stay_visible(session):
    result = upsert_clinic(session, clinic_record(sliding_scale=True), source_url=SITE,
                           spider="clinic_site")
    upsert_clinic(session, clinic_record(website=None, sliding_scale=False),
                  source_url="https://dir.example/9", spider="directory")
    conflicts = field_conflicts(session, result.clinic_id)
    assert set(conflicts) == {"sliding_scale"}
    assert {(v.spider, v.value) for v in conflicts["sliding_scale"]} == {
        ("clinic_site", True), ("directory", False)}


def people_record():
    return clinic_record(practitioners=[
        {"name": "Dr. Ann B. Lee", "credentials": ["MD"], "license_state": "MD"},
        {"name": "Joe Park", "credentials": ["CRNA"], "npi": "1234567890"},  # bad check digit
    ])


def test_practitioners_to_verify_name_the_people_and_drop_invalid_npis(session):
    upsert_clinic(session, people_record(), source_url=SITE, spider="clinic_site")
    people = {p.name: p for p in practitioners_to_verify(session)}
    assert (people["Dr. Ann B. Lee"].first_name, people["Dr. Ann B. Lee"].last_name) == ("Ann", "Lee")
    assert people["Joe Park"].npi is None


def test_a_matching_registry_entry_verifies_and_a_miss_does_not(session):
    upsert_clinic(session, people_record(), source_url=SITE, spider="clinic_site")
    ann, joe = sorted(practitioners_to_verify(session), key=lambda p: p.name)
    record_npi_check(session, ann.id, npi="1234567893", verified=True,
                     taxonomy="Anesthesiology", source_url="https://npi.example/?number=1234567893")
    record_npi_check(session, joe.id, npi=None, verified=False, taxonomy=None,
                     source_url="https://npi.example/?last_name=Park")
    stored = {p.name: p for p in session.scalars(select(Practitioner))}
    assert (stored["Dr. Ann B. Lee"].npi, stored["Dr. Ann B. Lee"].npi_verified) == ("1234567893", True)
    assert stored["Joe Park"].npi_verified is False
    assert [p.name for p in practitioners_to_verify(session)] == ["Joe Park"]
    with pytest.raises(ValueError):
        record_npi_check(session, joe.id, npi="1111111111", verified=True, taxonomy=None,
                         source_url="x")


def test_split_name_ignores_titles():
    assert split_name("Dr. Jane A. Roe") == ("Jane", "Roe")
    assert split_name("Prince") == ("Prince", "")


def test_a_review_site_is_shown_by_the_name_it_gives_itself(session):
    result = upsert_clinic(session, clinic_record(website=None, rating=4.0, review_count=95,
                                                  reviews=[SHARED],
                                                  source_site="Calm <b>Reviews</b>\x00"),
                           source_url=REVIEW_SITE, spider="reviews")
    stored = session.scalars(select(Review).where(Review.clinic_id == result.clinic_id)).one()
    rating = session.scalars(select(SourceRating)).one()
    assert (stored.source, rating.source) == ("Calm Reviews", "Calm Reviews")
