"""One clinic's page: every fact in honest words, where it was seen, and scraped text escaped."""
import re

import pytest


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
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_contact_details_link_phone_and_website(harbor):
    assert '<a href="tel:+14105550123">(410) 555-0123</a>' in harbor
    site = '<a href="https://harbor-ketamine.example/" rel="nofollow noopener noreferrer">'
    assert site in harbor
    assert fact(harbor, "Address") == "10 Light St Baltimore, MD 21202"
    assert fact(harbor, "Hours") == "Mon-Fri 9am-5pm"


def test_treatments_insurance_and_payment_use_labels_and_tri_state_words(harbor):
    assert fact(harbor, "Treatments") == "IV ketamine infusion, Spravato (esketamine)"
    assert fact(harbor, "Conditions treated") == "Depression, PTSD"
    assert fact(harbor, "Takes insurance") == "yes"
    assert fact(harbor, "Insurers named") == "Aetna, Cigna"
    assert fact(harbor, "Sliding scale") == "yes"
    assert fact(harbor, "Payment plans") == "not stated"
    assert fact(harbor, "Self-pay price per session") == "$400–$550"


def test_staff_are_listed_with_their_credentials(harbor):
    assert "Dana Reyes, MD, Board-certified anesthesiologist" in harbor
    assert "Sam Lee, CRNA" in harbor


def test_reviews_are_newest_first(harbor):
    assert harbor.index("Newest visit, kind staff.") < harbor.index("Older visit, long wait.")
    assert "4.0 of 5 from 2 reviews." in harbor


def test_each_fact_says_where_and_when_it_was_seen(harbor):
    phone = re.search(r"<dt>Phone</dt>\s*<dd>(.*?)</dd>", harbor, re.S).group(1)
    assert "<details" in phone
    assert 'href="https://harbor-ketamine.example/contact"' in phone and "seen 2025-05-01" in phone
    assert "https://harbor-ketamine.example/insurance" in harbor


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
