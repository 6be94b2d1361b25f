"""Pages of the sample web: the demo note everywhere, escaped text, structured data where the
style has it and none where it has not, and one index that links every site."""
from __future__ import annotations

import dataclasses
import json
import re

import extruct
import pytest

from sample_web import style_jsonld, style_prose
from sample_web.facts import generate
from sample_web.site import build, lookup
from sample_web.words import DEMO_NOTE

BASE_URL = "http://127.0.0.1:8001"


@pytest.fixture(scope="module")
def routes():
    return build(2026, BASE_URL)


def test_every_page_says_it_is_invented(routes):
    pages = [r for path, r in routes.items() if r.status == 200 and path != "/robots.txt"]
    assert len(pages) > 92
    assert all(DEMO_NOTE.encode() in page.body for page in pages)
    assert DEMO_NOTE.encode() in lookup(routes, "/no/such/page").body


def test_the_index_links_every_site(routes):
    links = set(re.findall(r'href="([^"]+)"', routes["/"].body.decode()))
    for clinic in generate(2026):
        site = clinic.record["website"]
        assert site in links or site.rstrip("/") in links
    assert any(not link.endswith("/") for link in links)


def test_site_paths_redirect_to_their_trailing_slash(routes):
    clinic = generate(2026)[0]
    response = lookup(routes, clinic.record["website"].rstrip("/"))
    assert (response.status, response.location) == (301, clinic.record["website"])


def test_unknown_paths_are_not_found(routes):
    assert lookup(routes, "/sites/nobody/").status == 404
    assert lookup(routes, "/?q=1").status == 200


def test_json_ld_pages_carry_a_medical_clinic(routes):
    clinic = next(c for c in generate(2026) if c.style == "jsonld")
    data = extruct.extract(routes[clinic.record["website"]].body.decode(), syntaxes=["json-ld"])
    node = data["json-ld"][0]
    assert node["@type"] == "MedicalClinic"
    assert node["address"]["postalCode"] == clinic.record["postal_code"]
    assert node["geo"]["latitude"] == clinic.record["lat"]


def test_prose_pages_carry_no_structured_data(routes):
    for clinic in (c for c in generate(2026) if c.style == "prose"):
        assert b"application/ld+json" not in routes[clinic.record["website"]].body


HOSTILE = '<script>alert("x")</script> & Sons'


@pytest.mark.parametrize("style", [style_jsonld, style_prose])
def test_generated_text_is_escaped(style):
    clinic = generate(2026)[0]
    record = {**clinic.record, "name": HOSTILE, "description": HOSTILE}
    pages = style.render(dataclasses.replace(clinic, record=record), BASE_URL)
    for html in pages.values():
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in html


def test_json_ld_cannot_close_its_script_early():
    clinic = next(c for c in generate(2026) if c.style == "jsonld")
    record = {**clinic.record, "name": "</script><b>x</b>"}
    html = style_jsonld.render(dataclasses.replace(clinic, record=record), BASE_URL)
    page = next(iter(html.values()))
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(script)["name"] == "</script><b>x</b>"


def test_robots_txt_forbids_the_staff_area(routes):
    assert routes["/robots.txt"].body == b"User-agent: *\nDisallow: /staff-only/\n"
