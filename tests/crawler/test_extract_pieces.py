"""The small readers behind extraction: phones, prices, negation, addresses, credentials, dates."""
from __future__ import annotations

import pytest

from crawler.extract import contact, prose
from crawler.extract.insurance import insurance
from crawler.extract.people import credentials_in
from crawler.extract.price import price_in_text
from crawler.extract.reviews import iso_date, rating_of


@pytest.mark.parametrize("shown", ["(410) 555-0123", "410.555.0123", "410-555-0123",
                                   "+1 410 555 0123", "1-410-555-0123", "410 555 0123"])
def test_phone_formats_become_e164(shown):
    assert contact.phone_in_text(f"Call us: {shown} today") == "+14105550123"


def test_a_fax_number_is_not_the_phone():
    assert contact.phone_in_text("Fax: 410.555.0199\nPhone: (410) 555-0123") == "+14105550123"
    assert contact.phone_in_text("Fax 410.555.0199") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("A single infusion costs $450 to $750.", (450, 750)),
    ("Self-pay price: $625-$850 per infusion.", (625, 850)),
    ("Each infusion is $500.", (500, 500)),
    ("Infusions start at $450 per session", (450, None)),
    ("Sessions from $1,200.", (1200, None)),
    ("Sessions range from $400 to $600.", (400, 600)),
    ("A package of six infusions is $2,400.", (None, None)),
    ("The consultation fee is $150.", (None, None)),
    ("An appointment not cancelled 24 hours ahead carries a $150 fee.", (None, None)),
    ("A no-show is charged $200 per session.", (None, None)),
    ("Parking is free.", (None, None)),
    ("Sessions cost $5.", (None, None)),
])
def test_session_prices(text, expected):
    assert price_in_text(text) == expected


@pytest.mark.parametrize(("clause", "negative"), [
    ("We do not accept insurance", True), ("We don't take insurance", True),
    ("Insurance is not accepted", True), ("We are out-of-network with all plans", True),
    ("Our practice is closed to new patients", True),
    ("We accept Aetna", False), ("New patients welcome, no referral needed", False),
    ("A no-cost consultation is offered", False), ("We take note of your history", False),
])
def test_negation(clause, negative):
    assert prose.is_negative(clause) is negative


def test_but_splits_a_sentence_into_judged_parts():
    parts = prose.clauses(["We offer ketamine infusions, but not Spravato."])
    assert prose.mentioned("treatments", parts) == ["iv_ketamine"]


@pytest.mark.parametrize(("sentences", "expected"), [
    (["We accept Aetna and UHC."], ("yes", ["aetna", "unitedhealthcare"])),
    (["We accept Aetna.", "We are not in network with Cigna."], ("yes", ["aetna"])),
    (["We do not accept insurance, including Medicare."], ("no", [])),
    (["Cost and insurance"], ("unknown", [])),
    (["We accept most major insurance plans."], ("yes", [])),
    (["Sliding scale available."], ("unknown", [])),
    (["Self-pay only."], ("no", [])),
])
def test_insurance_statements(sentences, expected):
    assert insurance(prose.clauses(sentences)) == expected


@pytest.mark.parametrize(("fact", "sentence", "expected"), [
    ("sliding_scale", "We offer a sliding scale.", True),
    ("sliding_scale", "Sliding-scale pricing is not available.", False),
    ("free_consultation", "Your first consultation is free.", True),
    ("free_consultation", "Consultations are not free.", False),
    ("free_consultation", "Book a consultation online.", None),
    ("accepting_new_patients", "New patients are welcome.", True),
    ("accepting_new_patients", "New patients complete an intake form.", None),
    ("telehealth", "We do not offer telehealth.", False),
    ("aftercare", "Integration support is included.", True),
])
def test_tri_state_statements(fact, sentence, expected):
    assert prose.tri_state(fact, prose.clauses([sentence])) is expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Visit us at 12 Linden Avenue, Suite 210, Baltimore, MD 21201.",
     {"street": "12 Linden Avenue, Suite 210", "city": "Baltimore", "state": "MD",
      "postal_code": "21201"}),
    ("48 North Fairmount Street, Saint Louis, MO 63101-1234",
     {"street": "48 North Fairmount Street", "city": "Saint Louis", "state": "MO",
      "postal_code": "63101"}),
])
def test_one_line_addresses(line, expected):
    assert contact.parse_address(line) == expected


def test_text_without_an_address_has_none():
    assert contact.parse_address("Open 9 to 5, Monday to Friday") is None


@pytest.mark.parametrize(("parts", "expected"), [
    (["MD", " board-certified anesthesiologist"], ["md", "board_certified_anesthesiology"]),
    (["PMHNP-BC"], ["pmhnp"]), (["PA-C"], ["pa"]), (["Ph.D."], ["phd"]),
    (["who will do your intake"], []), (["nurse practitioner"], ["np"]),
])
def test_credentials(parts, expected):
    assert credentials_in(parts) == expected


def test_dates_and_ratings_of_reviews():
    assert iso_date("— Ann, June 3, 2024") == "2024-06-03"
    assert iso_date("posted 2023-11-30") == "2023-11-30"
    assert iso_date("February 30, 2024") is None
    assert rating_of("rated 4 out of 5") == 4
    assert rating_of("5/5") == 5
    assert rating_of("no stars given") is None


@pytest.mark.parametrize("line", [
    "(781) 555-0834 info@clinic.example Quincy, MA 02169 Patient Portal",
    "Call 617-555-0834 hello@clinic.example, Boston, MA 02116",
])
def test_a_phone_number_and_an_email_make_no_street(line):
    assert (contact.parse_address(line) or {}).get("street") is None


def test_mount_and_fort_are_written_out_as_the_postal_service_names_the_town():
    assert contact.parse_address("570 Long Point Rd, Suite 150, Mt. Pleasant, SC 29464")["city"] \
        == "Mount Pleasant"
    assert contact.parse_address("200 Main St, Ft Worth, TX 76102")["city"] == "Fort Worth"
    assert contact.parse_address("1 Market St, St. Louis, MO 63101")["city"] == "St. Louis"


def test_a_grid_house_number_of_northern_illinois_is_a_street():
    assert contact.parse_address("1S443 Summit Ave. Suite 201, Oakbrook Terrace, IL 60181") == {
        "street": "1S443 Summit Ave., Suite 201", "city": "Oakbrook Terrace", "state": "IL",
        "postal_code": "60181"}
