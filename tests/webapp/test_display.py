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
