"""The small rules the pages rely on: which links are safe, how facts and numbers read."""
import pytest

from webapp import display
from webapp.security import local_path


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://clinic.example/", "https://clinic.example/"),
        ("http://clinic.example/a?b=1", "http://clinic.example/a?b=1"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//clinic.example/", None),
        ("/relative", None),
        ("https://", None),
        ("https://clinic.example/\nx", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_only_absolute_http_links_are_linked(url, expected):
    assert display.http_url(url) == expected


@pytest.mark.parametrize(
    ("phone", "href", "shown"),
    [
        ("+14105550123", "tel:+14105550123", "(410) 555-0123"),
        ("+442071234567", "tel:+442071234567", "+442071234567"),
        ("410-555-0199", None, "410-555-0199"),
        ("+1410555012'3", None, "+1410555012'3"),
    ],
)
def test_tel_links_only_for_e164_numbers(phone, href, shown):
    assert display.tel_href(phone) == href
    assert display.phone_display(phone) == shown


@pytest.mark.parametrize(("value", "words"), [(True, "yes"), (False, "no"), (None, "not stated")])
def test_tri_state_never_turns_unknown_into_no(value, words):
    assert display.tri_state(value) == words


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(None, None, "not stated"), (400, 550, "$400–$550"), (400, 400, "$400"),
     (400, None, "from $400"), (None, 900, "up to $900"), (1200, 1500, "$1,200–$1,500")],
)
def test_price_ranges(low, high, text):
    assert display.usd_range(low, high) == text


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/admin/", "/admin/"),
        ("/admin/?tab=jobs", "/admin/?tab=jobs"),
        ("https://evil.example/", None),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("/\tadmin", None),
        ("admin/", None),
        ("", None),
        (None, None),
    ],
)
def test_local_path_accepts_only_paths_on_this_site(target, expected):
    assert local_path(target) == expected


class Person:
    def __init__(self, credentials=(), npi=None, npi_verified=False):
        self.credentials, self.npi, self.npi_verified = list(credentials), npi, npi_verified


@pytest.mark.parametrize(
    ("staff", "summary"),
    [
        ([Person(["md", "board_certified_anesthesiology"], "1234567893", True),
          Person(["crna"])], "Board-certified anesthesiologist on staff, NPI verified"),
        ([Person(["crna"], "1234567893", True), Person(["md"], "1234567801")],
         "Physician (MD) on staff, NPI verified for 1 of 2"),
        ([Person(["pmhnp"], "1234567893")], "Psychiatric nurse practitioner on staff, "
                                            "NPI listed but not verified"),
        ([Person(["lcsw"])], "Staff named, credentials not stated"),
        ([Person()], "Staff named, credentials not stated"),
        ([], "Staff not named"),
    ],
)
def test_staff_summary_names_the_strongest_credential_and_npi_checks(staff, summary):
    assert display.staff_summary(staff) == summary


@pytest.mark.parametrize(
    ("npi", "url"),
    [("1234567893", "https://npiregistry.cms.hhs.gov/provider-view/1234567893"),
     ("123456789", None), ("12345678901", None), ("12345678x3", None), (None, None)],
)
def test_npi_links_only_for_ten_digit_numbers(npi, url):
    assert display.npi_registry_url(npi) == url


@pytest.mark.parametrize(
    ("parts", "destination"),
    [(("10 Light St", "Baltimore", "MD", "21202"),
      "10%20Light%20St%2C%20Baltimore%2C%20MD%2C%2021202"),
     ((None, "Baltimore", "MD", "21202"), "Baltimore%2C%20MD%2C%2021202"),
     (("1 Main St & <b>", None, None, "21202"), "1%20Main%20St%20%26%20%3Cb%3E%2C%2021202"),
     ((None, "Baltimore", "MD", None), None),
     ((None, None, None, None), None)],
)
def test_directions_need_a_street_or_zip_and_are_url_encoded(parts, destination):
    url = display.directions_url(*parts)
    expected = destination and "https://www.google.com/maps/dir/?api=1&destination=" + destination
    assert url == expected


@pytest.mark.parametrize(
    ("rating", "count", "text"),
    [(4.25, 12, "4.2 of 5 from 12 reviews"), (5.0, 1, "5.0 of 5 from 1 review"),
     (3.5, 1234, "3.5 of 5 from 1,234 reviews"), (None, 0, "no reviews yet"),
     (4.0, 0, "no reviews yet")],
)
def test_rating_text(rating, count, text):
    assert display.rating_text(rating, count) == text


def test_coordinates_from_use_my_location_read_as_your_location_named_after_the_town():
    from clinics.geo import resolve_place

    assert display.place_label(resolve_place("39.2904,-76.6122")) == (
        "your location (Baltimore, MD)")
    assert display.place_label(resolve_place("0,0")) == "your location (0.0000, 0.0000)"
    assert display.place_label(resolve_place("21201")) == "21201 (Baltimore, MD)"
