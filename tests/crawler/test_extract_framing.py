"""How a page frames what it names: a list takes the framing of the words it hangs from, what
an illness or the drug does in general claims nothing, and a clinic placed in a town, a
clinician's board certification and a page's title are read as a person reads them."""
from __future__ import annotations

import pytest

from snippet_pages import evidence_quotes as _quotes, snippet_record as _page


@pytest.mark.parametrize("lead", [
    "Other areas where ketamine has proven effective include:",
    "Ketamine therapy may be advised against if any of these contraindications apply to you:",
    "Spravato can cause serious side effects, including:",
])
def test_a_list_under_general_or_warning_words_claims_no_condition(lead):
    record = _page(f"<p>We offer ketamine infusions.</p><p>{lead}</p>"
                   "<ul><li>Suicidal ideation</li><li>Anxiety</li><li>PTSD</li></ul>")
    assert record["conditions"] == []


def test_a_list_under_a_question_still_takes_its_lead_line():
    record = _page("<h3>What conditions can be treated with ketamine?</h3>"
                   "<p>Ketamine has proven effective for several conditions, for example:</p>"
                   "<ul><li>Bipolar depression</li><li>Obsessive-compulsive disorder (OCD)</li></ul>")
    assert record["conditions"] == []


def test_a_list_of_conditions_the_clinic_treats_is_claimed_with_its_items():
    record = _page("<h2>Conditions We Treat</h2>"
                   "<ul><li>Treatment-resistant depression</li><li>Post Traumatic Stress "
                   "Disorder</li></ul>")
    assert record["conditions"] == ["treatment_resistant_depression", "ptsd"]
    assert _quotes(record, "conditions") == ["Treatment-resistant depression",
                                             "Post Traumatic Stress Disorder"]


@pytest.mark.parametrize("text", [
    "Depression can lift right away, and one infusion may help for weeks.",
    "Patients with depression frequently notice a change within 3-4 treatments.",
    "For people with chronic pain, ketamine does much to lower pain signals.",
    "That may help mend neural pathways disrupted by depression and anxiety.",
    "Compulsions are the part of OCD made up of rituals that bring relief.",
    "For psychiatric conditions and chronic pain, a smaller dose is given as an infusion.",
    "Until lately, PTSD and severe anxiety were thought to come down to chemical imbalances.",
    "Ketamine therapy relies on low doses to treat several disorders, PTSD among them.",
    "SGB calms the overactive stress response that keeps PTSD going.",
    "Its use in fibromyalgia depends on how firmly it blocks NMDA receptors.",
    "Ketamine encourages new connections between brain cells in people with depression.",
    "Learn more about ketamine for anxiety.",
    "Pain conditions such as fibromyalgia and CRPS respond to ketamine in many patients.",
    "Chronic pain, CRPS and migraine often respond to ketamine when opioids fail.",
    "Traditional treatments for CRPS include physical therapy, nerve blocks and medication.",
    "For veterans, PTSD treatment options include trauma-focused therapy and medication.",
    "The idea of using SGB for PTSD dates back to a small series of patients.",
])
def test_what_an_illness_or_the_drug_does_in_general_claims_no_condition(text):
    assert _page(f"<p>{text}</p>")["conditions"] == []


def test_the_clinics_own_voice_still_claims_beside_mechanism_talk():
    text = "We offer SGB for PTSD; it calms the fight-or-flight response."
    assert _page(f"<p>{text}</p>")["conditions"] == ["ptsd"]


def test_patients_who_may_benefit_from_the_drug_are_no_claim():
    text = ("Patients with severe treatment-resistant depression and PTSD may benefit from "
            "ketamine infusions.")
    record = _page(f"<h3>What conditions does ketamine treat?</h3><p>{text}</p>")
    assert record["conditions"] == []
    own = "We give ketamine infusions to patients with treatment-resistant depression and PTSD."
    record = _page(f"<h3>What conditions does ketamine treat?</h3><p>{own}</p>")
    assert record["conditions"] == ["treatment_resistant_depression", "ptsd"]
    assert set(_quotes(record, "conditions")) == {own}


def test_a_to_help_with_heading_lists_what_the_clinic_treats():
    record = _page("<h3>To Help With</h3><h2>Anxiety and PTSD</h2><p>Sessions run weekly.</p>")
    assert record["conditions"] == ["anxiety", "ptsd"]


def test_the_clinic_placed_in_a_town_gives_city_and_state():
    text = ("Each ketamine infusion is given at our state-of-the-art facility in Culver City in "
            "Los Angeles, California.")
    record = _page(f"<p>{text}</p>")
    assert (record["city"], record["state"]) == ("Culver City", "CA")


@pytest.mark.parametrize("text", [
    "Treatment for depression in Spokane Washington is close to home.",
    "We serve patients from Denver, Colorado and Cheyenne, Wyoming.",
    "Our office is in Springfield, Illinois and our other office is in Austin, Texas.",
])
def test_a_service_area_or_two_towns_give_no_city(text):
    record = _page(f"<p>{text}</p>")
    assert record.get("city") is None and record.get("state") is None


def test_a_board_certification_before_a_named_clinician_is_a_staff_credential():
    text = ("At the Ketamine Treatment Center, board-certified psychiatrist Richard Jackson, MD, "
            "offers ketamine infusions.")
    record = _page(f"<p>{text}</p>")
    assert "board_certified_psychiatry" in record["credentials"]
    assert any(e["value"] == "board_certified_psychiatry" and e["quote"] == text
               for e in record["evidence"]["credentials"])


def test_an_infusion_named_beside_other_treatments_on_a_ketamine_page_is_iv_ketamine():
    record = _page("<p>Ketamine care, tailored to you.</p>"
                   "<p>The options I offer are Spravato (nasal spray), IM and IV infusion.</p>")
    assert "iv_ketamine" in record["treatments"]
    contrasted = _page("<p>Ketamine care, tailored to you.</p>"
                       "<p>Spravato is a nasal spray, taken rather than an IV infusion.</p>")
    assert "iv_ketamine" not in contrasted["treatments"]


@pytest.mark.parametrize("title", [
    "Start Ketamine Therapy in Three Easy Steps", "Book Your Ketamine Consultation Today",
    "Intravenous (IV) Ketamine Therapy | Portland, Oregon", "Ketamine Treatment - Knowledge Base",
    "Fibromyalgia | Ketamine Therapy", "Online Ketamine Therapy: How Virtual Treatment Works",
])
def test_a_title_that_is_a_call_to_action_or_a_place_names_no_clinic(title):
    assert _page("<p>Call us.</p>", f"<title>{title}</title>").get("name") is None


def test_a_one_part_title_that_reads_like_a_practice_names_it():
    assert _page("<p>Call us.</p>", "<title>Juniper Ketamine Clinic</title>")["name"] == \
        "Juniper Ketamine Clinic"


def test_condition_headings_under_a_question_of_what_the_drug_treats_are_not_claimed():
    record = _page("<h2>Which conditions can Spravato treat?</h2>"
                   "<h3>Treatment-resistant depression</h3><p>Two medicines have not helped.</p>"
                   "<h3>Suicidal ideation</h3><p>Thoughts of ending one's life.</p>")
    assert record["conditions"] == []


def test_a_list_item_that_is_a_sentence_is_judged_as_one():
    record = _page("<h3>What is ketamine therapy?</h3><ul>"
                   "<li>Anaesthesia uses a full dose of ketamine to put a patient to sleep.</li>"
                   "<li>The protocol for depression, trauma or chronic pain, however, uses a far "
                   "smaller dose.</li></ul>")
    assert record["conditions"] == []
    treated = _page("<p>Our clinics treat pain conditions such as:</p><ul>"
                    "<li>Complex Regional Pain Syndrome (CRPS, formerly known as RSD)</li></ul>")
    assert treated["conditions"] == ["crps"]


def test_no_promise_of_coverage_refuses_no_insurance():
    record = _page("<p>We cannot promise that your insurer will cover or pay any charges, but "
                   "we can tell you whether your infusions may be covered.</p>")
    assert record.get("insurance_accepted", "unknown") == "unknown"
    refused = _page("<p>Ketamine infusions are not covered by insurance.</p>")
    assert refused["insurance_accepted"] == "no"


@pytest.mark.parametrize("text", [
    "You have probably spent hours weighing different depression treatments already.",
    "The Dallas Center for Advanced Depression Treatments opened its doors this year.",
])
def test_an_illness_naming_other_care_is_no_condition(text):
    assert _page(f"<p>We offer ketamine infusions. {text}</p>")["conditions"] == []


@pytest.mark.parametrize("html, conditions", [
    ("<p>Harbor Light Ketamine offers IV ketamine infusions for depression and PTSD.</p>",
     ["depression", "ptsd"]),
    ("<p>Pinegate Psychiatry &amp; Wellness provides ketamine-assisted therapy for OCD.</p>",
     ["ocd"]),
    ("<p>IV Ketamine Therapy provides rapid relief from depression.</p>", []),
    ("<p>Janssen Pharmaceuticals offers support to people with depression.</p>", []),
])
def test_a_sentence_opening_with_a_practices_name_speaks_for_it(html, conditions):
    assert _page(html)["conditions"] == conditions


@pytest.mark.parametrize("html, conditions", [
    ("<h2>Stellate Ganglion Block for PTSD in San Diego</h2><p>Call to book.</p>", ["ptsd"]),
    ("<h2>Ketamine Treatment for Depression near Boise, ID</h2><p>Call to book.</p>",
     ["depression"]),
    ("<h2>Our Services</h2><h3>Ketamine Infusion Therapy</h3>"
     "<p>For depression, anxiety, PTSD and OCD.</p>", ["depression", "anxiety", "ptsd", "ocd"]),
    ("<h2>What we treat</h2><p>Depression &middot; Anxiety &middot; PTSD &middot; Chronic Pain "
     "&middot; Fibromyalgia</p>", ["depression", "anxiety", "ptsd", "chronic_pain",
                                   "fibromyalgia"]),
    ("<h3>Ketamine vs. SSRIs</h3><p>For depression and anxiety.</p>", []),
])
def test_a_service_title_is_read_with_its_place_and_the_line_that_finishes_it(html, conditions):
    assert _page(html)["conditions"] == conditions


@pytest.mark.parametrize("html, treatments, conditions", [
    ("<p>We offer KAP. This differs from IV ketamine, a medical model, for treating depression."
     "</p><p>In contrast to IV ketamine infusions, KAP is a relational experience.</p>",
     ["ketamine_assisted_psychotherapy"], []),
    ("<p>Looking for help with depression and anxiety is a lot to take on, and we understand "
     "that.</p>", [], []),
    ("<p>It lets the fear center calm down, which tends to help anxiety.</p>", [], []),
    ("<p>The pain center offers ketamine infusions for CRPS.</p>", ["iv_ketamine"], ["crps"]),
])
def test_contrasts_sympathy_and_the_brain_are_not_the_clinics_care(html, treatments, conditions):
    record = _page(html)
    assert (record["treatments"], record["conditions"]) == (treatments, conditions)


def test_an_accordions_panels_are_the_clinics_own_and_their_leads_frame_their_lists():
    html = ('<main><ul><li class="accordion-item"><h4><button aria-expanded="false">How do we '
            'take payment and insurance?</button></h4><div><p>We take most major insurance plans,'
            ' Aetna and Humana among them.</p><p>KAP is not medically appropriate for anyone '
            'with any of the following:</p><ul><li>Bipolar disorder with severe mania</li></ul>'
            '<p>Signs of major depression include:</p><ul><li>Suicidal thoughts</li></ul>'
            '</div></li></ul></main>')
    record = _page(html)
    assert (record["insurance_accepted"], record["insurers"]) == ("yes", ["aetna", "humana"])
    assert record["conditions"] == []


@pytest.mark.parametrize("html", [
    "<h2>What Conditions Do They Treat?</h2><ul><li>Anxiety and PTSD</li><li>CRPS</li></ul>",
    "<p>Kinds of neuropathic pain syndromes:</p><ul><li>CRPS</li><li>Migraines</li></ul>",
    "<h2>How Esketamine for Depression Is Administered</h2><p>Each dose is self-given.</p>",
    "<p>Even though treatments for anxiety disorders exist, many patients keep having "
    "symptoms.</p>",
])
def test_what_the_blocks_treat_kinds_of_an_illness_and_how_care_works_are_no_claim(html):
    assert _page("<p>We offer SGB and Spravato.</p>" + html)["conditions"] == []


@pytest.mark.parametrize("question, conditions", [
    ("What conditions can you treat?", ["depression", "crps", "fibromyalgia"]),
    ("What conditions can ketamine treat?", []),
])
def test_the_answer_to_a_question_put_to_the_clinic_speaks_for_it(question, conditions):
    html = (f"<h3>{question}</h3><p>People with severe depression, complex regional pain "
            "syndrome (CRPS/RSD) or debilitating fibromyalgia.</p>")
    assert _page(html)["conditions"] == conditions


@pytest.mark.parametrize("text, conditions", [
    ("Since 2009, Dr. Mulvaney has been both doing SGB for PTSD and researching it.", ["ptsd"]),
    ("KAP is provided, with a prescribing physician, to people with depression and anxiety.",
     ["depression", "anxiety"]),
    ("Spravato is provided only through certified centers to adults with treatment-resistant "
     "depression.", []),
])
def test_a_clinician_by_name_and_care_offered_in_the_passive_speak_for_the_clinic(text, conditions):
    assert _page(f"<p>{text}</p>")["conditions"] == conditions
