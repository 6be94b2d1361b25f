"""What the extractor claims, and on what evidence: payment as clinics write it, names and
places as a person reads them, and discussion that is not an offer."""
from __future__ import annotations

import pytest

from crawler.extract import page_record
from snippet_pages import evidence_quotes as _quotes, snippet_record as _page


@pytest.mark.parametrize("text", [
    "Ketamine infusions are not covered by insurance. We will give you a superbill that you can "
    "submit to your insurance company for possible reimbursement.",
    "We are happy to work with your insurance by providing a superbill after each visit.",
    "IV ketamine is self-pay only; we provide an itemized superbill on request.",
])
def test_self_pay_with_a_superbill_is_no_insurance_and_a_superbill(text):
    record = _page(f"<p>{text}</p>")
    assert record["insurance_accepted"] == "no"
    assert record["superbill"] is True
    assert record["insurers"] == []
    assert _quotes(record, "superbill") and all(q in text for q in _quotes(record, "superbill"))


def test_insurance_tied_to_spravato_names_that_treatment():
    record = _page("<p>We offer IV ketamine infusions and Spravato.</p>"
                   "<p>We accept Aetna and Cigna for Spravato treatment.</p>"
                   "<p>IV ketamine infusions are self-pay.</p>")
    assert record["insurance_accepted"] == "yes"
    assert record["insurers"] == ["aetna", "cigna"]
    assert record["insurance_treatments"] == ["esketamine_spravato"]
    assert _quotes(record, "insurance_treatments") == [
        "We accept Aetna and Cigna for Spravato treatment."]


def test_excluded_carriers_are_never_accepted():
    record = _page("<p>We accept most major insurance plans except Medicare and Medicaid.</p>")
    assert record["insurance_accepted"] == "yes"
    assert "medicare" not in record["insurers"] and "medicaid" not in record["insurers"]


def test_financing_is_a_payment_plan_with_its_sentence():
    record = _page("<p>Financing is available through CareCredit.</p>")
    assert record["payment_plans"] is True
    assert _quotes(record, "payment_plans") == ["Financing is available through CareCredit."]


def test_a_page_that_says_yes_and_no_about_the_same_care_states_nothing():
    record = _page("<p>We're among the few clinics that accept major insurance for this "
                   "treatment!</p><p>Since ketamine is off label, insurance companies do not yet "
                   "pay for it.</p>")
    assert record["insurance_accepted"] == "unknown"


def test_a_supposition_about_coverage_refuses_nothing():
    record = _page("<p>We know that when insurance does not cover a treatment, it is hard to "
                   "keep up with it.</p>")
    assert record["insurance_accepted"] == "unknown"


@pytest.mark.parametrize("head, body, name", [
    ("<title>Ketamine FAQ</title>", "<h1>Ketamine FAQ</h1>", None),
    ("<title>PAYMENT &amp; CANCELLATION POLICY</title>",
     "<h1>PAYMENT &amp; CANCELLATION POLICY</h1>", None),
    ("<title>Skip to Navigation</title>", "<p>Skip to Navigation</p>", None),
    ("<title>Ketamine Assisted Therapy | Altamira</title>", "<h1>Ketamine Assisted Therapy</h1>",
     "Altamira"),
    ("<title>Ketamine IV FAQs | x</title>",
     "<h1>Ketamine IV FAQs</h1><footer>© St. Brigid Mental Health Clinic of Dallas</footer>",
     "St. Brigid Mental Health Clinic of Dallas"),
    ("<title>x</title>", "<footer>© 2025 All rights reserved.</footer>", None),
    ("<title>A First-Timer's Guide to Ketamine Infusion Therapy — Central Florida Ketamine"
     "</title><meta property='og:site_name' content='Central Florida Ketamine'>",
     "<h1>A First-Timer's Guide to Ketamine Infusion Therapy</h1>", "Central Florida Ketamine"),
    ("<title>Integrated Interventional Psychiatry</title>"
     "<meta property='og:site_name' content='Mynd Thera'>",
     "<h1>Integrated Interventional Psychiatry</h1>", "Mynd Thera"),
])
def test_the_name_is_the_sites_never_a_heading_or_furniture(head, body, name):
    assert _page(body, head)["name"] == name


def test_a_crisis_line_is_not_the_clinics_phone():
    record = _page("<p>If you are in crisis, call or text 988 or the crisis line at "
                   "1-800-273-8255.</p><footer><p>Juniper Ketamine Clinic</p>"
                   "<p>Phone: (303) 555-0142 · Fax: (303) 555-0143</p></footer>")
    assert record["phone"] == "+13035550142"


def test_a_lone_city_line_places_the_clinic_but_a_service_area_heading_does_not():
    placed = _page("<h2>Ketamine therapy in Boulder, CO</h2><footer><p>Juniper Ketamine Clinic"
                   " · Eugene, Oregon</p></footer>")
    assert (placed["city"], placed["state"]) == ("Eugene", "OR")
    area = _page("<h2>Ketamine therapy in Boulder, CO</h2>")
    assert area["city"] is None and area["state"] is None


def test_a_non_us_address_is_recognised():
    record = _page("<footer><p>250 King St W, Toronto, ON M5V 1H9</p></footer>")
    assert record["country"] == "Canada"
    assert record["postal_code"] is None


@pytest.mark.parametrize("text", [
    "Numerous studies have found that ketamine has a strong effect on PTSD and OCD.",
    "Ketamine has upended how severe depression and anxiety are treated.",
    "Spravato can make you sleepy, dizzy or cause anxiety.",
    "If you are having suicidal thoughts, please call 988 or go to the emergency room.",
    "If you are weighing ketamine therapy for PTSD, the price is probably on your mind.",
    "Teams at Mt. Sinai and at Yale have found ketamine to be strongly effective against PTSD.",
    "Severe depression, PTSD and other mood disorders are harder to treat and call for more care.",
    "Nurses noticed that patients given ketamine for surgery also seemed calmer in their anxiety.",
    "For people with anxiety disorders, ketamine is the biggest advance in psychiatry in decades.",
    "At present, ketamine infusions are the only fast-acting treatment for depression.",
    "Maybe you have already tried several treatments for PTSD, therapy among them.",
    "Spravato and ketamine are newer options for treatment-resistant depression.",
    "A lighter schedule may suit some patients, while CRPS and RSD call for more infusions.",
    "In depression these synapses grow weak, so signals pass with more difficulty.",
    "Given into a vein, it is a blend of two molecules used for depression that resists care.",
    "An educational overview of PTSD (opens in new tab)",
    "Spravato, also called esketamine, gives fast relief from PTSD.",
    "A growing number of insurers now pay for Spravato for patients with PTSD.",
    "Spravato is approved for treatment-resistant depression in adults.",
])
def test_discussion_of_an_illness_claims_no_condition(text):
    assert _page(f"<p>We offer IV ketamine infusions.</p><p>{text}</p>")["conditions"] == []


@pytest.mark.parametrize("text, treatments", [
    ("Every infusion is given in our private office and lasts about 40 minutes.", ["iv_ketamine"]),
    ("Most patients receive their ketamine by IV while a nurse watches over them.", ["iv_ketamine"]),
    ("Ketamine infusion therapy means using ketamine to treat mood and pain disorders.", []),
    ("It is most often given intramuscularly or intravenously, or as a sublingual lozenge.", []),
    ("This note concerns Spravato alone and is included for education only.", []),
    ("Maybe you are weighing ketamine infusions, and now the cost worries you.", []),
    ("What we offer is truly different from the usual intravenous ketamine clinic.", []),
    ("Every clinician here has completed training in ketamine-assisted psychotherapy.", []),
    ("Ketamine is then given as an injection into the muscle or as a subcutaneous infusion.",
     []),
    ("It can be given into a vein, as an intramuscular injection, or through the nose.", []),
    ("Ketamine can be given intravenously, intramuscularly, sublingually or intranasally.", []),
    ("During the early years we gave IV ketamine, but in 2020 we moved to IM ketamine injections.",
     ["im_ketamine"]),
    ("KAP is a relational experience, which sets it apart from IV ketamine infusions.",
     ["ketamine_assisted_psychotherapy"]),
])
def test_treatments_offered_not_discussed(text, treatments):
    record = _page(f"<p>Ketamine care in a calm setting.</p><p>{text}</p>")
    assert record["treatments"] == treatments


def test_staff_credentials_in_the_clinics_own_voice():
    record = _page("<p>Our nurse practitioners and physician assistants supervise each IM "
                   "treatment.</p><h2>What is a CRNA?</h2><p>CRNA stands for Certified Registered"
                   " Nurse Anesthetist.</p>")
    assert sorted(record["credentials"]) == ["np", "pa"]
    assert all("Our nurse practitioners" in q for q in _quotes(record, "credentials"))


@pytest.mark.parametrize("text, credentials", [
    ("At our clinic a medical doctor prescribes your ketamine and a registered nurse gives it.",
     ["md", "rn"]),
    ("Our team includes board-certified anesthesiologists and a psychiatric nurse practitioner.",
     ["pmhnp", "board_certified_anesthesiology"]),
    ("Our Board Certified Psychiatric Mental Health Nurse Practitioner sees every patient.",
     ["pmhnp"]),
    ("Every infusion is given by psychiatric nurse practitioners, with an MD on call.",
     ["pmhnp", "md"]),
    ("A board certified anesthesiologist will evaluate the patient before the first infusion.",
     ["board_certified_anesthesiology"]),
    ("Board Certified Psychiatrists &amp; Counselors located in Oakbrook Terrace, IL",
     ["board_certified_psychiatry"]),
    ("Ketamine infusions should be given by a board-certified anesthesiologist or a CRNA.", []),
    ("At most clinics, infusions are administered by CRNAs.", []),
])
def test_staff_credentials_as_clinics_write_them_out(text, credentials):
    assert _page(f"<p>{text}</p>")["credentials"] == credentials


def test_a_pictures_caption_says_nothing_of_billing_but_an_insurers_logo_names_it():
    caption = _page("<h2>Insurance coverage for ketamine infusions</h2>"
                    "<ul><li><img src='a.jpg' alt='Insurance bill for ketamine infusion'></li>"
                    "<li>Our clinic is an out-of-network provider.</li></ul>")
    assert caption["insurance_accepted"] == "no"
    logos = _page("<h2>Insurance we accept</h2><ul><li><img src='c.png' alt='Cigna'></li>"
                  "<li><img src='a.png' alt='Aetna'></li></ul>")
    assert (logos["insurance_accepted"], logos["insurers"]) == ("yes", ["cigna", "aetna"])


def test_every_insurance_provider_is_no_talk_of_other_clinics():
    record = _page("<h2>Insurance</h2><p>The Spravato nasal spray is covered in-network "
                   "through Principium by every major insurance provider.</p>")
    assert record["insurance_accepted"] == "yes"
    others = _page("<h2>Insurance</h2><p>Every major ketamine provider accepts insurance.</p>")
    assert others.get("insurance_accepted", "unknown") == "unknown"


def test_the_clinics_own_record_since_a_year_still_claims_the_care():
    record = _page("<p>Edelica has offered ketamine infusions for PTSD since 2017, and we have "
                   "given thousands of treatments.</p>")
    assert record["conditions"] == ["ptsd"]
    history = _page("<p>We offer IV ketamine infusions.</p><p>Ketamine has been used for "
                    "depression research since 2000.</p>")
    assert history["conditions"] == []


def test_the_clinic_named_as_the_subject_speaks_for_itself_even_in_an_article():
    html = ("<html><head><title>SGB for PTSD | Edelica Health</title>"
            "<meta property='og:site_name' content='Edelica Health'>"
            "<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2024-02-01'></head><body>"
            "<article><h1>Why SGB?</h1><p>Edelica gives stellate ganglion blocks for PTSD in its "
            "Plano office.</p><p>Stellate ganglion blocks are often given for CRPS.</p>"
            "</article></body></html>")
    record = page_record(html, "https://edelica.example/blog/sgb")
    assert (record["name"], record["treatments"], record["conditions"]) == (
        "Edelica Health", ["sgb"], ["ptsd"])


@pytest.mark.parametrize("text, conditions", [
    ("IV ketamine infusions for depression and PTSD in Austin", ["depression", "ptsd"]),
    ("We see patients with OCD and with treatment-resistant depression.",
     ["ocd", "treatment_resistant_depression"]),
    ("Ketamine can help people living with PTSD, anxiety and OCD.", []),
    ("For fibromyalgia, the best course often looks like a series of one-hour infusions.", []),
    ("For depression, a ketamine treatment usually runs $600 per infusion.", ["depression"]),
    ("IV ketamine infusion therapy for trauma and for depression that resists treatment.",
     ["treatment_resistant_depression"]),
    ("For anyone living with severe depression, our Spravato treatment could make the "
     "difference.", []),
])
def test_only_the_clinics_own_voice_or_a_plain_line_of_its_care_claims_an_illness(text,
                                                                                 conditions):
    assert _page(f"<p>We offer ketamine care.</p><p>{text}</p>")["conditions"] == conditions


def test_a_long_list_item_that_describes_claims_no_illness():
    record = _page("<h3>How does it work?</h3><ul><li>Ketamine strengthens the branches that "
                   "chronic stress and depression have worn down, and makes more of them.</li>"
                   "<li>Depression</li></ul><p>We offer IV ketamine.</p>")
    assert record["conditions"] == ["depression"]
    assert all(q == "Depression" for q in _quotes(record, "conditions"))


def test_a_hedged_denial_of_coverage_refuses_nothing():
    record = _page("<p>Finding something that helps, only to learn your insurance might not pay "
                   "for it, can be maddening.</p>")
    assert record.get("insurance_accepted", "unknown") == "unknown"


@pytest.mark.parametrize("text, verdict, insurers", [
    ("Yes, we take most major plans, Aetna and Humana among them (there may be waiting lists).",
     "yes", ["aetna", "humana"]),
    ("We may be able to bill Aetna or Humana for you.", "unknown", []),
    ("We Accept All Insurances", "yes", []),
])
def test_insurance_taken_as_clinics_write_it_and_an_aside_hedges_nothing(text, verdict, insurers):
    record = _page(f"<h3>Is insurance accepted?</h3><p>{text}</p>")
    assert (record.get("insurance_accepted", "unknown"), record["insurers"]) == (verdict, insurers)


def test_the_pages_own_summary_names_the_illnesses_it_treats():
    head = "<html><head><meta name='description' content='{}'></head><body>"
    body = "<h1>Home</h1><p>We offer IV ketamine infusions in Charleston.</p></body></html>"
    record = page_record(head.format("Ketamine infusions for depression and PTSD in "
                                     "Charleston, SC.") + body, "https://x.example/")
    assert record["conditions"] == ["depression", "ptsd"]
    assert _quotes(record, "conditions")[0].startswith("Ketamine infusions for depression")
    general = page_record(head.format("Ketamine can help people with OCD.") + body,
                          "https://x.example/")
    assert general["conditions"] == []


@pytest.mark.parametrize("html", [
    "<h3>Potential benefits</h3><ul><li>Relief from PTSD</li><li>Relief from OCD</li></ul>",
    "<h3>James</h3><p>PTSD, 35</p><p>\u201cMy sessions changed everything.\u201d</p>",
])
def test_a_hedged_list_or_a_patients_byline_claims_no_illness(html):
    assert _page(f"<p>We offer Spravato.</p>{html}")["conditions"] == []


def test_paperwork_the_clinic_may_be_able_to_give_is_no_superbill():
    maybe = _page("<p>Our pricing is transparent, and we may be able to give you paperwork to "
                  "seek out-of-network reimbursement.</p>")
    assert maybe.get("superbill") is None
    given = _page("<p>We give you a superbill so you can seek out-of-network reimbursement.</p>")
    assert given["superbill"] is True
