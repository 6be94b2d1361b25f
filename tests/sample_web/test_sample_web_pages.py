"""Pages of the clinic sites: the demo note everywhere, escaped text, each style's markup, and
every fact of the truth stated (and no fact the truth leaves unstated)."""
from __future__ import annotations

import dataclasses
import json
import re

import extruct
import pytest

from clinics.vocab import TRI_STATE_FIELDS, find_in_text
from sample_web import (phrasing, statements, style_chain, style_jsonld, style_malformed,
                        style_microdata, style_multipage, style_prose, style_yoast)
from sample_web.site import build, lookup
from sample_web.words import DEMO_NOTE
from sample_web_helpers import (BASE_URL, body, clinics, links, records, routes, site_paths,
                                site_text, visible_text)

SINGLE_STYLES = {"jsonld": style_jsonld, "prose": style_prose, "yoast": style_yoast,
                 "microdata": style_microdata, "multipage": style_multipage,
                 "malformed": style_malformed}
NEGATION = re.compile(r"\b(not|no|don't|out of network)\b", re.IGNORECASE)
HOSTILE = '<script>alert("x")</script> & Sons'


def _first(style: str):
    return next(c for c in clinics() if c.style == style)


def test_every_page_says_it_is_invented():
    pages = [r for r in routes().values()
             if r.status == 200 and r.content_type.startswith("text/html")
             and r.stream is None and not r.headers]
    assert len(pages) > 1000
    assert all(DEMO_NOTE.encode() in page.body for page in pages)
    assert DEMO_NOTE.encode() in lookup(routes(), "/no/such/page").body


def test_the_index_links_every_site_root():
    index_links = set(links(body("/")))
    for clinic in clinics():
        assert clinic.site_root in index_links or clinic.site_root.rstrip("/") in index_links
    assert any(link.startswith("/sites/") and not link.endswith("/") for link in index_links)
    assert {"/directory/", "/reviews/", "/about-this-demo/"} <= index_links


def test_site_roots_redirect_to_their_trailing_slash():
    clinic = clinics()[0]
    response = lookup(routes(), clinic.site_root.rstrip("/"))
    assert (response.status, response.location) == (301, clinic.site_root)


def test_unknown_paths_are_not_found_and_queries_are_ignored_on_plain_pages():
    assert lookup(routes(), "/sites/nobody/").status == 404
    assert lookup(routes(), "/?q=1").status == 200
    assert lookup(routes(), "/directory/?page=x").status == 404


@pytest.mark.parametrize("style", sorted(SINGLE_STYLES))
def test_generated_text_is_escaped(style):
    clinic = _first(style)
    record = {**clinic.record, "name": HOSTILE, "description": HOSTILE}
    pages = SINGLE_STYLES[style].render(dataclasses.replace(clinic, record=record), BASE_URL)
    for page in pages.values():
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in page


@pytest.mark.parametrize("style", ["jsonld", "yoast"])
def test_json_ld_cannot_close_its_script_early(style):
    clinic = _first(style)
    record = {**clinic.record, "name": "</script><b>x</b>"}
    page = SINGLE_STYLES[style].render(dataclasses.replace(clinic, record=record), BASE_URL)
    script = next(iter(page.values())).split('<script type="application/ld+json">', 1)[1]
    assert "</script><b>" not in script.split("</script>", 1)[0]
    assert "\\u003c/script\\u003e" in script


def test_json_ld_pages_carry_a_medical_clinic():
    clinic = _first("jsonld")
    data = extruct.extract(body(clinic.site_root), syntaxes=["json-ld"])
    node = data["json-ld"][0]
    assert node["@type"] == "MedicalClinic"
    assert node["address"]["postalCode"] == clinic.record["postal_code"]
    assert node["geo"]["latitude"] == clinic.record["lat"]


def test_prose_pages_carry_no_structured_data():
    for clinic in (c for c in clinics() if c.style == "prose"):
        assert b"application/ld+json" not in routes()[clinic.site_root].body
        assert b"itemscope" not in routes()[clinic.site_root].body


def test_yoast_pages_hold_one_cross_referenced_graph():
    for clinic in [c for c in clinics() if c.style == "yoast"][:20]:
        (data,) = extruct.extract(body(clinic.site_root), syntaxes=["json-ld"])["json-ld"]
        nodes = {node["@id"]: node for node in data["@graph"]}
        kinds = {json.dumps(node["@type"]) for node in nodes.values()}
        assert {'"WebPage"', '"WebSite"', '"Organization"'} <= kinds
        clinic_node = next(n for n in nodes.values() if "MedicalClinic" in json.dumps(n["@type"]))
        assert clinic_node["parentOrganization"]["@id"] in nodes
        referenced = re.findall(r'"@id": "([^"]+)"', json.dumps(data))
        assert set(referenced) <= set(nodes) | {n["address"]["@id"] for n in [clinic_node]} | {
            nodes[i]["logo"]["@id"] for i in nodes if "logo" in nodes[i]}
        assert clinic_node["telephone"] == [clinic.record["phone"]]
        if clinic.opening_hours:
            assert clinic_node["openingHoursSpecification"]
        if clinic.record["price_min_usd"] is None:
            assert clinic_node["priceRange"] == "$$"


def test_microdata_pages_have_items_and_no_json_ld():
    for clinic in [c for c in clinics() if c.style == "microdata"][:20]:
        page = body(clinic.site_root)
        assert "application/ld+json" not in page
        (item,) = extruct.extract(page, syntaxes=["microdata"])["microdata"]
        assert item["type"] == "https://schema.org/MedicalClinic"
        address = item["properties"]["address"]["properties"]
        assert address["postalCode"] == clinic.record["postal_code"]
        employees = item["properties"]["employee"]
        employees = employees if isinstance(employees, list) else [employees]
        assert [e["properties"]["name"] for e in employees] == [
            p["name"] for p in clinic.record["practitioners"]]


def test_multipage_sites_spread_their_facts_over_five_pages():
    clinic = next(c for c in clinics() if c.style == "multipage" and c.record["insurers"]
                  and c.record["price_min_usd"])
    root = clinic.site_root
    pages = {root + p for p in ("", "team/", "insurance/", "pricing/", "faq/")}
    assert pages <= set(site_paths(clinic))
    insurer_page = visible_text(body(root + "insurance/"))
    assert set(clinic.record["insurers"]) <= set(find_in_text("insurers", insurer_page))
    assert find_in_text("insurers", visible_text(body(root))) == []
    assert f"${clinic.record['price_min_usd']:,}" in visible_text(body(root + "pricing/"))
    for path in ("team/", "insurance/", "pricing/", "faq/"):
        page = body(root + path)
        assert clinic.record["name"] in page and f'href="{root}"' in page


def test_chain_locations_have_their_own_pages_and_share_the_rest():
    chain = next(c for c in clinics() if c.chain is not None).chain
    home = body(chain.locations[0].site_root)
    for location in chain.locations:
        assert f'href="{location.record["website"]}"' in home
        page = body(location.record["website"])
        assert location.record["name"] in page
        others = [c for c in chain.locations if c is not location]
        (node,) = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
        assert node["telephone"] == location.record["phone"]
        assert all(o.record["phone"] != node["telephone"] for o in others)
        assert node["parentOrganization"]["name"] == chain.brand


def test_the_malformed_page_has_broken_json_ld_but_states_its_facts():
    clinic = _first("malformed")
    page = body(clinic.site_root)
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    with pytest.raises(json.JSONDecodeError):
        json.loads(script)
    text = visible_text(page)
    assert clinic.record["name"] in text and clinic.record["postal_code"] in text
    assert page.count("<p>") > page.count("</p>")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _positive_sentences(text: str) -> str:
    return " ".join(s for s in re.split(r"(?<=[.?!])\s+", text) if not NEGATION.search(s))


def test_every_true_fact_is_stated_and_nothing_else():
    for clinic in clinics():
        r, text = clinic.record, site_text(clinic)
        assert r["name"] in text and r["street"] in text and r["postal_code"] in text
        assert r["phone"][2:] in _digits(text)
        for vocabulary in ("treatments", "conditions", "insurers"):
            found = set(find_in_text(vocabulary, text))
            assert set(r[vocabulary]) <= found, (r["id"], vocabulary)
            positive = set(find_in_text(vocabulary, _positive_sentences(text)))
            assert positive <= set(r[vocabulary]), (r["id"], vocabulary, positive)
        for person in r["practitioners"]:
            assert person["name"] in text
            assert (person["npi_stated"] and person["npi"] in text) or (
                not person["npi_stated"] and (person["npi"] is None or person["npi"] not in text))
        for review in r["reviews"]:
            assert review["text"] in text and review["author"] in text


def _phrasings(fact: str) -> tuple[list[str], list[str]]:
    old_yes, old_no = statements.TRI_STATE_SENTENCES[fact]
    new_yes, new_no = phrasing.TRI_STATE[fact]
    return list(old_yes + new_yes), list(old_no + new_no)


def test_tri_states_are_said_exactly_as_the_truth_says():
    for clinic in clinics():
        r, text = clinic.record, site_text(clinic)
        for fact in TRI_STATE_FIELDS:
            yes, no = _phrasings(fact)
            said_yes = any(sentence in text for sentence in yes)
            said_no = any(sentence in text for sentence in no)
            assert (said_yes, said_no) == (r[fact] is True, r[fact] is False), (r["id"], fact)
        if r["price_min_usd"] is None:
            assert not re.search(r"\$\d[\d,]* (per|to)|\$\d[\d,]*-\$", text), r["id"]
        else:
            assert f"${r['price_min_usd']:,}" in text
            if r["price_max_usd"] is not None:
                assert f"${r['price_max_usd']:,}" in text
        if r["insurance_accepted"] == "unknown":
            assert find_in_text("insurers", text) == [], r["id"]
        if r["hours"] is None:
            assert "Hours:" not in text


def test_robots_txt_forbids_linked_paths_that_exist():
    robots = routes()["/robots.txt"].body.decode()
    rules = [line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Disallow")]
    assert {"/staff-only/", "/private/", "/sites/*/private/"} <= set(rules)
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in robots
    linked = {link for page in routes().values() if page.status == 200
              for link in links(page.body.decode(errors="replace"))}
    forbidden = [link for link in linked if link.startswith(("/private/", "/staff-only/"))
                 or re.match(r"/sites/[^/]+/private/", link)]
    assert any(re.match(r"/sites/[^/]+/private/", link) for link in forbidden)
    assert all(routes()[link].status == 200 for link in forbidden)


def test_the_sitemap_lists_every_site_root():
    sitemap = routes()["/sitemap.xml"].body.decode()
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    assert listed == {BASE_URL + c.site_root for c in clinics()}


def test_noise_pages_answer_as_planned():
    table = routes()
    flaky = [path for path, response in table.items() if response.flaky]
    roots = {r["site_root"].removeprefix(BASE_URL) for r in records()}
    assert len(flaky) == 1 and flaky[0] in roots
    moved = [(path, r.location) for path, r in table.items() if path.startswith("/old/")]
    assert len(moved) == 1 and table[moved[0][1]].status == 200
    assert moved[0][0] in links(body("/"))
    assert lookup(table, "/sites/sunset-closed-clinic/").status == 404
    assert lookup(table, "/directory/listing/9999/").status == 404
    about = body("/about-this-demo/")
    assert "/private/" in links(about) and DEMO_NOTE in about
    blog = [path for path in table if "/blog/" in path]
    assert len(blog) == 1 and find_in_text("treatments", visible_text(body(blog[0]))) == []


def test_chain_pages_escape_their_text_and_name_everyone_once():
    chain = next(c for c in clinics() if c.chain is not None).chain
    hostile = dataclasses.replace(chain, brand=HOSTILE, locations=[
        dataclasses.replace(c, record={**c.record, "name": HOSTILE, "description": HOSTILE})
        for c in chain.locations])
    for page in style_chain.render(hostile, BASE_URL).values():
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    team = visible_text(body(chain.locations[0].site_root + "team/"))
    people = {p["name"] for c in chain.locations for p in c.record["practitioners"]}
    assert all(team.count(f"{name},") == 1 for name in people)
    assert team.count("Sees patients at:") == len(people)


def test_the_same_seed_builds_the_same_pages():
    again = build(2026, BASE_URL)
    assert {path: r.body for path, r in again.items()} == {
        path: r.body for path, r in routes().items()}
