"""Merges that never lie: each case here once stored something no source said."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from clinics.conflicts import field_conflicts
from clinics.credentials import record_npi_check
from clinics.ingest import upsert_clinic
from clinics.models import Clinic, FieldSource, Practitioner
from search_index.build import touched_since

BRAND = "https://peakline.example/"
DIRECTORY = "https://dir.example/listing/4"
REVIEW_SITE = "https://reviews.example/clinic/4/"
T0 = datetime(2026, 3, 1, tzinfo=timezone.utc)


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def location(**extra):
    return {"name": "Peakline Ketamine Denver", "website": BRAND, "phone": "303-555-0110",
            "city": "Denver", "state": "CO", "postal_code": "80202", **extra}


def boulder(**extra):
    return location(name="Peakline Ketamine Boulder", phone="303-555-0111", city="Boulder",
                    postal_code="80302", **extra)


def test_two_locations_of_one_site_without_streets_stay_two_clinics(session):
    denver = upsert_clinic(session, location(), source_url=BRAND, spider="clinic_site")
    other = upsert_clinic(session, boulder(), source_url=BRAND + "boulder", spider="clinic_site")
    assert other.created and other.clinic_id != denver.clinic_id
    kept = session.get(Clinic, denver.clinic_id)
    assert (kept.name, kept.postal_code, kept.phone) == (
        "Peakline Ketamine Denver", "80202", "+13035550110")


def test_a_site_without_a_street_still_matches_itself_on_recrawl(session):
    first = upsert_clinic(session, location(), source_url=BRAND, spider="clinic_site")
    again = upsert_clinic(session, location(phone=None), source_url=BRAND, spider="clinic_site")
    assert again.clinic_id == first.clinic_id and not again.created


def test_a_person_is_matched_by_npi_before_name_and_never_given_a_held_npi(session):
    npi = "1234567893"
    upsert_clinic(session, location(street="1 Larimer St",
                                    practitioners=[{"name": "Jonathan Reyes", "npi": npi}]),
                  source_url=BRAND, spider="clinic_site")
    upsert_clinic(session, boulder(street="2 Pearl St",
                                   practitioners=[{"name": "Jo Reyes", "credentials": ["NP"]}]),
                  source_url=BRAND + "boulder", spider="clinic_site")
    # Boulder's page now prints Jonathan's NPI beside the short name it always used.
    result = upsert_clinic(session, boulder(street="2 Pearl St",
                                            practitioners=[{"name": "Jo Reyes", "npi": npi}]),
                           source_url=BRAND + "boulder", spider="clinic_site")
    session.flush()
    holders = session.scalars(select(Practitioner).where(Practitioner.npi == npi)).all()
    assert [p.name for p in holders] == ["Jonathan Reyes"]
    clinic = session.get(Clinic, result.clinic_id)
    assert "Jonathan Reyes" in [p.name for p in clinic.practitioners]


def test_a_name_match_with_another_npi_is_another_person(session):
    upsert_clinic(session, location(practitioners=[{"name": "Ana Cruz", "npi": "1234567893"}]),
                  source_url=BRAND, spider="clinic_site")
    upsert_clinic(session, location(practitioners=[{"name": "Ana Cruz", "npi": "1245319599"}]),
                  source_url=DIRECTORY, spider="directory")
    session.flush()
    people = session.scalars(select(Practitioner).order_by(Practitioner.npi)).all()
    assert [(p.name, p.npi) for p in people] == [("Ana Cruz", "1234567893"),
                                                 ("Ana Cruz", "1245319599")]


def test_a_fact_the_site_stops_stating_is_retired_and_kept_in_history(session):
    first = upsert_clinic(session, location(price_min_usd=400, sliding_scale=True),
                          source_url=BRAND, spider="clinic_site", fetched_at=at(0))
    upsert_clinic(session, location(), source_url=BRAND, spider="clinic_site", fetched_at=at(30))
    clinic = session.get(Clinic, first.clinic_id)
    assert clinic.price_min_usd is None and clinic.sliding_scale is None
    row = session.scalar(select(FieldSource).where(FieldSource.field == "price_min_usd"))
    assert row.value == 400 and row.retired_at is not None
    assert row.retired_at.replace(tzinfo=timezone.utc) == at(30)


def test_a_retired_fact_gives_way_to_a_lower_ranked_source_still_stating_one(session):
    first = upsert_clinic(session, location(price_min_usd=400), source_url=BRAND,
                          spider="clinic_site", fetched_at=at(0))
    upsert_clinic(session, location(website=None, price_min_usd=500), source_url=DIRECTORY,
                  spider="directory", fetched_at=at(1))
    assert session.get(Clinic, first.clinic_id).price_min_usd == 400
    upsert_clinic(session, location(), source_url=BRAND, spider="clinic_site", fetched_at=at(30))
    assert session.get(Clinic, first.clinic_id).price_min_usd == 500
    assert field_conflicts(session, first.clinic_id) == {}


def test_sources_of_equal_rank_do_not_flip_a_field_on_every_crawl(session):
    first = upsert_clinic(session, location(website=None, price_min_usd=400),
                          source_url=DIRECTORY, spider="directory", fetched_at=at(0))
    other = "https://other-dir.example/7"
    seen = []
    for day in (1, 2, 3, 4):
        upsert_clinic(session, location(website=None, price_min_usd=650), source_url=other,
                      spider="directory", fetched_at=at(day * 10))
        upsert_clinic(session, location(website=None, price_min_usd=400), source_url=DIRECTORY,
                      spider="directory", fetched_at=at(day * 10 + 1))
        seen.append(session.get(Clinic, first.clinic_id).price_min_usd)
    assert seen == [650] * 4, "the newest statement wins; a re-fetch that says the same is not news"
    conflict = field_conflicts(session, first.clinic_id)["price_min_usd"]
    assert {v.value for v in conflict} == {400, 650}
    upsert_clinic(session, location(website=None, price_min_usd=380), source_url=DIRECTORY,
                  spider="directory", fetched_at=at(60))
    assert session.get(Clinic, first.clinic_id).price_min_usd == 380


def test_a_clinics_own_claims_and_testimonials_are_not_its_rating(session):
    own = [{"author": f"Fan {n}", "rating": 5, "text": f"Perfect {n}", "published": "2026-01-0"
            + str(n)} for n in range(1, 4)]
    result = upsert_clinic(session, location(rating=5.0, review_count=1000, reviews=own),
                           source_url=BRAND, spider="clinic_site")
    clinic = session.get(Clinic, result.clinic_id)
    assert (clinic.rating, clinic.review_count) == (None, 0)
    posted = [{"author": "Kim", "rating": 3, "text": "Fine.", "published": "2026-02-01"}, own[0]]
    upsert_clinic(session, location(website=None, reviews=posted), source_url=REVIEW_SITE,
                  spider="reviews")
    assert (clinic.rating, clinic.review_count) == (4.0, 2)


def test_an_npi_check_marks_the_clinic_changed_for_index_updates(session, database_url):
    result = upsert_clinic(session, location(practitioners=[{"name": "Ana Cruz"}]),
                           source_url=BRAND, spider="clinic_site", fetched_at=at(0))
    person = session.scalar(select(Practitioner))
    session.commit()
    checked = datetime.now(timezone.utc)
    record_npi_check(session, person.id, npi="1234567893", verified=True, taxonomy="Psychiatry",
                     source_url="https://npiregistry.example/api?number=1234567893",
                     checked_at=checked)
    session.commit()
    assert result.clinic_id in touched_since(database_url, checked - timedelta(seconds=1))
