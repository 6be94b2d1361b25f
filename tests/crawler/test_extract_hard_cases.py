"""The hard cases of reading a clinic page, one behaviour per test: negation, FAQ answers,
session prices against packages, rating scales, date formats, schema.org graphs, microdata and
RDFa, phones that are not the clinic's, and the parts of a page that are not its own words."""
from __future__ import annotations

import json
import socket

import pytest

from crawler.extract import combine, page_record, prose, split_locations
from crawler.extract.dates import iso_date
from crawler.extract.insurance import insurance
from crawler.extract.page import Line, parse
from crawler.extract.people import credentials_in, npi_in, people_in_lines, people_in_nodes
from crawler.extract.price import price_in_text, session_price
from crawler.extract.ratings import rating_in_text, rating_of
from crawler.extract.schema import schema_nodes
from crawler.extract.statements import statements
from crawler.extract.structured import structured_facts


def _said(html: str) -> list:
    return statements(parse(html, "https://x.example/").lines)


@pytest.mark.parametrize(("text", "expected"), [
    ("We do not accept insurance.", ("no", [])),
    ("We are out-of-network with all insurers.", ("no", [])),
    ("We're not in network with Cigna.", ("unknown", [])),
    ("We accept Aetna. We're not in network with Cigna.", ("yes", ["aetna"])),
    ("We accept most BCBS plans.", ("yes", ["bcbs"])),
    ("We accept all major insurance except Medicaid.", ("yes", [])),
    ("We are in-network with Aetna and Cigna, and out-of-network with all other plans.",
     ("yes", ["aetna", "cigna"])),
    ("Insurance: not accepted", ("no", [])),
    ("Medicare now covers Spravato for some patients.", ("unknown", [])),
    ("We provide superbills for out-of-network reimbursement.", ("no", [])),
    ("A $100 deposit holds your visit and is applied to your bill.", ("unknown", [])),
])
def test_insurance_is_read_with_its_negations(text, expected):
    assert insurance(prose.clauses([text])) == expected


def test_an_insurer_listed_as_not_accepted_is_left_out():
    html = ("<h2>Insurance we accept</h2><ul><li>Aetna</li><li>Cigna</li>"
            "<li>Humana – not accepted</li><li>Anthem (out-of-network)</li></ul>")
    assert insurance(_said(html)) == ("yes", ["aetna", "cigna"])


@pytest.mark.parametrize(("answer", "expected"), [
    ("No. We are a self-pay clinic.", "no"), ("Yes, we accept most plans.", "yes"),
    ("Unfortunately, no.", "no"),
])
def test_a_faq_answer_answers_its_question(answer, expected):
    html = f"<details><summary>Do you accept insurance?</summary><p>{answer}</p></details>"
    assert insurance(_said(html))[0] == expected


def test_a_question_alone_states_nothing():
    said = _said("<h3>Do you take Medicare?</h3><h3>Do you offer payment plans?</h3>")
    assert insurance(said) == ("unknown", [])
    assert prose.tri_state("payment_plans", said) is None


@pytest.mark.parametrize(("fact", "text", "expected"), [
    ("sliding_scale", "We offer income-based sliding fees.", True),
    ("sliding_scale", "A sliding fee scale based on household income is available.", True),
    ("sliding_scale", "Sliding scale: not available.", False),
    ("sliding_scale", "Patients without insurance can ask about our sliding scale.", True),
    ("payment_plans", "We do not offer payment plans.", False),
    ("payment_plans", "We partner with CareCredit and Advance Care.", True),
    ("payment_plans", "We offer monthly payment plans.", True),
    ("payment_plans", "We don't offer in-house payment plans, but many patients use CareCredit.",
     True),
    ("free_consultation", "Every new patient starts with a free 20-minute phone consultation.",
     True),
    ("free_consultation", "Consultations are not free.", False),
    ("aftercare", "Integration coaching is included.", True),
    ("accepting_new_patients", "We are not accepting new patients at this time.", False),
    ("accepting_new_patients", "Now accepting new patients!", True),
    ("telehealth", "Telehealth is not available for Spravato sessions.", False),
    ("telehealth", "Follow-ups can be done over secure video visits.", True),
])
def test_tri_state_facts(fact, text, expected):
    assert prose.tri_state(fact, prose.clauses([text])) is expected


def test_negation_is_judged_per_mention():
    parts = prose.clauses(["We offer ketamine infusions and do not offer SGB."])
    assert prose.mentioned("treatments", parts) == ["iv_ketamine"]
    assert prose.mentioned("treatments", ["Unlike Spravato, IV ketamine works in hours."]) == [
        "iv_ketamine"]
    assert prose.mentioned("treatments", ["Intramuscular (IM) ketamine"]) == ["im_ketamine"]


@pytest.mark.parametrize(("text", "expected"), [
    ("$450–$650 per infusion", (450, 650)),
    ("$450-650 per infusion", (450, 650)),
    ("6 infusions for $2,400", (None, None)),
    ("Induction package: 6 infusions | $2,400", (None, None)),
    ("6 infusions for $2,400 ($400 per infusion)", (None, None)),
    ("Each infusion is $450, or $2,400 for a package of six.", (450, 450)),
    ("Maintenance membership $99/month", (None, None)),
    ("Infusions: $495+", (495, None)),
    ("A preparation session is $175.", (None, None)),
])
def test_one_session_price_not_a_package(text, expected):
    assert price_in_text(text) == expected


def test_the_first_named_treatment_priced_is_the_main_one():
    parts = ["A preparation session is $175.", "Each KAP dosing session is $650.",
             "Ketamine infusions for pain: $800 each.", "KAP for couples: $900 per session."]
    assert session_price(parts) == (650, 900)


@pytest.mark.parametrize(("text", "stars"), [
    ("9/10", 4.5), ("4.5 out of 5", 4.5), ("Rated 4.8/5", 4.8), ("★★★★☆", 4.0),
    ("4 out of 5 stars", 4.0), ("90/100", 4.5), ("on 3/10/2024", None), ("Review 1 of 5", None),
])
def test_ratings_on_other_scales_become_one_to_five(text, stars):
    assert rating_in_text(text) == stars


def test_star_widgets_are_read_from_their_markup():
    html = """<div class="review"><p>Kind staff and a calm room.</p>
      <span class="stars" aria-label="4 out of 5 stars"></span><cite>Ann, 2025-01-02</cite></div>
      <div class="review"><p>Helpful for my migraines overall.</p><div class="icons">
      <i class="fa fa-star"></i><i class="fa fa-star"></i><i class="fa fa-star"></i>
      <i class="fa fa-star-o"></i><i class="fa fa-star-o"></i></div><cite>Bo</cite></div>"""
    record = page_record(html, "https://x.example/")
    assert [(r["author"], r["rating"], r["published"]) for r in record["reviews"]] == [
        ("Ann", 4, "2025-01-02"), ("Bo", 3, None)]
    assert (record["rating"], record["review_count"]) == (None, 2)
    assert rating_of("9/10") == 5 and rating_of("4.4 out of 5") == 4


@pytest.mark.parametrize(("text", "iso"), [
    ("March 3, 2026", "2026-03-03"), ("2026-03-03", "2026-03-03"), ("Mar. 3rd, 2026", "2026-03-03"),
    ("3 March 2026", "2026-03-03"), ("03/04/2025", "2025-03-04"), ("Jan 7, 2026", "2026-01-07"),
    ("3 months ago", None), ("March 2024", None), ("February 30, 2024", None), ("yesterday", None),
])
def test_only_absolute_dates_are_read(text, iso):
    assert iso_date(f"posted {text} by Ann") == iso


def test_dates_are_read_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a date parser reached for the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert iso_date("the 4th of July, 2024") == "2024-07-04"
    assert iso_date("Sept. 9th 2025") == "2025-09-09"


GRAPH = {"@context": "https://schema.org", "@graph": [
    {"@type": "WebPage", "@id": "https://c.example/#page",
     "about": {"@id": "https://c.example/#org"}},
    {"@type": ["Organization", "MedicalClinic"], "@id": "https://c.example/#org",
     "name": "Graph Clinic", "telephone": "+1 512 555 0100",
     "address": {"@id": "https://c.example/#address"},
     "employee": [{"@id": "https://c.example/#p1"}],
     "aggregateRating": {"@type": "AggregateRating", "ratingValue": "9", "bestRating": "10",
                         "reviewCount": "20"},
     "paymentAccepted": "Cash, CareCredit, Aetna",
     "openingHoursSpecification": [{"@type": "OpeningHoursSpecification",
                                    "dayOfWeek": ["Monday", "Tuesday"], "opens": "09:00",
                                    "closes": "17:00"}]},
    {"@type": "PostalAddress", "@id": "https://c.example/#address",
     "streetAddress": "1 Oak St", "addressLocality": "Austin", "addressRegion": "Texas",
     "postalCode": "78701-1234"},
    {"@type": "Person", "@id": "https://c.example/#p1", "name": "Ana Diaz",
     "honorificSuffix": "MD", "jobTitle": "Board-certified psychiatrist",
     "worksFor": {"@id": "https://c.example/#org"}},
]}


def _ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_a_graph_is_read_with_its_references_resolved():
    facts = structured_facts(_ld(GRAPH), "https://c.example/")
    assert (facts["name"], facts["phone"]) == ("Graph Clinic", "+15125550100")
    assert (facts["street"], facts["state"], facts["postal_code"]) == ("1 Oak St", "TX", "78701")
    assert facts["practitioners"][0]["credentials"] == ["md", "board_certified_psychiatry"]
    assert (facts["rating"], facts["review_count"]) == (4.5, 20)
    assert (facts["insurance_accepted"], facts["insurers"], facts["payment_plans"]) == (
        "yes", ["aetna"], True)
    assert facts["hours"] == "Mo,Tu 09:00-17:00"


def test_a_graph_that_points_in_circles_still_ends():
    nodes = schema_nodes(_ld(GRAPH), "https://c.example/")
    person = next(n for n in nodes if n.get("name") == "Ana Diaz")
    assert person["worksFor"]["name"] == "Graph Clinic"


def test_microdata_and_rdfa_read_like_json_ld():
    microdata = """<div itemscope itemtype="https://schema.org/MedicalClinic">
      <span itemprop="name">Micro Clinic</span><span itemprop="telephone">(208) 555-0101</span>
      <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
      <span itemprop="streetAddress">2 Elm St</span><span itemprop="addressLocality">Boise</span>
      <span itemprop="addressRegion">ID</span><span itemprop="postalCode">83702</span></div>
      <meta itemprop="isAcceptingNewPatients" content="false"></div>"""
    rdfa = """<div vocab="https://schema.org/" typeof="MedicalClinic">
      <span property="name">Rdfa Clinic</span><span property="telephone">(208) 555-0102</span>
      <div property="address" typeof="PostalAddress"><span property="postalCode">83702</span>
      </div><div property="aggregateRating" typeof="AggregateRating">
      <span property="ratingValue">4.6</span><span property="reviewCount">31</span></div></div>"""
    micro = structured_facts(microdata, "https://m.example/")
    assert (micro["name"], micro["street"], micro["accepting_new_patients"]) == (
        "Micro Clinic", "2 Elm St", False)
    read = structured_facts(rdfa, "https://r.example/")
    assert (read["name"], read["phone"], read["postal_code"], read["rating"]) == (
        "Rdfa Clinic", "+12085550102", "83702", 4.6)


def test_departments_of_one_brand_are_locations():
    brand = {"@context": "https://schema.org", "@type": "MedicalOrganization", "name": "Brand",
             "department": [
                 {"@type": "MedicalClinic", "telephone": "402-555-0144",
                  "address": {"streetAddress": "1 A St", "postalCode": "68114"}},
                 {"@type": "MedicalClinic", "telephone": "402-555-0145",
                  "address": {"streetAddress": "2 B St", "postalCode": "68504"}}]}
    facts = structured_facts(_ld(brand), "https://b.example/")
    assert facts["name"] == "Brand" and "postal_code" not in facts
    assert [(p["street"], p["phone"]) for p in facts["locations"]] == [
        ("1 A St", "+14025550144"), ("2 B St", "+14025550145")]


@pytest.mark.parametrize("line", [
    "If you are in crisis, call the Lifeline at 1-800-273-8255.",
    "Fax: (504) 555-0198", "(910) 555-0134 (fax)",
])
def test_numbers_that_are_not_the_clinics_phone(line):
    assert page_record(f"<p>{line}</p>", "https://x.example/")["phone"] is None


def test_a_mailing_address_is_not_where_the_clinic_is():
    html = ("<p>Mailing address: P.O. Box 19011, New Orleans, LA 70179</p>"
            "<p>4100 Magazine St.<br>New Orleans, LA 70115</p>")
    record = page_record(html, "https://x.example/")
    assert (record["street"], record["postal_code"]) == ("4100 Magazine St.", "70115")


def test_credentials_from_name_lines_title_lines_and_bios():
    lines = ["Jane Roe, DNP, PMHNP-BC", "Dr. Marcus Bell", "Medical Director | FNP-C",
             "Dr. Luis Ortiz, M.D.",
             "Dr. Ortiz is board-certified in anesthesiology and pain medicine."]
    people = people_in_lines(lines)
    assert [(p["name"], p["credentials"]) for p in people] == [
        ("Jane Roe", ["pmhnp"]), ("Marcus Bell", ["np"]),
        ("Luis Ortiz", ["md", "board_certified_anesthesiology", "board_certified_pain_medicine"])]
    assert credentials_in(["MSN", "APRN", "Psy.D."]) == ["np", "psyd"]


def test_an_npi_a_team_page_prints_belongs_to_the_person_above_it():
    lines = [Line("Jane Roe, MD", "heading"), Line("Medical Director"), Line("NPI: 1234567893"),
             Line("Bo Park, CRNA · NPI # 1245319599"), Line("Cy Diaz, NP", "heading"),
             Line("Billing", "heading"), Line("Group NPI 1245319599")]
    people = people_in_lines(lines)
    assert [(p["name"], p["npi"]) for p in people] == [
        ("Jane Roe", "1234567893"), ("Bo Park", "1245319599"), ("Cy Diaz", None)]


@pytest.mark.parametrize("text, npi", [
    ("NPI: 1234567893", "1234567893"),
    ("npi number 1234567893.", "1234567893"),
    ("NPI | 1234567893", "1234567893"),   # a table row's two cells
    ("NPI: 1234567890", None),         # the check digit fails: a typo, or not an NPI
    ("NPI: 12345678931", None),        # eleven digits
    ("Call 1234567893", None),         # a number without the label
])
def test_only_a_labelled_number_with_a_valid_check_digit_is_an_npi(text, npi):
    assert npi_in(text) == npi


def test_a_person_nodes_identifier_gives_the_npi_when_it_is_one():
    nodes = [{"name": "Ann Lee", "honorificSuffix": "MD", "identifier": "1234567893"},
             {"name": "Bo Park", "honorificSuffix": "CRNA",
              "identifier": {"@type": "PropertyValue", "propertyID": "NPI", "value": "1245319599"}},
             {"name": "Cy Diaz", "honorificSuffix": "NP",
              "identifier": {"propertyID": "DEA", "value": "1234567893"}}]
    assert [p["npi"] for p in people_in_nodes(nodes)] == ["1234567893", "1245319599", None]


@pytest.mark.parametrize("html", [
    '<blockquote><p>"I had SGB at another clinic."</p><cite>Tom</cite></blockquote>',
    "<h2>What our patients say</h2><p>I used CareCredit somewhere else.</p>",
    '<article class="post type-post"><p>Medicare now pays for Spravato; TRICARE covers SGB.</p>'
    "</article>",
    '<div class="cookie-notice">We accept cookies and Aetna.</div>',
    "<nav><a href='/sliding-scale'>Sliding scale</a></nav>",
    "<script>var note = 'We accept Humana and offer payment plans';</script>",
])
def test_words_that_are_not_the_clinics_own_state_nothing(html):
    record = page_record(html, "https://x.example/")
    assert (record["treatments"], record["insurers"], record["insurance_accepted"]) == (
        [], [], "unknown")
    assert record["payment_plans"] is None and record["sliding_scale"] is None


def test_a_theme_class_that_looks_like_wordpress_post_marking_does_not_make_a_page_a_post():
    html = ('<body class="page ast-single-post"><article class="page type-page">'
            "<p>We accept TRICARE and offer SGB.</p></article></body>")
    record = page_record(html, "https://x.example/")
    assert (record["insurers"], record["treatments"]) == (["tricare"], ["sgb"])
    post = html.replace("page ast-single-post", "post-template-default single single-post")
    assert page_record(post, "https://x.example/")["insurers"] == []


def test_a_post_on_the_clinics_site_states_only_the_care_the_clinic_says_it_gives():
    body = ("<p>Most of us know that ketamine infusions can treat PTSD and migraine.</p>"
            "<p>This guide covers IV ketamine infusions, the treatment we offer in Orlando.</p>"
            "<p>We accept Aetna, though Medicare rules differ.</p>")
    post = f'<main><article class="blog-post"><h1>A First-Timer\'s Guide</h1>{body}</article></main>'
    record = page_record(post, "https://x.example/")
    assert (record["treatments"], record["conditions"], record["insurers"]) == (
        ["iv_ketamine"], [], [])
    teasers = (f'<h1>Orlando Ketamine</h1><article class="post"><h2>Guide</h2>{body}</article>'
               '<article class="post"><h2>News</h2><p>We offer SGB.</p></article>')
    assert page_record(teasers, "https://x.example/")["treatments"] == []


def test_a_single_post_below_its_title_speaks_for_the_practice_it_names():
    post = ('<main><h1>Online Ketamine Therapy: How It Works</h1><article class="post">'
            "<p>At Tovani Health, the medication is sublingual ketamine taken at home.</p>"
            "<p>At Yale, researchers found that ketamine infusions ease PTSD.</p>"
            "<p>Six ketamine infusions at clinics near us cost thousands, and online providers "
            "charge about the same.</p></article></main>")
    record = page_record(post, "https://x.example/")
    assert (record["treatments"], record["conditions"]) == (["oral_ketamine"], [])


def test_a_route_written_out_beside_a_named_ketamine_treatment_is_that_route():
    record = page_record("<p>We use ketamine lozenges or intramuscular injections in the "
                         "office.</p>", "https://x.example/")
    assert record["treatments"] == ["oral_ketamine", "im_ketamine"]


def test_the_copyright_holder_is_named_without_its_legal_form():
    html = "<p>Call (208) 555-0147.</p><footer>© 2026 Solace Ketamine Wellness PLLC</footer>"
    assert page_record(html, "https://x.example/")["name"] == "Solace Ketamine Wellness"


def test_physician_nodes_that_are_people_are_staff_and_the_clinic_stays_the_clinic():
    graph = [{"@type": "MedicalClinic", "name": "Mesa Vista", "telephone": "505-555-0133",
              "address": {"streetAddress": "301 Gold Ave SW", "addressLocality": "Albuquerque",
                          "addressRegion": "NM", "postalCode": "87102"}},
             {"@type": "Physician", "name": "Dr. Ana Ruiz", "honorificSuffix": "MD"},
             {"@type": "Person", "name": "Caleb Ortega",
              "jobTitle": "Certified Registered Nurse Anesthetist (CRNA)"}]
    facts = structured_facts(_ld(graph), "https://m.example/")
    assert facts["name"] == "Mesa Vista"
    assert [(p["name"], p["credentials"]) for p in facts["practitioners"]] == [
        ("Ana Ruiz", ["md"]), ("Caleb Ortega", ["crna"])]
    office = [{"@type": "Physician", "name": "Ana Ruiz, MD", "telephone": "505-555-0133",
               "address": graph[0]["address"]}]
    assert structured_facts(_ld(office), "https://m.example/")["postal_code"] == "87102"


def test_a_location_page_is_about_its_own_address_not_the_other_locations_it_lists():
    html = ("<head><title>Denver | Evergreen Ketamine</title>"
            '<meta property="og:site_name" content="Evergreen Ketamine"></head>'
            "<body><h1>Evergreen Ketamine Denver</h1>"
            "<p>1701 Wynkoop St, Suite 155<br>Denver, CO 80202</p><p>(720) 555-0141</p>"
            "<h2>Other Evergreen locations</h2>"
            "<ul><li>2525 Arapahoe Ave, Boulder, CO 80302 · (303) 555-0177</li>"
            "<li>10 S Tejon St, Colorado Springs, CO 80903 · (719) 555-0150</li></ul></body>")
    record = page_record(html, "https://evergreen.example/locations/denver/")
    assert (record["name"], record["phone"], record["postal_code"], record["locations"]) == (
        "Evergreen Ketamine Denver", "+17205550141", "80202", [])


def test_an_organization_without_a_telephone_of_its_own_gives_its_contact_points():
    node = {"@type": "Organization", "name": "Lumen Home Ketamine",
            "contactPoint": [{"@type": "ContactPoint", "contactType": "fax",
                              "telephone": "+1-888-555-0111"},
                             {"@type": "ContactPoint", "contactType": "customer support",
                              "telephone": "+1-888-555-0110"}]}
    assert structured_facts(_ld(node), "https://l.example/")["phone"] == "+18885550110"


@pytest.mark.parametrize("html, name", [
    ("<footer>Copyright © 2024 Riverbend Mind Clinic. All Rights Reserved.</footer>",
     "Riverbend Mind Clinic"),
    ("<footer>(c) 2019-2026 Calm Harbor Ketamine, LLC</footer>", "Calm Harbor Ketamine"),
    ("<footer>© Stillwater Healing 2021</footer>", "Stillwater Healing"),
    ("<footer>© Stillwater Healing, 2019–2024. All rights reserved.</footer>", "Stillwater Healing"),
])
def test_copyright_lines_name_the_holder(html, name):
    assert page_record(html + "<p>Call 410-555-0123</p>", "https://x.example/")["name"] == name


def test_video_check_ins_are_telehealth():
    html = "<p>Every session starts with a video check-in with your clinician.</p>"
    assert page_record(html, "https://x.example/")["telehealth"] is True


def test_a_collapsed_accordion_panel_is_read_but_text_hidden_for_no_one_is_not():
    panel = ('<button aria-expanded="false" aria-controls="a1">Do you take insurance?</button>'
             '<div id="a1" hidden><p>No. We offer CareCredit financing.</p></div>')
    honeypot = '<div hidden><p>We accept Aetna and offer a sliding scale.</p></div>'
    record = page_record(panel + honeypot, "https://x.example/")
    assert (record["insurance_accepted"], record["payment_plans"]) == ("no", True)
    assert (record["insurers"], record["sliding_scale"]) == ([], None)


@pytest.mark.parametrize("text, treatments, payment_plans", [
    ("We do not take insurance for ketamine infusions.", ["iv_ketamine"], None),
    ("Insurance does not cover Spravato here.", ["esketamine_spravato"], None),
    ("We do not offer ketamine infusions.", [], None),
    ("We do not take insurance or offer payment plans.", [], False),
])
def test_a_denial_about_paying_for_a_treatment_does_not_deny_the_treatment(
        text, treatments, payment_plans):
    record = page_record(f"<p>{text}</p>", "https://x.example/")
    assert (record["treatments"], record["payment_plans"]) == (treatments, payment_plans)


@pytest.mark.parametrize("rows, phone", [
    ([("Text", "(541) 555-0198"), ("Phone", "(541) 555-0155")], "+15415550155"),
    ([("Fax", "(541) 555-0156"), ("Office", "(541) 555-0155")], "+15415550155"),
    ([("Call or text", "(541) 555-0198")], "+15415550198"),
    ([("Fax (both offices)", "(303) 555-0129"), ("Main office", "(303) 555-0127")],
     "+13035550127"),
])
def test_a_definition_list_labels_the_number_under_it(rows, phone):
    items = "".join(f"<dt>{label}</dt><dd>{number}</dd>" for label, number in rows)
    record = page_record(f"<dl>{items}</dl>", "https://x.example/")
    assert record["phone"] == phone


def test_a_directory_profile_is_named_by_its_heading_not_by_the_directory():
    html = ("<head><title>Summit Peak Ketamine Clinic - Ketamine Clinic in Salt Lake City | "
            'FindCalm</title><meta property="og:site_name" content="FindCalm"></head>'
            "<body><h1>Summit Peak Ketamine Clinic</h1><p>Call (801) 555-0124</p></body>")
    assert page_record(html, "https://findcalm.example/c/1")["name"] == "Summit Peak Ketamine Clinic"
    generic = html.replace("Summit Peak Ketamine Clinic", "Spravato Treatment Center")
    assert page_record(generic, "https://findcalm.example/c/1")["name"] == "FindCalm"


def test_staff_named_in_running_text_are_read_with_their_credentials():
    html = ("<p>Your care is overseen by Thomas Reyes, DO, a board-certified anesthesiologist. "
            "Infusions are monitored by Erin Walsh, CRNA, and Jenna Morse, RN.</p>"
            "<p>Visit us near Silver Spring, MD 20910 or in Bala Cynwyd, PA.</p>"
            "<ul><li>Foxgate Bel Air (Bel Air, MD)</li></ul>")
    people = page_record(html, "https://x.example/")["practitioners"]
    assert [(p["name"], p["credentials"]) for p in people] == [
        ("Thomas Reyes", ["do", "board_certified_anesthesiology"]), ("Erin Walsh", ["crna"]),
        ("Jenna Morse", ["rn"])]


@pytest.mark.parametrize("html", [
    "<h2>From the Blog</h2><h3>What is SGB?</h3><p>Spravato and SGB compared.</p>",
    '<div class="summary-block-collection-type-blog"><a>At-home troches: what to know</a>'
    "<p>Lozenges and Spravato explained.</p></div>",
])
def test_blog_teasers_state_nothing_and_a_div_footer_after_them_is_the_clinics_again(html):
    footer = ('<div class="elementor-location-footer"><h4>Calm Clinic</h4>'
              "<p>12 Main St, Boise, ID 83702</p><p>Phone: (208) 555-0161</p></div>")
    record = page_record("<p>We offer ketamine infusions.</p>" + html + footer,
                         "https://x.example/")
    assert record["treatments"] == ["iv_ketamine"]
    assert (record["postal_code"], record["phone"]) == ("83702", "+12085550161")


def test_a_section_that_lists_conditions_one_heading_each_states_them():
    html = ("<h2>Conditions We Treat</h2><h3>Depression</h3><p>Relief when medicines failed.</p>"
            "<h3>Chronic Pain</h3><p>Longer protocols.</p><h2>Pricing</h2><h3>PTSD?</h3>")
    assert page_record(html, "https://x.example/")["conditions"] == ["depression", "chronic_pain"]


@pytest.mark.parametrize("text, insurers, treatments", [
    ("We bill TRICARE. We are not able to bill plans such as Blue Cross Blue Shield, Aetna or "
     "Cigna.", ["tricare"], []),
    ("We are an approved VA Community Care provider.", ["va"], []),
    ("We no longer offer IM ketamine. Patients who had IM ketamine with us can switch to IV "
     "ketamine infusions.", [], ["iv_ketamine"]),
    ("We do not perform SGB, Spravato or IM ketamine.", [], []),
])
def test_denials_reach_the_whole_list_and_the_rest_of_the_line(text, insurers, treatments):
    record = page_record(f"<p>{text}</p>", "https://x.example/")
    assert (record["insurers"], record["treatments"]) == (insurers, treatments)


def test_refusing_insurance_in_a_list_with_insurers_refuses_insurance():
    record = page_record("<p>We do not bill insurance, Medicare, or Medicaid.</p>",
                         "https://x.example/")
    assert (record["insurance_accepted"], record["insurers"]) == ("no", [])


@pytest.mark.parametrize("rows, low, high", [
    ([("IV ketamine infusion", "", "$425 per session"),
      ("IV ketamine booster", "For patients who finished an induction series", "$375 per session"),
      ("Induction series", "Six infusions, paid up front", "$2,295 total")], 375, 425),
    ([("Ketamine infusion", "", "$400"), ("Series of 6 infusions", "paid in advance", "$2,100")],
     400, 400),
])
def test_a_fee_table_row_is_judged_by_its_label_and_its_amount(rows, low, high):
    body = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    record = page_record(f"<table>{body}</table>", "https://x.example/")
    assert (record["price_min_usd"], record["price_max_usd"]) == (low, high)


def test_the_logo_names_the_practice_before_a_copyright_holder_does():
    html = ('<header><a class="header__logo"><img src="l.png" alt="Patriot Relief SGB Center">'
            "</a></header><p>Call (210) 555-0171.</p>"
            "<footer>© 2026 Patriot Relief Medical Group, LLC</footer>")
    assert page_record(html, "https://x.example/")["name"] == "Patriot Relief SGB Center"


@pytest.mark.parametrize("header", [
    '<header><a href="/"><img src="/brand.png" alt="Heritage Mind Clinic"></a></header>',
    '<header><div><img src="/img/logo.png" alt="Heritage Mind Clinic"></div></header>',
])
def test_the_header_image_linking_home_or_named_logo_is_the_logo(header):
    html = (header + '<p>Call (617) 555-0171.</p><img src="/aetna-logo.png" alt="Aetna">'
            "<footer>© 2026 Heritage Mind Healthcare LLC</footer>")
    assert page_record(html, "https://x.example/")["name"] == "Heritage Mind Clinic"


def test_a_free_call_is_a_free_consultation_and_a_dash_before_no_referral_denies_nothing():
    record = page_record("<p>Now accepting new patients — no referral needed.</p>"
                         "<a href='/book'>Book a free 15-minute call</a><p>Feel free to call.</p>",
                         "https://x.example/")
    assert (record["accepting_new_patients"], record["free_consultation"]) == (True, True)


def test_a_clinicians_past_elsewhere_says_nothing_about_this_clinic():
    html = ("<p>We offer IV ketamine infusions.</p><h3>Renee Castillo, DNP, CRNA</h3>"
            "<p>Before joining us, Renee worked at Riverbend Hospital, where she helped run that "
            "hospital's Spravato program. She monitors every infusion for anxiety.</p>")
    record = page_record(html, "https://x.example/")
    assert (record["treatments"], record["conditions"]) == (["iv_ketamine"], ["anxiety"])


@pytest.mark.parametrize("html, field, value", [
    ("<h2>In our patients' words</h2><p>My migraines are better too.</p>", "conditions", []),
    ("<p>We stopped offering IV ketamine infusions in 2023.</p>", "treatments", []),
    ("<p>Single infusion $475. Or pay in 4 payments of $118.75 with Afterpay.</p>",
     "price_min_usd", 475),
    ('<script type="application/ld+json">{"@type": "MedicalClinic", "name": '
     '"Front Range Ketamine, LLC", "telephone": "970-555-0100"}</script>', "name",
     "Front Range Ketamine"),
    ("<p>Our GPS coordinates are 47.0625, -109.4290.</p><p>Call 406-555-0100.</p>", "lat",
     47.0625),
])
def test_more_shapes_real_pages_take(html, field, value):
    assert page_record(html, "https://x.example/")[field] == value


def test_a_department_mail_box_and_a_billing_number_are_not_the_clinics():
    html = ("<p>Haw River Psychiatry Clinic<br>3100 Tower Blvd, Suite 600<br>Durham, NC 27707</p>"
            "<p>Clinic phone: (919) 555-0163</p><p>Billing questions: (919) 555-0199</p>"
            "<footer>Box 3950 HRUMC · Durham, NC 27710</footer>")
    record = page_record(html, "https://x.example/")
    assert (record["street"], record["phone"], record["locations"]) == (
        "3100 Tower Blvd, Suite 600", "+19195550163", [])


def test_a_paragraph_that_is_one_quotation_is_a_patients_words():
    html = ("<p>We offer IV ketamine infusions.</p>"
            "<p>“I’d done Spravato twice a week for three months at another clinic with almost no "
            "change.”</p>")
    assert page_record(html, "https://x.example/")["treatments"] == ["iv_ketamine"]


def test_fee_cards_put_the_label_on_the_line_above_the_amount():
    html = ("<div><p>Intake (60 min)</p><p>$300</p><p>Integration session</p><p>$175</p>"
            "<p>KAP medicine session</p><p>$475 per session</p>"
            "<p>Six-session KAP program (6 medicine + 6 integration sessions)</p><p>$3,250</p></div>")
    record = page_record(html, "https://x.example/")
    assert (record["price_min_usd"], record["price_max_usd"]) == (475, 475)


def test_a_bulleted_list_after_an_insurance_sentence_names_accepted_insurers():
    html = ("<p>We are in network with the following insurance plans:</p>"
            "<ul><li>Medicare</li><li>Cigna</li><li>Humana</li></ul>"
            "<p>Our favorite things:</p><ul><li>Aetna Park walks</li></ul>")
    record = page_record(html, "https://x.example/")
    assert (record["insurance_accepted"], record["insurers"]) == ("yes", ["medicare", "cigna",
                                                                          "humana"])


def test_coming_soon_is_not_offered_and_a_team_cards_bio_past_is_not_the_clinics():
    html = ("<h2>Our Services</h2><h3>IV Ketamine Infusions</h3><p>Infusions in a calm room.</p>"
            "<h3>Spravato® (esketamine) — Coming Soon</h3><p>Join our waitlist.</p>"
            "<h2>Meet Our Team</h2><h3>James Okafor</h3><p>DO</p>"
            "<p>Before joining us, Dr. Okafor spent five years with the stellate ganglion block "
            "program at St. Brendan Hospital, treating CRPS.</p>")
    record = page_record(html, "https://x.example/")
    assert (record["treatments"], record["conditions"]) == (["iv_ketamine"], [])


def test_a_billing_office_address_under_its_heading_is_not_a_location():
    html = ("<h2>Visit Our Clinic</h2><p>2210 W Main St, Boise, ID 83702</p>"
            "<p>Phone: (208) 555-0143</p><h3>Billing Office</h3>"
            "<p>890 N Eagle Rd, Meridian, ID 83642</p><p>Billing phone: (208) 555-0162</p>")
    record = page_record(html, "https://x.example/")
    assert (record["postal_code"], record["phone"], record["locations"]) == (
        "83702", "+12085550143", [])


def test_two_offices_that_share_one_phone_give_it_as_the_clinics_phone():
    html = ("<h2>Our offices</h2><p>1012 Coggins Pl, Marietta, GA 30060</p>"
            "<p>Call (770) 555-0109</p><p>11755 Pointe Pl, Roswell, GA 30076</p>"
            "<p>Call (770) 555-0109</p>")
    record = page_record(html, "https://x.example/")
    assert [place["city"] for place in record["locations"]] == ["Marietta", "Roswell"]
    assert record["phone"] == "+17705550109"


def test_a_footer_town_and_zip_without_a_street_place_the_clinic():
    html = ("<h1>Spravato</h1><p>We offer Spravato.</p><footer><p>(781) 555-0834 "
            "info@clinic.example Quincy, MA 02169 Patient Portal</p></footer>")
    record = page_record(html, "https://x.example/")
    assert (record.get("street"), record["city"], record["state"], record["postal_code"]) == (
        None, "Quincy", "MA", "02169")
    elsewhere = page_record(html.replace("02169", "90210"), "https://x.example/")
    assert elsewhere.get("city") is None


def test_a_footer_list_of_towns_names_the_offices_without_splitting_the_clinic():
    html = ("<h1>Ketamine care</h1><p>We offer IV ketamine.</p>"
            "<footer><p>Aurora, CO · Louisville, CO · Westminster, CO</p></footer>")
    record = page_record(html, "https://x.example/")
    assert record["locations"] == [{"city": "Aurora", "state": "CO"},
                                   {"city": "Louisville", "state": "CO"},
                                   {"city": "Westminster", "state": "CO"}]
    assert record.get("city") is None and record["state"] == "CO"
    assert split_locations(record) == [record]


@pytest.mark.parametrize("text, towns", [
    ("Our offices are located in Aurora, CO and Louisville, CO.",
     [{"city": "Aurora", "state": "CO"}, {"city": "Louisville", "state": "CO"}]),
    ("Serving Aurora, CO and Louisville, CO.", []),
])
def test_a_sentence_placing_the_offices_in_towns_names_them(text, towns):
    record = page_record(f"<p>{text}</p><p>Call (303) 555-0100.</p>", "https://x.example/")
    assert (record["locations"], record.get("state")) == (towns, "CO" if towns else None)


def test_offices_all_in_one_state_place_the_clinic_in_it():
    html = ("<h3>Denton</h3><p>3312 Teasley Ln, Denton, TX 76210</p>"
            "<h3>Irving</h3><p>580 Decker Dr, Irving, TX 75062</p>")
    record = page_record(html, "https://x.example/")
    assert [place["city"] for place in record["locations"]] == ["Denton", "Irving"]
    assert (record["state"], record.get("city")) == ("TX", None)


def test_offices_with_streets_outweigh_a_list_of_towns_when_pages_combine():
    towns = page_record("<footer><p>Fargo, ND · Bismarck, ND</p></footer>", "https://x.example/")
    offices = page_record("<h2>Offices</h2><p>100 Main Ave, Fargo, ND 58102</p>"
                          "<p>200 Broadway Ave, Bismarck, ND 58501</p>",
                          "https://x.example/contact")
    combined = combine([towns, offices])
    assert [place["postal_code"] for place in split_locations(combined)] == ["58102", "58501"]
