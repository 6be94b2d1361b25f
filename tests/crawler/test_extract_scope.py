"""What a claim reaches: a disclaimer about results neither offers nor denies the care it
names, and an answered question is judged with its question."""
from __future__ import annotations

import pytest

from crawler.extract import page_record
from snippet_pages import snippet_record as _page


def test_a_disclaimer_about_results_neither_claims_nor_denies_a_condition():
    record = _page("<p>We treat depression with a series of ketamine infusions. No clinic can "
                   "promise results for depression or CRPS, yet many of our patients improve.</p>")
    assert record["conditions"] == ["depression"]


def test_a_yes_answers_the_question_it_follows():
    record = _page("<h3>Do you treat PTSD with ketamine?</h3><p>Yes.</p>")
    assert record["conditions"] == ["ptsd"]
    refused = _page("<h3>Do you treat OCD with ketamine?</h3><p>No.</p>")
    assert refused["conditions"] == []


@pytest.mark.parametrize("heading, token", [
    ("Ketamine for Depression", "depression"),
    ("Low-Dose Ketamine Infusions for Nerve Pain:", "neuropathic_pain"),
    ("PTSD FAQs", "ptsd"),
])
def test_a_heading_that_names_care_for_an_illness_claims_it(heading, token):
    record = _page(f"<h1>Start here</h1><h2>{heading}</h2><p>Sessions last an hour.</p>")
    assert record["conditions"] == [token]


@pytest.mark.parametrize("heading", [
    "Depression", "Can ketamine ease anxiety?", "Why depression is harder to treat in winter",
])
def test_a_heading_that_only_names_an_illness_or_asks_claims_nothing(heading):
    record = _page(f"<h1>Start here</h1><h2>{heading}</h2><p>Sessions last an hour.</p>")
    assert record["conditions"] == []


def test_a_page_titled_by_an_illness_claims_it():
    record = _page("<h1>Treatment-Resistant Depression</h1><p>Sessions last an hour.</p>")
    assert record["conditions"] == ["treatment_resistant_depression"]


@pytest.mark.parametrize("lead", [
    "Conditions we do not treat at this clinic:", "Who is not a good fit for ketamine care:",
    "Services we no longer offer:",
])
def test_a_list_that_hangs_from_a_denial_claims_none_of_its_items(lead):
    record = _page("<p>We treat depression with ketamine infusions.</p>"
                   f"<p>{lead}</p><ul><li>Bipolar depression</li><li>IM ketamine</li></ul>")
    assert record["conditions"] == ["depression"]
    assert record["treatments"] == ["iv_ketamine"]


def test_patients_with_an_illness_who_benefit_are_a_claim_and_a_hedge_is_none():
    record = _page("<p>Patients with complex regional pain syndrome benefit from a series.</p>")
    assert record["conditions"] == ["crps"]
    hedged = _page("<p>Some patients with complex regional pain syndrome may also be helped.</p>")
    assert hedged["conditions"] == []
    general = _page("<p>Patients with fibromyalgia often sleep poorly.</p>")
    assert general["conditions"] == []
    described = _page("<p>People whose neuropathic pain is poorly controlled by nerve blocks or "
                      "injections.</p>")
    assert described["conditions"] == []


def test_routes_set_side_by_side_imply_no_infusion_unless_the_clinic_gives_them():
    weighed = _page("<p>Ketamine dosing is our craft.</p><p>Of those, the pair that gives the "
                    "steadiest dose is intravenous (IV) and intramuscular (IM) delivery.</p>")
    assert "iv_ketamine" not in weighed["treatments"]
    given = _page("<p>Ketamine dosing is our craft.</p><p>We give each dose by intravenous "
                  "(IV) drip or by intramuscular (IM) shot, as you prefer.</p>")
    assert "iv_ketamine" in given["treatments"]


def test_the_only_treatment_the_clinic_gives_leaves_the_others_it_names_unclaimed():
    record = _page("<p>Over the years our team gave IV ketamine and IM ketamine to many "
                   "patients.</p><p>Today the only ketamine treatment we provide is Spravato, "
                   "which insurance covers.</p>")
    assert record["treatments"] == ["esketamine_spravato"]


def test_a_clause_after_a_semicolon_carries_on_the_sentence_before_it():
    record = _page("<p>Our ketamine infusions treat mood and pain disorders; the ones we see "
                   "most are depression and fibromyalgia.</p>")
    assert record["conditions"] == ["depression", "fibromyalgia"]
    assert record["evidence"]["conditions"][0]["quote"].startswith("Our ketamine infusions")
    general = _page("<p>Ketamine infusion therapy is used to treat mood and pain disorders; the "
                    "ones seen most are depression and fibromyalgia.</p>")
    assert general["conditions"] == []


@pytest.mark.parametrize("sentence", [
    "IV ketamine therapy is an option that supports people living with OCD and PTSD.",
    "Intravenous (IV) infusion therapy is an option for people with chronic pain.",
    "Infusions can bring quick relief from depression, including treatment-resistant depression.",
    "Spravato therapy, also called esketamine therapy, is a newer option for treatment-resistant "
    "depression.",
    "Ketamine Infusion Therapy means using ketamine to treat depression and PTSD.",
    "Its purpose is to help those facing hard-to-treat depression and anxiety.",
    "Under medical coverage, ketamine therapy is included as care aimed at depression and PTSD.",
    "Behavioral health coverage opens the door to talk therapy for anxiety and depression.",
])
def test_what_the_therapy_or_a_coverage_does_in_general_claims_no_condition(sentence):
    record = _page(f"<p>Book a consultation with our team.</p><p>{sentence}</p>")
    assert record["conditions"] == []


def test_the_clinic_giving_the_therapy_for_an_illness_still_claims_it():
    record = _page("<p>Our IV ketamine therapy is an option for people living with OCD.</p>")
    assert record["conditions"] == ["ocd"]


def test_staff_placed_here_at_the_clinic_give_it_their_credential():
    record = _page("<p>Both CRNAs here at Juniper have years of practice with sedation.</p>")
    assert record["credentials"] == ["crna"]
    defined = _page("<p>CRNAs are nurses trained in anesthesia across the country.</p>")
    assert defined["credentials"] == []


def test_an_insurer_refused_in_one_column_of_a_table_is_accepted_in_another():
    record = _page("<h2>Insurance we accept</h2><table>"
                   "<tr><th></th><th>Reno</th><th>Boise</th></tr>"
                   "<tr><td>Cigna</td><td>N/A</td><td>Behavioral health</td></tr>"
                   "<tr><td>Humana</td><td>N/A</td><td>N/A</td></tr></table>")
    assert record["insurance_accepted"] == "yes"
    assert record["insurers"] == ["cigna"]


def test_a_covered_label_under_a_treatments_heading_ties_insurance_to_that_treatment():
    record = _page("<h1>Spravato Therapy in Reno</h1><ul><li>Covered By Insurance</li></ul>")
    assert record["insurance_accepted"] == "yes"
    assert record["insurance_treatments"] == ["esketamine_spravato"]


def test_a_fact_list_that_says_the_drug_is_covered_is_no_label_of_the_clinics_billing():
    record = _page("<h1>Spravato Therapy in Reno</h1><ul><li>Spravato has FDA approval and is "
                   "covered by insurance.</li><li>Sessions last two hours.</li></ul>")
    assert record.get("insurance_accepted", "unknown") == "unknown"


def test_credentialing_with_insurers_under_an_insurance_heading_is_a_yes():
    record = _page("<h2>Insurance coverage</h2><p>Our billing team has finished the "
                   "credentialing process in each state where we have a clinic.</p>")
    assert record["insurance_accepted"] == "yes"


def test_care_that_patients_went_through_elsewhere_is_not_offered():
    record = _page("<p>Our IM ketamine suits patients who have found IV ketamine hard to sit "
                   "through, or who got side effects from oral ketamine.</p>")
    assert record["treatments"] == ["im_ketamine"]


@pytest.mark.parametrize("said, token", [
    ("treatment-refractory depression", "treatment_resistant_depression"),
    ("bipolar disorder", "bipolar_depression"),
    ("reflex sympathetic dystrophy", "crps"),
])
def test_conditions_as_clinics_spell_them(said, token):
    assert _page(f"<p>We treat {said} with ketamine infusions.</p>")["conditions"] == [token]


def test_a_table_that_sets_treatments_side_by_side_offers_neither():
    record = _page("<p>Our team gives Spravato in the office.</p>"
                   "<h3>Spravato vs. IV Ketamine Infusions</h3><table>"
                   "<tr><td></td><td>Spravato</td><td>IV ketamine infusion</td></tr>"
                   "<tr><td>Needle</td><td>No</td><td>Yes</td></tr></table>")
    assert record["treatments"] == ["esketamine_spravato"]


@pytest.mark.parametrize("section", ["Conditions", "Conditions We Treat", "How We Can Help",
                                     "What conditions do you treat?"])
def test_cards_under_a_heading_of_the_clinics_own_care_are_claimed(section):
    record = _page(f"<h2>{section}</h2><h3>Anxiety</h3><p>Worry that does not let go.</p>"
                   "<h3>OCD</h3><p>Rituals that take over the day.</p>")
    assert record["conditions"] == ["anxiety", "ocd"]


@pytest.mark.parametrize("section", ["Ketamine Can Help With", "What Ketamine Treats",
                                     "Which conditions can Spravato treat?"])
def test_cards_under_a_heading_of_what_the_drug_treats_are_not_claimed(section):
    record = _page(f"<h2>{section}</h2><h3>Anxiety</h3><p>Worry that does not let go.</p>"
                   "<h3>OCD</h3><p>Rituals that take over the day.</p>")
    assert record["conditions"] == []


@pytest.mark.parametrize("framing", [
    "<h3>What can ketamine treat?</h3>",
    "<h3>Which conditions does SGB treat?</h3>",
    "<h3>Who can benefit from ketamine therapy?</h3>",
    "<h3>Conditions that respond to ketamine</h3>",
    "<p>The main uses of ketamine therapy are:</p>",
    "<p>Stellate ganglion block is indicated for pain syndromes such as:</p>",
    "<p>Further conditions that stellate ganglion block may treat:</p>",
    "<h3>Ketamine Can Be Effective in Treating:</h3>",
    "<p>Ketamine opens another road to relief. It does especially well for:</p>",
    "<p>Spravato behaves much like ketamine and works particularly well for:</p>",
])
def test_a_list_of_what_the_drug_or_the_block_treats_claims_nothing(framing):
    record = _page(f"<h2>About ketamine</h2>{framing}<ul><li>Depression</li><li>PTSD</li>"
                   "<li>Fibromyalgia</li></ul>")
    assert record["conditions"] == []


@pytest.mark.parametrize("framing", [
    "<h3>What conditions do you treat?</h3>",
    "<h3>Conditions We Treat</h3>",
    "<p>We help patients with:</p>",
    "<h3>What can ketamine treat?</h3><p>At our clinic we treat:</p>",
])
def test_a_list_the_clinic_frames_as_its_own_is_claimed(framing):
    record = _page(f"<h2>About ketamine</h2>{framing}<ul><li>Depression</li><li>PTSD</li></ul>")
    assert record["conditions"] == ["depression", "ptsd"]


def test_a_sentence_in_the_clinics_voice_under_a_question_about_the_drug_still_claims():
    record = _page("<h3>What does ketamine treat?</h3><ul><li>Mild illness is best served by "
                   "talk therapy. The Juniper Ketamine Clinic concentrates on people with "
                   "treatment-resistant depression and OCD.</li></ul>")
    assert record["conditions"] == ["treatment_resistant_depression", "ocd"]


@pytest.mark.parametrize("sentence", [
    "Stellate ganglion blocks serve to treat pain conditions such as CRPS and PTSD.",
    "A stellate ganglion block (SGB) is an injection that can ease PTSD and nerve pain.",
    "Beyond CRPS, these blocks have been used with success against PTSD.",
    "The treatment is widely used to manage depression, anxiety and chronic pain.",
])
def test_what_the_block_or_the_treatment_does_in_general_claims_no_condition(sentence):
    assert _page(f"<p>{sentence}</p>")["conditions"] == []


def test_the_clinic_offering_the_block_for_an_illness_claims_it():
    record = _page("<p>Our clinic offers stellate ganglion blocks for PTSD and anxiety.</p>")
    assert record["treatments"] == ["sgb"]
    assert record["conditions"] == ["ptsd", "anxiety"]


def test_a_block_service_titled_for_an_illness_claims_it():
    record = _page("<h1>Stellate Ganglion Injection For PTSD</h1>"
                   "<p>The stellate ganglion is a bundle of nerves in the neck.</p>")
    assert record["conditions"] == ["ptsd"]


def test_respiratory_depression_is_no_illness_the_clinic_treats():
    record = _page("<p>Our infusions use ketamine, which causes little respiratory depression "
                   "at these doses.</p>")
    assert record["conditions"] == []


def test_an_infusion_beside_ketamine_in_one_sentence_is_a_ketamine_infusion():
    record = _page("<p>You likely have questions about ketamine therapy: how the infusion works "
                   "and what a visit costs.</p>")
    assert record["treatments"] == ["iv_ketamine"]
    contrasted = _page("<p>KAP with a therapist is what sets our ketamine care apart from IV "
                       "ketamine infusions.</p>")
    assert "iv_ketamine" not in contrasted["treatments"]


def test_a_route_named_before_assisted_therapy_gives_both_treatments():
    record = _page("<h1>Oral Ketamine Assisted Therapy at Home</h1><p>Sessions run weekly.</p>")
    assert record["treatments"] == ["oral_ketamine", "ketamine_assisted_psychotherapy"]


def test_a_bare_im_listed_beside_a_ketamine_treatment_is_im_ketamine():
    record = _page("<p>Ketamine care, tailored to you.</p>"
                   "<p>The options I offer are Spravato (nasal spray), IM and IV infusion.</p>")
    assert set(record["treatments"]) == {"esketamine_spravato", "im_ketamine", "iv_ketamine"}
    refused = _page("<p>We give IV ketamine infusions, not IM shots.</p>")
    assert refused["treatments"] == ["iv_ketamine"]


def test_an_infusions_length_is_not_a_count_of_infusions():
    record = _page("<p>A ketamine infusion for depression is $500. A four-hour infusion for pain "
                   "is $900.</p>")
    assert (record["price_min_usd"], record["price_max_usd"]) == (500, 900)


def test_a_visit_held_online_or_in_person_is_telehealth():
    record = _page("<p>Book a consultation with our doctor, held online or in person.</p>")
    assert record["telehealth"] is True


def test_a_yes_to_whether_the_care_works_for_an_illness_claims_it():
    record = _page("<h3>Does it work for OCD?</h3><p>Yes. Many of our patients find "
                   "relief.</p>")
    assert record["conditions"] == ["ocd"]
    refused = _page("<h3>Does it work for OCD?</h3><p>No. It is not a fit for that.</p>")
    assert refused["conditions"] == []


@pytest.mark.parametrize("html, token", [
    ("<p>Dr. Lena Marsh is a board-certified anesthesiologist who sees every patient.</p>",
     "board_certified_anesthesiology"),
    ("<h3>Dr. Omar Reyes</h3><p>Board-Certified Psychiatrist</p>", "board_certified_psychiatry"),
])
def test_credentials_as_running_text_and_name_cards_give_them(html, token):
    assert _page(html)["credentials"] == [token]


def test_a_practice_that_works_with_insurers_accepts_them():
    record = _page("<p>Our practice works with Aetna and UnitedHealthcare.</p>")
    assert record["insurance_accepted"] == "yes"
    assert record["insurers"] == ["aetna", "unitedhealthcare"]


def test_a_bare_value_under_a_question_still_takes_the_question_as_its_label():
    assert _page("<h3>Do you offer payment plans?</h3><p>Available</p>")["payment_plans"] is True
    assert _page("<h3>Do you offer payment plans?</h3><p>No.</p>")["payment_plans"] is False


@pytest.mark.parametrize("text, place", [
    ("Located in Scottsdale, Arizona", ("Scottsdale", "AZ")),
    ("We're conveniently located in Bend, OR and see patients weekly.", ("Bend", "OR")),
    ("Patients located in Boise, Idaho can book online.", (None, None)),
    ("Practising as a psychiatrist in Washington, D.C., I have given ketamine for years.",
     ("Washington", "DC")),
    ("I practice in Austin, TX and see adults only.", ("Austin", "TX")),
    ("Patients practising yoga in Austin, TX often ask us.", (None, None)),
])
def test_a_clinic_that_says_where_it_is_located_gives_its_town(text, place):
    record = _page(f"<p>{text}</p>")
    assert (record.get("city"), record.get("state")) == place


def test_a_hospitals_switchboard_is_not_the_clinics_phone():
    record = _page("<p>Infusions take place at Mercy Hospital, main line (512) 555-0199.</p>"
                   "<p>Book with us at 512-555-0101.</p>")
    assert record["phone"] == "+15125550101"


def test_a_copyright_line_split_by_bars_names_the_holder():
    record = _page("<footer><p>Copyright 2023 | Cedar Ridge Wellness | Privacy Policy</p></footer>",
                   "<title>Book Now</title>")
    assert record["name"] == "Cedar Ridge Wellness"


def test_a_billing_clause_takes_the_treatment_its_sentence_names():
    record = _page("<p>Ketamine infusions are not covered by insurance. Spravato is covered by "
                   "most insurance plans and we bill your insurance directly.</p>")
    assert record["insurance_accepted"] == "yes"
    assert record["insurance_treatments"] == ["esketamine_spravato"]


@pytest.mark.parametrize("text", [
    "If you are interested in Spravato, we can refer you to a provider who gives it.",
    "Our sister clinic across town offers Spravato.",
])
def test_care_the_clinic_sends_patients_elsewhere_for_is_not_offered(text):
    record = _page(f"<p>We offer IV ketamine infusions.</p><p>{text}</p>")
    assert record["treatments"] == ["iv_ketamine"]


def test_what_a_treatment_is_does_not_say_the_clinic_gives_it():
    defined = _page("<p>We offer IV ketamine infusions.</p><h3>What is Spravato?</h3>"
                    "<p>Spravato is an esketamine nasal spray taken under supervision.</p>")
    assert defined["treatments"] == ["iv_ketamine"]
    given = _page("<p>Spravato is a nasal spray we give in our office twice a week.</p>")
    assert given["treatments"] == ["esketamine_spravato"]


@pytest.mark.parametrize("text", [
    "We accept insurance for the initial consultation. Infusions are self-pay.",
    "Our psychiatric evaluations are billed to insurance; ketamine infusions are cash pay.",
])
def test_insurance_for_a_consultation_alone_is_no_yes_for_the_treatments(text):
    assert _page(f"<p>{text}</p>")["insurance_accepted"] == "no"


def test_insurance_for_a_treatment_beside_other_care_is_a_yes():
    record = _page("<p>We accept insurance for psychiatric care and for Spravato.</p>")
    assert record["insurance_accepted"] == "yes"
    assert record["insurance_treatments"] == ["esketamine_spravato"]


def test_a_teaser_under_a_linked_article_title_claims_nothing():
    record = _page("<p>We give ketamine infusions for depression.</p>"
                   "<h2>Latest thinking</h2>"
                   "<h3><a href='/ptsd-and-ketamine'>What Ketamine Could Mean for Veterans With PTSD</a></h3>"
                   "<p>Veterans with PTSD are finding relief with ketamine therapy.</p>"
                   "<h3><a href='/ocd'>Can ketamine ease OCD?</a></h3>"
                   "<p>Ketamine treatment for OCD is drawing interest.</p>")
    assert record["conditions"] == ["depression"]


def test_a_service_card_that_links_to_its_page_still_claims():
    record = _page("<h2>Our treatments</h2><h3><a href='/spravato'>Spravato</a></h3>"
                   "<p>Esketamine nasal spray given in our office.</p>")
    assert record["treatments"] == ["esketamine_spravato"]


@pytest.mark.parametrize("heading", [
    "Related Articles", "You might also like", "More posts", "Latest news", "Further reading",
])
def test_a_related_reading_strip_claims_nothing(heading):
    record = _page("<p>We offer IV ketamine infusions.</p>"
                   f"<h2>{heading}</h2><h3>Ketamine for PTSD</h3>"
                   "<p>How stellate ganglion block therapy may ease trauma symptoms.</p>")
    assert record["conditions"] == []
    assert record["treatments"] == ["iv_ketamine"]


def test_a_dated_article_offers_only_what_the_clinic_says_it_gives():
    head = ("<title>Ketamine cost guide | Juniper Ketamine Clinic</title>"
            "<meta property='article:published_time' content='2025-03-02'>")
    body = ("<h1>What ketamine costs</h1><h2>Spravato for treatment-resistant depression</h2>"
            "<p>Esketamine nasal spray sessions cost less with insurance.</p>"
            "<p>At our clinic we give IV ketamine infusions for anxiety.</p>")
    record = _page(body, head)
    assert record["treatments"] == ["iv_ketamine"]
    assert record["conditions"] == ["anxiety"]


def test_a_page_kept_with_the_blog_posts_is_an_article():
    from crawler.extract import page_record
    html = ("<html><body><main><h1>Ketamine and PTSD</h1><h2>Ketamine Infusions for PTSD</h2>"
            "<p>Infusion therapy for PTSD has drawn attention.</p></main></body></html>")
    assert page_record(html, "https://clinic.example/blog/ketamine-ptsd")["conditions"] == []
    assert page_record(html, "https://clinic.example/ketamine-ptsd")["conditions"] == ["ptsd"]


@pytest.mark.parametrize("sentence", [
    "Many clinics offer Spravato alongside infusions.",
    "A good provider administers IV ketamine with monitoring.",
    "Some physicians use ketamine for migraine.",
])
def test_what_clinics_in_general_do_is_not_this_clinics_voice(sentence):
    from crawler.extract.claims import in_own_voice
    from crawler.extract.statements import Statement
    assert not in_own_voice(Statement(sentence))


@pytest.mark.parametrize("sentence", [
    "The clinic offers Spravato alongside infusions.",
    "Our physicians administer IV ketamine with monitoring.",
    "We use ketamine for migraine.",
])
def test_this_clinic_speaking_of_its_care_is_its_own_voice(sentence):
    from crawler.extract.claims import in_own_voice
    from crawler.extract.statements import Statement
    assert in_own_voice(Statement(sentence))


@pytest.mark.parametrize("body", [
    "<p>Ketamine clinics commonly treat depression, anxiety and PTSD with infusions.</p>",
    "<h3>How do I choose a ketamine clinic?</h3><p>Look for a clinic that offers Spravato and "
    "that treats PTSD.</p>",
    "<p>Most providers give IV ketamine for chronic pain.</p>",
    "<p>For pain conditions, treatment is five infusions at a ketamine clinic over five days.</p>",
])
def test_what_clinics_in_general_offer_is_not_claimed(body):
    record = _page(body)
    assert record["treatments"] == [] and record["conditions"] == []


def test_unlike_most_clinics_we_offer_is_a_claim():
    record = _page("<p>Unlike most clinics, we offer stellate ganglion block for PTSD.</p>")
    assert record["treatments"] == ["sgb"]
    assert record["conditions"] == ["ptsd"]


def test_what_most_clinics_do_about_insurance_is_no_verdict():
    assert _page("<p>Most ketamine clinics do not accept insurance.</p>")[
        "insurance_accepted"] == "unknown"
    record = _page("<p>Most ketamine clinics do not accept insurance, but we do: we bill Aetna.</p>")
    assert record["insurance_accepted"] == "yes"
    assert record["insurers"] == ["aetna"]


def test_what_a_patient_may_feel_during_a_session_is_no_condition():
    record = _page("<p>Some patients feel anxiety during the infusion; it passes quickly.</p>")
    assert record["conditions"] == []


def test_an_article_on_paying_for_ketamine_states_no_payment_facts_of_its_own():
    from crawler.extract import page_record
    html = ("<html><head><title>Paying for ketamine | Juniper Ketamine Clinic</title></head><body>"
            "<main><h1>Paying for ketamine</h1>"
            "<p>A guide to reimbursement and to getting ketamine paid for by insurance.</p>"
            "<p>Private financing can also help with the cost.</p></main></body></html>")
    record = page_record(html, "https://clinic.example/blog/paying-for-ketamine")
    assert record["insurance_accepted"] == "unknown"
    assert record["payment_plans"] is None


def test_a_partnership_with_the_va_accepts_it():
    record = _page("<p>Our new partnership with the Veterans Administration lets us give "
                   "ketamine therapy to veterans.</p>")
    assert record["insurance_accepted"] == "yes"
    assert record["insurers"] == ["va"]


def test_an_illness_a_questionnaire_measures_is_no_claim():
    record = _page("<p>We give ketamine infusions. Our providers track symptoms with the "
                   "PHQ-9 for depression and the PCL-5 checklist for PTSD.</p>")
    assert record["treatments"] == ["iv_ketamine"]
    assert record["conditions"] == []


def test_a_treatment_set_against_the_clinics_own_is_not_offered():
    record = _page("<p>Our ketamine infusions run through an IV, whereas esketamine, also "
                   "called Spravato, is sprayed into the nose.</p>")
    assert record["treatments"] == ["iv_ketamine"]
    record = _page("<p>We give ketamine infusions, while Spravato is taken as a nasal spray.</p>")
    assert record["treatments"] == ["iv_ketamine"]


def test_patients_set_side_by_side_are_still_cared_for():
    record = _page("<p>We give ketamine infusions. A lighter schedule suits some patients, while "
                   "CRPS calls for a longer course of infusions.</p>")
    assert record["conditions"] == ["crps"]


def test_an_article_teaser_ending_in_read_more_claims_nothing():
    record = _page("<p>We give ketamine infusions.</p>"
                   "<h3>Why Ketamine Works for Veterans With PTSD</h3>"
                   "<p>Ketamine therapy brings relief to PTSD.</p><a href='/ptsd'>Read more</a>")
    assert record["conditions"] == []
    card = _page("<h2>Spravato</h2><p>We offer Spravato for depression.</p>"
                 "<a href='/spravato'>Read more</a>")
    assert card["treatments"] == ["esketamine_spravato"]
    assert card["conditions"] == ["depression"]


def test_what_ketamine_holds_promise_for_is_no_claim():
    record = _page("<p>Few treatments for depression and anxiety hold as much promise as "
                   "ketamine.</p><p>Ketamine is a promising therapy for OCD.</p>")
    assert record["conditions"] == []


def test_plans_covering_a_drug_the_office_does_not_bill_for_is_no_yes():
    record = _page("<h3>Is the medicine covered?</h3><p>Most health plans cover Spravato, and "
                   "our office does not bill for generic ketamine at all.</p>")
    assert record["insurance_accepted"] == "unknown"


@pytest.mark.parametrize("sentence", [
    "We hand you statements you can send to your PPO plan to ask for reimbursement.",
    "Our front desk prints receipts for you to send your insurer for reimbursement.",
])
def test_a_statement_for_reimbursement_is_a_superbill(sentence):
    record = _page(f"<h3>Do you take insurance?</h3><p>No. {sentence}</p>")
    assert record["insurance_accepted"] == "no"
    assert record["superbill"] is True


def test_insurance_for_the_preparation_sessions_is_no_yes_for_the_dosing():
    record = _page("<p>We offer ketamine-assisted psychotherapy with lozenges. We schedule two "
                   "KAP preparation sessions. They run as a usual therapy hour and can be billed "
                   "to your insurance.</p>")
    assert record["insurance_accepted"] == "unknown"
    billed = _page("<p>KAP preparation sessions and the Spravato treatments themselves are "
                   "billed to your insurance.</p>")
    assert billed["insurance_accepted"] == "yes"


@pytest.mark.parametrize("alt, name", [
    ("white Cedar Hollow Ketamine logo on a transparent background", "Cedar Hollow Ketamine"),
    ("Logo of Cedar Hollow Ketamine", "Cedar Hollow Ketamine"),
    ("Black Bear Ketamine logo", "Black Bear Ketamine"),
])
def test_a_logo_alt_text_names_the_brand_without_describing_the_picture(alt, name):
    body = "<p>We give ketamine infusions.</p>"
    record = page_record(f"<html><head><title>Does Insurance Pay?</title></head><body><header>"
                         f"<img src='/logo.png' alt='{alt}'></header><main>{body}</main>"
                         "</body></html>", "https://clinic.example/blog/insurance")
    assert record["name"] == name


def test_what_ketamine_also_does_is_said_of_the_drug():
    record = _page("<p>Ketamine also has marked anti-inflammatory effects, which may help "
                   "relieve chronic pain.</p><p>Ketamine still works when other care for "
                   "anxiety has failed.</p>")
    assert record["conditions"] == []


def test_a_practitioner_speaking_of_their_own_practice_is_its_voice():
    record = _page("<p>Ketamine can be given by IV infusion, injection, nasal spray or "
                   "lozenge.</p><p>In my work with a partner clinic only the sublingual lozenge "
                   "is used.</p>")
    assert record["treatments"] == ["oral_ketamine"]
    patient = _page("<p>Ketamine is used for depression.</p><p>It lifted my depression.</p>")
    assert patient["conditions"] == []


def test_a_visit_held_over_zoom_is_telehealth():
    record = _page("<p>Your first evaluation with our prescriber is held over Zoom.</p>")
    assert record["telehealth"] is True


def test_a_named_clinician_is_the_credential_the_sentence_gives():
    record = _page("<p>Rowan Vale is a certified registered nurse anesthetist with ten years in "
                   "surgery.</p><p>Cedar Ketamine Center is a nurse practitioner-led clinic.</p>")
    assert record["credentials"] == ["crna"]


def test_a_supposition_that_ketamine_could_help_claims_no_condition():
    hedged = _page("<p>If you live with depression or OCD and nothing has helped, ketamine "
                   "therapy could be a good option.</p>")
    assert hedged["conditions"] == []
    offered = _page("<p>If you live with depression and nothing has helped, our team can "
                    "help.</p>")
    assert offered["conditions"] == ["depression"]


def test_a_yes_to_whether_the_drug_works_for_an_illness_claims_nothing():
    record = _page("<h3>Is ketamine effective for treating depression?</h3><p>Yes.</p>")
    assert record["conditions"] == []
    asked_of_care = _page("<h3>Does it work for OCD?</h3><p>Yes.</p>")
    assert asked_of_care["conditions"] == ["ocd"]


def test_a_list_of_what_infusions_can_be_used_for_claims_none_of_its_items():
    record = _page("<p>Ketamine infusions can be used for a number of painful conditions, such "
                   "as:</p><ul><li>CRPS / RSD</li><li>Migraine</li></ul>")
    assert record["conditions"] == []


def test_the_brain_pathways_behind_an_illness_are_no_claim_to_treat_it():
    record = _page("<p>Giving the first treatments close together is key to disrupting the "
                   "faulty signaling pathways behind depression and PTSD.</p>")
    assert record["conditions"] == []
    own = _page("<p>We give the first infusions close together to treat depression.</p>")
    assert own["conditions"] == ["depression"]


@pytest.mark.parametrize("body, url, name", [
    ("<p>Here at Larkspur Mind &amp; Body of Ohio we offer ketamine infusions.</p>",
     "https://larkspur.example/ketamine", "Larkspur Mind & Body of Ohio"),
    ("<p>At Quillmoor, our nurses give ketamine infusions.</p>",
     "https://quillmoor.example/ketamine", "Quillmoor"),
    ("<p>Written by Ada Reyes, Fernhollow Ketamine Wellness Co-CEO</p>",
     "https://fernhollowketaminewellness.example/blog/cost", "Fernhollow Ketamine Wellness"),
    ("<p>Dr Lee, Co Founder, Brightwater</p>", "https://brightwater-az.example/blog/cost",
     "Brightwater"),
])
def test_a_page_without_a_stated_name_is_named_in_its_own_voice_or_by_its_domain(body, url, name):
    record = page_record(f"<html><head><title>Ketamine Infusions Explained</title></head><body>"
                         f"<main>{body}</main></body></html>", url)
    assert record["name"] == name


@pytest.mark.parametrize("body, url", [
    ("<p>At First, we thought ketamine was an anesthetic only.</p>", "https://clinic.example/"),
    ("<p>Ketamine Clinics across the country give infusions.</p>",
     "https://ketamineclinics.example/"),
])
def test_a_capitalised_phrase_that_is_no_site_name_names_nothing(body, url):
    record = page_record(f"<html><head><title>How Ketamine Works</title></head><body>"
                         f"<main>{body}</main></body></html>", url)
    assert record["name"] is None


def test_the_titles_longer_form_of_a_short_brand_is_its_name():
    record = _page("<p>We give ketamine infusions.</p>",
                   "<title>Ketamine in Eugene | Birch Lane Integrative Psychiatry</title>"
                   "<meta property='og:site_name' content='Birch Lane'>")
    assert record["name"] == "Birch Lane Integrative Psychiatry"


def test_a_practices_tagline_gives_its_clinicians_credential():
    record = _page("<p>Board Certified Psychiatric Mental Health Nurse Practitioner located in "
                   "Edina, MN</p>")
    assert record["credentials"] == ["pmhnp"]


@pytest.mark.parametrize("title", [
    "Ketamine for Nerve Pain", "Fees & Policies", "Free Consultation", "KAP Process", "KAP",
    "An Introduction", "Esketamine Nasal Spray (Spravato)", "Honoring Nurse Anesthetists Week",
])
def test_a_title_of_one_part_that_is_a_pages_topic_names_nothing(title):
    record = _page(f"<h1>{title}</h1><p>Infusions are given in a quiet room.</p>",
                   f"<title>{title}</title>")
    assert record["name"] is None


@pytest.mark.parametrize("title", ["Willowmere", "Harbor Light Ketamine",
                                   "Juniper Center for Wellness"])
def test_a_title_of_one_part_that_reads_as_a_name_names_the_clinic(title):
    record = _page("<p>Infusions are given in a quiet room.</p>", f"<title>{title}</title>")
    assert record["name"] == title


def test_lines_drawn_as_bullets_hang_from_their_lead_like_a_list():
    general = _page("<h2>Spravato</h2><p>It works particularly well for:</p>"
                    "<p>✅ Adults living with PTSD<br/>✅ Adults with OCD</p>")
    assert general["conditions"] == []
    own = _page("<h2>Spravato</h2><p>We treat:</p><p>✅ PTSD<br/>✅ OCD</p>")
    assert own["conditions"] == ["ptsd", "ocd"]
