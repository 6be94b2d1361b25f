"""The one write path: validation, matching and idempotent merging on a real SQLite database."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from clinics.errors import InvalidRecord
from clinics.ingest import upsert_clinic
from clinics.models import Clinic, FieldSource, Practitioner, Review

SITE = "https://calm-harbor.example/"


def record(**overrides):
    base = {
        "name": "Calm Harbor Ketamine", "website": SITE, "phone": "(410) 555-0123",
        "street": "100 N Charles Street", "city": "Baltimore", "state": "Maryland",
        "postal_code": "21201", "treatments": ["ketamine infusion", "Spravato"],
        "conditions": ["depression"], "insurers": ["Aetna", "UHC"], "sliding_scale": True,
        "price_min_usd": "450", "practitioners": [{"name": "Ann Lee", "credentials": ["MD"]}],
        "reviews": [{"author": "J.", "rating": 5, "text": "Kind staff", "published": "2026-01-02"}],
    }
    base.update(overrides)
    return base


def counts(session):
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Clinic, FieldSource, Practitioner, Review)}


def test_a_record_is_stored_in_canonical_form(session):
    result = upsert_clinic(session, record(), source_url=SITE, spider="clinic_site")
    clinic = session.get(Clinic, result.clinic_id)
    assert result.created
    assert clinic.phone == "+14105550123"
    assert clinic.state == "MD"
    assert clinic.treatments == ["iv_ketamine", "esketamine_spravato"]
    assert clinic.insurers == ["aetna", "unitedhealthcare"]
    assert clinic.insurance_accepted == "yes"
    assert clinic.sliding_scale is True and clinic.payment_plans is None
    assert clinic.price_min_usd == 450
    assert (round(clinic.lat, 2), clinic.geo_precision) == (39.29, "zip")
    assert clinic.credentials == ["md"]
    assert (clinic.review_count, clinic.rating) == (0, None), "its own testimonial is its own"


def test_the_same_record_twice_adds_no_row_and_changes_nothing(session):
    upsert_clinic(session, record(), source_url=SITE, spider="clinic_site")
    before = counts(session)
    again = upsert_clinic(session, record(), source_url=SITE, spider="clinic_site")
    assert not again.created and again.changed == [] and again.reviews_added == 0
    assert counts(session) == before


def test_a_directory_listing_with_other_formatting_merges_into_the_clinic(session):
    first = upsert_clinic(session, record(), source_url=SITE, spider="clinic_site")
    listing = record(website=None, phone="410.555.0123", name="Calm Harbor Ketamine Clinic",
                     sliding_scale=False, reviews=[])
    second = upsert_clinic(session, listing, source_url="https://dir.example/c/1",
                           spider="directory")
    clinic = session.get(Clinic, first.clinic_id)
    assert second.clinic_id == first.clinic_id
    assert clinic.sliding_scale is True, "the clinic's own site outranks a directory"
    sources = session.scalars(select(FieldSource).where(FieldSource.field == "sliding_scale"))
    assert {(s.spider, s.value) for s in sources} == {("clinic_site", True), ("directory", False)}


def test_two_locations_of_one_chain_stay_two_clinics(session):
    a = upsert_clinic(session, record(), source_url=SITE, spider="clinic_site")
    b = upsert_clinic(session, record(street="9 Main St", city="Towson", postal_code="21204",
                                      name="Calm Harbor Ketamine Towson"),
                      source_url=SITE + "towson", spider="clinic_site")
    assert a.clinic_id != b.clinic_id


@pytest.mark.parametrize("bad, reason", [
    ({"name": ""}, "missing_name"),
    ({"postal_code": "99999"}, "missing_location"),
    ({"lat": 123.0, "lon": 10.0}, "bad_coordinates"),
    ({"price_min_usd": -3}, "bad_price"),
    ({"price_min_usd": 900, "price_max_usd": 100}, "bad_price"),
    ({"insurance_accepted": "no"}, "contradictory_insurance"),
])
def test_invalid_records_are_refused_with_a_reason_and_write_nothing(session, bad, reason):
    with pytest.raises(InvalidRecord) as caught:
        upsert_clinic(session, record(**bad), source_url=SITE, spider="clinic_site")
    assert caught.value.reason == reason
    assert counts(session)["Clinic"] == 0


def test_absurd_reviews_are_dropped_and_counted_while_the_clinic_is_kept(session):
    reviews = [{"rating": 11, "text": "x"}, {"rating": "five", "text": "y"},
               {"rating": 4, "text": "<script>alert(1)</script>Helpful"}]
    result = upsert_clinic(session, record(reviews=reviews), source_url=SITE, spider="clinic_site")
    assert result.dropped.count("bad_review") == 2
    stored = session.scalars(select(Review)).all()
    assert [(r.rating, r.text) for r in stored] == [(4, "Helpful")]


def test_scraped_markup_is_stripped(session):
    result = upsert_clinic(session, record(description="<b>Calm</b><script>x()</script> care"),
                           source_url=SITE, spider="clinic_site")
    assert session.get(Clinic, result.clinic_id).description == "Calm care"


def test_an_unsafe_website_is_not_stored(session):
    result = upsert_clinic(session, record(website="javascript:alert(1)"), source_url=SITE,
                           spider="clinic_site")
    assert session.get(Clinic, result.clinic_id).website is None


def test_last_seen_moves_forward_only(session):
    early = datetime(2026, 1, 1, tzinfo=timezone.utc)
    late = datetime(2026, 6, 1, tzinfo=timezone.utc)
    result = upsert_clinic(session, record(), source_url=SITE, spider="clinic_site", fetched_at=late)
    upsert_clinic(session, record(), source_url=SITE, spider="clinic_site", fetched_at=early)
    stored = session.get(Clinic, result.clinic_id).last_seen
    assert stored.replace(tzinfo=timezone.utc) == late


def test_a_zip_centre_is_used_for_location_but_not_recorded_as_anything_a_page_said(session):
    result = upsert_clinic(session, record(), source_url=SITE, spider="clinic_site")
    fields = set(session.scalars(select(FieldSource.field).where(
        FieldSource.clinic_id == result.clinic_id)))
    assert "lat" not in fields and "postal_code" in fields
    stated = upsert_clinic(session, record(lat=39.3, lon=-76.6), source_url=SITE,
                           spider="clinic_site")
    clinic = session.get(Clinic, stated.clinic_id)
    assert (clinic.lat, clinic.lon, clinic.geo_precision) == (39.3, -76.6, "page")
    upsert_clinic(session, record(website=None), source_url="https://dir.example/1",
                  spider="directory")
    assert (clinic.lat, clinic.geo_precision) == (39.3, "page"), "a ZIP centre never beats a page"


def test_one_person_at_two_locations_of_a_chain_is_one_practitioner(session):
    staff = [{"name": "Rita Moss", "credentials": ["CRNA"]}]
    upsert_clinic(session, record(practitioners=staff), source_url=SITE, spider="clinic_site")
    upsert_clinic(session, record(street="9 Main St", city="Towson", postal_code="21204",
                                  name="Calm Harbor Towson", phone="410-555-0199",
                                  practitioners=staff),
                  source_url=SITE + "towson", spider="clinic_site")
    people = session.scalars(select(Practitioner)).all()
    assert [(p.name, len(p.clinics)) for p in people] == [("Rita Moss", 2)]


def test_chain_locations_with_pages_of_their_own_share_the_brand_and_its_staff(session):
    brand = "https://northspring.example/"
    staff = [{"name": "Farah Underhill", "credentials": ["PMHNP"]}]
    for city, street, postal in (("Orlando", "1 Lake Ave", "32801"),
                                 ("Tampa", "2 Bay St", "33602")):
        page = f"{brand}locations/{city.lower()}/"
        upsert_clinic(session, record(name=f"Northspring {city}", street=street, city=city,
                                      state="FL", postal_code=postal, phone=None, website=page,
                                      organization="Northspring", organization_website=brand,
                                      practitioners=staff),
                      source_url=page, spider="clinic_site")
    clinics = session.scalars(select(Clinic).order_by(Clinic.name)).all()
    assert [c.organization.website_domain for c in clinics] == ["northspring.example"] * 2
    assert clinics[0].organization.name == "Northspring"
    people = session.scalars(select(Practitioner)).all()
    assert [(p.name, len(p.clinics)) for p in people] == [("Farah Underhill", 2)]


def test_street_spellings_match():
    from clinics.normalize import street_key
    assert street_key("1962 GARDEN PKWY, Ste 4") == street_key("1962 Garden Parkway, Suite 4")
