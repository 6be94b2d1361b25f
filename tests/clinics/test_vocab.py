"""Aliases found in prose map to the shared tokens, and only real mentions count."""
import pytest

from clinics import vocab
from clinics.records import npi_is_valid


@pytest.mark.parametrize("vocabulary, text, expected", [
    ("treatments", "We offer ketamine infusions and Spravato.", ["iv_ketamine", "esketamine_spravato"]),
    ("treatments", "Sublingual troches and KAP", ["oral_ketamine", "ketamine_assisted_psychotherapy"]),
    ("treatments", "Stellate ganglion block (SGB) for PTSD", ["sgb"]),
    ("insurers", "Most BCBS plans, Anthem and UHC", ["bcbs", "unitedhealthcare"]),
    ("insurers", "Richmond, VA 23220", []),
    ("insurers", "VA Community Care and TRICARE", ["va", "tricare"]),
    ("insurers", "Harvard Pilgrim, Tufts Health Plan, Molina and Beacon Health Options",
     ["harvard_pilgrim", "tufts", "molina", "carelon"]),
    ("insurers", "SelectHealth and EmblemHealth", ["selecthealth", "emblemhealth"]),
    ("insurers", "BlueCross BlueShield of Tennessee", ["bcbs"]),
    ("credentials", "Certified Registered Nurse Anesthetist", ["crna"]),
    ("conditions", "treatment-resistant depression", ["treatment_resistant_depression"]),
])
def test_aliases_in_prose(vocabulary, text, expected):
    assert vocab.find_in_text(vocabulary, text) == expected


def test_every_canonical_token_is_its_own_canonical_form():
    for name, terms in vocab.VOCABULARIES.items():
        for term in terms:
            assert vocab.canonical(name, term.token) == term.token
            assert vocab.canonical(name, term.label) == term.token


@pytest.mark.parametrize("npi, valid", [("1234567893", True), ("1234567890", False),
                                        ("123", False), ("abcdefghij", False)])
def test_npi_check_digit(npi, valid):
    assert npi_is_valid(npi) is valid
