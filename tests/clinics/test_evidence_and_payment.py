"""Evidence kept with each fact's provenance, payment as clinics write it, and US-only addresses."""
import pytest
from sqlalchemy import select

from clinics.errors import InvalidRecord
from clinics.ingest import upsert_clinic
from clinics.models import Clinic, FieldSource

SITE = "https://calm-harbor.example/"
INSURANCE_PAGE = SITE + "insurance/"
SPRAVATO = "We bill Aetna and Cigna for Spravato; IV ketamine is self-pay."


def record(**extra):
    return {"name": "Calm Harbor Ketamine", "website": SITE, "phone": "410-555-0123",
            "street": "100 N Charles St", "city": "Baltimore", "state": "MD",
            "postal_code": "21201", **extra}


def spravato_record(**extra):
    return record(
        treatments=["iv_ketamine", "esketamine_spravato"], insurance_accepted="yes",
        insurers=["aetna", "cigna"], insurance_treatments=["esketamine_spravato"],
        superbill=True,
        evidence={
            "insurance_accepted": [{"url": INSURANCE_PAGE, "quote": SPRAVATO}],
            "insurers": [{"url": INSURANCE_PAGE, "quote": SPRAVATO, "value": "aetna"},
                         {"url": INSURANCE_PAGE, "quote": SPRAVATO, "value": "cigna"}],
            "insurance_treatments": [{"url": INSURANCE_PAGE, "quote": SPRAVATO,
                                      "value": "esketamine_spravato"}],
            "superbill": [{"url": INSURANCE_PAGE,
                           "quote": "Ask us for a superbill to send to your plan."}],
        }, **extra)


def evidence_of(session, field):
    return session.scalar(select(FieldSource.evidence).where(FieldSource.field == field))


def test_superbill_and_insurance_by_treatment_are_stored(session):
    result = upsert_clinic(session, spravato_record(), source_url=SITE, spider="clinic_site")
    clinic = session.get(Clinic, result.clinic_id)
    assert clinic.superbill is True
    assert clinic.insurance_treatments == ["esketamine_spravato"]
    assert clinic.insurers == ["aetna", "cigna"] and clinic.insurance_accepted == "yes"


def test_each_facts_quote_is_kept_with_its_provenance(session):
    upsert_clinic(session, spravato_record(), source_url=SITE, spider="clinic_site")
    assert evidence_of(session, "insurance_accepted") == [{"url": INSURANCE_PAGE,
                                                           "quote": SPRAVATO}]
    assert [e["value"] for e in evidence_of(session, "insurers")] == ["aetna", "cigna"]
    assert evidence_of(session, "insurance_treatments")[0]["value"] == "esketamine_spravato"


def test_evidence_is_cleaned_like_any_scraped_text(session):
    long_quote = "<b>We</b> take Aetna. " + "x" * 400
    result = upsert_clinic(session, record(insurers=["aetna"], evidence={
        "insurers": [{"url": INSURANCE_PAGE, "quote": long_quote, "value": "Aetna"},
                     {"url": INSURANCE_PAGE, "quote": "We take Cigna.", "value": "cigna"},
                     {"url": "javascript:alert(1)", "quote": "We take Aetna.", "value": "aetna"}],
        "password": [{"url": INSURANCE_PAGE, "quote": "hunter2"}],
    }), source_url=SITE, spider="clinic_site")
    kept = evidence_of(session, "insurers")
    assert len(kept) == 1 and kept[0]["value"] == "aetna"
    assert kept[0]["quote"].startswith("We take Aetna.") and len(kept[0]["quote"]) == 300
    assert result.dropped.count("bad_evidence") == 3


def test_records_without_evidence_still_ingest(session):
    result = upsert_clinic(session, record(sliding_scale=True), source_url=SITE,
                           spider="clinic_site")
    assert session.get(Clinic, result.clinic_id).sliding_scale is True
    assert evidence_of(session, "sliding_scale") is None


def test_no_insurance_with_covered_treatments_is_a_contradiction(session):
    with pytest.raises(InvalidRecord) as caught:
        upsert_clinic(session, record(insurance_accepted="no",
                                      insurance_treatments=["esketamine_spravato"]),
                      source_url=SITE, spider="clinic_site")
    assert caught.value.reason == "contradictory_insurance"


@pytest.mark.parametrize("foreign", [
    {"country": "Canada"},
    {"country": "CA", "state": None},
    {"state": "Ontario", "postal_code": "M5V 2T6"},
    {"state": "BC", "postal_code": None, "lat": 49.28, "lon": -123.12},
    {"state": None, "postal_code": "H2X 1Y4", "lat": 45.5, "lon": -73.57},
])
def test_an_address_outside_the_united_states_is_refused_with_its_reason(session, foreign):
    with pytest.raises(InvalidRecord) as caught:
        upsert_clinic(session, record(**foreign), source_url=SITE, spider="clinic_site")
    assert caught.value.reason == "non_us_address"
    assert session.scalars(select(Clinic)).all() == []


@pytest.mark.parametrize("country", ["US", "USA", "United States", "U.S.A.", None])
def test_a_us_address_is_accepted_however_the_country_is_written(session, country):
    result = upsert_clinic(session, record(country=country), source_url=SITE,
                           spider="clinic_site")
    assert result.created
