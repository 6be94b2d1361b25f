"""One clinic's page: every fact in honest words, where it was seen, and scraped text escaped."""
import json
import re
from datetime import date

import pytest

from clinics.db import session_scope
from clinics.models import Practitioner, Review, SourceRating


@pytest.fixture
def harbor(client):
    response = client.get("/clinics/harbor-ketamine-baltimore")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def fact(page: str, label: str) -> str:
    """The text of the <dd> after a <dt>, with tags and the provenance list removed."""
    match = re.search(rf"<dt>{re.escape(label)}</dt>\s*<dd>(.*?)</dd>", page, re.S)
    assert match, label
    body = re.sub(r"<details.*?</details>", "", match.group(1), flags=re.S)
    body = re.sub(r'<a class="directions".*?</a>', "", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def json_ld(page: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_contact_details_link_phone_website_and_directions(harbor):
    assert '<a href="tel:+14105550123">(410) 555-0123</a>' in harbor
    site = '<a href="https://harbor-ketamine.example/" rel="nofollow noopener noreferrer">'
    assert site in harbor
    assert fact(harbor, "Address") == "10 Light St Baltimore, MD 21202"
    assert fact(harbor, "Hours") == "Mon-Fri 9am-5pm"
    directions = ("https://www.google.com/maps/dir/?api=1&amp;destination="
                  "10%20Light%20St%2C%20Baltimore%2C%20MD%2C%2021202")
    assert f'<a class="directions" href="{directions}"' in harbor


def test_treatments_insurance_and_payment_use_labels_and_tri_state_words(harbor):
    assert fact(harbor, "Treatments") == "IV ketamine infusion, Spravato (esketamine)"
    assert fact(harbor, "Conditions treated") == "Depression, PTSD"
    assert fact(harbor, "Takes insurance") == "yes"
    assert fact(harbor, "Insurers named") == "Aetna, Cigna"
    assert fact(harbor, "Sliding scale") == "yes"
    assert fact(harbor, "Payment plans") == "not stated"
    assert fact(harbor, "Self-pay price per session") == "$400–$550"


def test_staff_are_listed_with_their_credentials_and_a_summary(harbor):
    assert "Dana Reyes, MD, Board-certified anesthesiologist" in harbor
    assert "Sam Lee, CRNA" in harbor
    assert "<p>Board-certified anesthesiologist on staff.</p>" in harbor


def test_reviews_are_newest_first_with_their_source(harbor):
    assert harbor.index("Newest visit, kind staff.") < harbor.index("Older visit, long wait.")
    assert "4.0 of 5 from 2 reviews." in harbor
    source = '<a href="https://reviews.example/2" rel="nofollow noopener noreferrer">sample</a>'
    assert source in harbor


def test_each_fact_says_where_and_when_it_was_seen(harbor):
    phone = re.search(r"<dt>Phone</dt>\s*<dd>(.*?)</dd>", harbor, re.S).group(1)
    assert "<details" in phone
    assert 'href="https://harbor-ketamine.example/contact"' in phone
    assert "from the clinic&#39;s contact page" in phone and "seen 1 May 2025" in phone
    assert "https://harbor-ketamine.example/insurance" in harbor


def test_each_fact_shows_the_words_that_state_it_escaped(harbor):
    insurers = re.search(r"<dt>Insurers named</dt>\s*<dd>(.*?)</dd>", harbor, re.S).group(1)
    text = " ".join(insurers.split())
    assert "from the clinic&#39;s insurance page" in text and "seen 1 May 2025" in text
    assert ('(for Aetna): <q class="evidence">We bill &lt;b&gt;Aetna&lt;/b&gt; for Spravato.'
            '&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</q>') in text
    assert "<script>alert(1)</script>" not in harbor


def test_a_statement_a_page_no_longer_makes_is_shown_as_history(harbor):
    price = re.search(r"<dt>Self-pay price per session</dt>\s*<dd>(.*?)</dd>", harbor, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", price.group(1)).split())
    assert "from a directory listing on dir.example" in text
    assert "(no longer stated there since 3 Jun 2025)" in text


def test_scraped_markup_is_escaped_and_unsafe_links_are_not_links(client):
    page = client.get("/clinics/columbia-self-pay").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Calm rooms." in page
    assert "Columbia &lt;b&gt;Self-Pay&lt;/b&gt; Clinic" in page
    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in fact(page, "Website")
    # A number that is not E.164 is shown as text, not as a tel: link.
    assert fact(page, "Phone") == "410-555-0199" and 'href="tel:410' not in page
    assert fact(page, "Takes insurance") == "no (self-pay)"


@pytest.mark.parametrize("slug", ["no-such-clinic", "timonium-hidden"])
def test_unknown_or_hidden_clinic_is_a_friendly_404(client, slug):
    response = client.get(f"/clinics/{slug}")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_json_ld_describes_what_the_page_shows(harbor, app):
    data = json_ld(harbor)
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalClinic"
    assert data["name"] == "Harbor Ketamine Center"
    assert data["url"] == app.config["SITE_URL"] + "/clinics/harbor-ketamine-baltimore"
    assert data["telephone"] == "+14105550123"
    assert data["sameAs"] == "https://harbor-ketamine.example/"
    assert data["address"] == {"@type": "PostalAddress", "streetAddress": "10 Light St",
                               "addressLocality": "Baltimore", "addressRegion": "MD",
                               "postalCode": "21202", "addressCountry": "US"}
    assert data["priceRange"] == "$400–$550"
    assert data["aggregateRating"]["ratingValue"] == 4.0
    assert data["aggregateRating"]["reviewCount"] == 2
    assert [s["name"] for s in data["availableService"]] == [
        "IV ketamine infusion", "Spravato (esketamine)"]
    assert "isAcceptingNewPatients" not in data


def test_json_ld_cannot_be_closed_by_scraped_text(client):
    page = client.get("/clinics/columbia-self-pay").get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and "\\u003cscript\\u003e" in block
    data = json_ld(page)
    assert data["description"] == "<script>alert(1)</script> Calm rooms."
    assert "sameAs" not in data and "telephone" not in data


@pytest.fixture
def reviewed_app(make_app, small_directory, clinic_records):
    """A directory where Harbor has 23 reviews from two sources, one with its own aggregate."""
    directory = small_directory(clinic_records[:1])
    with session_scope(directory.database_url) as session:
        from clinics.models import Clinic
        clinic = session.query(Clinic).one()
        clinic.reviews = [
            Review(source="website" if n % 2 else "ratings.example",
                   source_url=f"https://ratings.example/{n}", author=f"Author {n}",
                   rating=4, text=f"Review {n:02d}", published=date(2025, 1, 1 + n),
                   content_hash=f"{n:064d}")
            for n in range(23)
        ]
        clinic.source_ratings = [SourceRating(
            source="ratings.example", source_url="https://ratings.example/harbor", rating=4.6,
            review_count=212, fetched_at=clinic.last_seen)]
        clinic.practitioners = [
            Practitioner(name="Ana Ruiz", credentials=["md"], npi="1234567893",
                         npi_verified=True),
            Practitioner(name="Bo Chen", credentials=["np"], npi="1234567801")]
    return make_app(directory, REVIEWS_PAGE_SIZE=10)


def review_texts(page: str) -> list[str]:
    return re.findall(r"<blockquote><p>(Review \d+)</p></blockquote>", page)


def test_reviews_are_paginated_newest_first(reviewed_app):
    client = reviewed_app.test_client()
    first = client.get("/clinics/harbor-ketamine-baltimore").get_data(as_text=True)
    assert review_texts(first) == [f"Review {n:02d}" for n in range(22, 12, -1)]
    third = client.get("/clinics/harbor-ketamine-baltimore?page=3").get_data(as_text=True)
    assert review_texts(third) == ["Review 02", "Review 01", "Review 00"]
    assert 'rel="prev" href="/clinics/harbor-ketamine-baltimore?page=2#reviews"' in third
    assert 'rel="next"' not in third
    assert 'href="/clinics/harbor-ketamine-baltimore#reviews" aria-label="Page 1"' in third


@pytest.mark.parametrize("page", ["4", "0", "two", "-1"])
def test_a_review_page_that_does_not_exist_is_a_404(reviewed_app, page):
    response = reviewed_app.test_client().get(f"/clinics/harbor-ketamine-baltimore?page={page}")
    assert response.status_code == 404


def test_each_source_has_its_own_rating_and_link(reviewed_app):
    page = reviewed_app.test_client().get("/clinics/harbor-ketamine-baltimore")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)).split())
    assert "ratings.example : 4.6 of 5 from 212 reviews" in text
    assert "testimonials on the clinic&#39;s site : 4.0 of 5 from 11 reviews we read" in text
    assert 'href="https://ratings.example/harbor"' in page.get_data(as_text=True)


def test_staff_npi_links_to_the_public_registry_and_says_whether_it_was_verified(reviewed_app):
    page = reviewed_app.test_client().get("/clinics/harbor-ketamine-baltimore")
    html = " ".join(page.get_data(as_text=True).split())
    assert ('<a href="https://npiregistry.cms.hhs.gov/provider-view/1234567893" '
            'rel="noopener noreferrer">see Ana Ruiz in the NPI registry</a>') in html
    assert "NPI 1234567893: verified" in html and "NPI 1234567801: not verified" in html
    assert "Physician (MD) on staff, NPI verified for 1 of 2." in html


def test_a_clinics_own_claim_and_testimonials_are_shown_as_its_own(make_app, small_directory,
                                                                     clinic_records):
    directory = small_directory(clinic_records[:1])
    with session_scope(directory.database_url) as session:
        from clinics.models import Clinic
        clinic = session.query(Clinic).one()
        clinic.rating, clinic.review_count = None, 0
        clinic.reviews = [Review(source="website", source_url="https://harbor-ketamine.example/",
                                 author="Fan", rating=5, text="Perfect.", content_hash="f" * 64,
                                 also_seen_on=[])]
        clinic.source_ratings = [SourceRating(
            source="website", source_url="https://harbor-ketamine.example/", rating=5.0,
            review_count=1000, fetched_at=clinic.last_seen)]
    page = make_app(directory).test_client().get("/clinics/harbor-ketamine-baltimore")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)).split())
    assert "no reviews yet." in text
    assert ("testimonials on the clinic&#39;s site : 5.0 of 5 from 1000 reviews, as the clinic "
            "states it") in text
    assert "Fan, date not stated, one of the testimonials on the clinic&#39;s site" in text
    assert "aggregateRating" not in page.get_data(as_text=True)
