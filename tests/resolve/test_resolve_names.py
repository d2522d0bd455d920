"""Name normalisation and the pairwise comparison rules."""

from __future__ import annotations

import pytest

from factiongraph.resolve.names import alias_norm, clean, name_form
from factiongraph.resolve.similarity import group_match, person_match


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("Mustafa Kamal's", "Mustafa Kamal"),
        ("Mustafa Kamal’s", "Mustafa Kamal"),
        ("Farooq Sattar-led", "Farooq Sattar"),
        ("  Imran   Khan ", "Imran Khan"),
        ("Mustafa Kamal's group", "Mustafa Kamal's group"),
    ],
)
def test_clean_strips_possessive_and_led_tails(raw: str, display: str) -> None:
    assert clean(raw) == display


@pytest.mark.parametrize(
    ("a", "b", "type_"),
    [
        ("Anis Kaimkhani", "Anees Qaimkhani", "person"),
        ("Aminul Haque", "Ameenul Haq", "person"),
        ("Kamran Tessori", "Kamran Tesori", "person"),
        ("Aamir Khan", "Amir Khan", "person"),
        ("Dr Farooq Sattar", "Farooq Sattar", "person"),
        ("Khalid Bhai", "Khalid", "person"),
        ("Pak Sarzameen Party", "Pak Sarzamin Party", "party"),
        ("Mustafa Kamal's group", "Mustafa Kamal camp", "faction"),
        ("KARACHI", "Karachi", "place"),
        ("Muttahida Qaumi Movement - Pakistan", "Muttahida Qaumi Movement-Pakistan", "party"),
    ],
)
def test_variants_share_a_key(a: str, b: str, type_: str) -> None:
    assert name_form(a, type_).key == name_form(b, type_).key


@pytest.mark.parametrize(
    ("a", "b", "type_"),
    [
        ("Imran Khan", "Aamir Khan", "person"),
        ("MQM", "MQM-P", "party"),
        ("Shahi Syed", "Shahi", "person"),
        ("Syed", "", "person"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str, type_: str) -> None:
    assert name_form(a, type_).key != name_form(b, type_).key


def test_honorific_alone_is_kept_as_the_name() -> None:
    assert name_form("Syed", "person").tokens == ("syed",)


@pytest.mark.parametrize(
    ("name", "compound"),
    [
        ("MQM-P", "mqm|p"),
        ("MQM-Pakistan", "mqm|p"),
        ("MQM Pakistan", "mqm|p"),
        ("MQM-RC", "mqm|rc"),
        ("MQM-Restoration Committee", "mqm|rc"),
        ("MQM", None),
        ("Pak Sarzameen Party", None),
    ],
)
def test_acronym_with_suffix_has_a_compound_key(name: str, compound: str | None) -> None:
    assert name_form(name, "party").compound == compound


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("Anis Kaimkhani", "Anees Qaimkhani", "same-key"),
        ("Anis KaimKhan", "Anis Kaimkhani", "token-variants"),
        ("Mustafa Kamaml", "Mustafa Kamal", "token-variants"),
        ("Khalid Maqbool", "Khalid Maqbool Siddiqui", "partial-name"),
        ("Tessor", "Kamran Tessori", "surname-only"),
        ("Imran", "Imran Khan", "given-name-only"),
        ("Imran Khan", "Aamir Khan", None),
        ("Rahul Gandhi", "Sonia Gandhi", None),
        ("Kim Jong-il", "Kim Jong-un", None),
        ("Imran Ahmed", "Amran Ahmed", None),
    ],
)
def test_person_rules(a: str, b: str, rule: str | None) -> None:
    m = person_match(name_form(a, "person"), name_form(b, "person"))
    assert (m.rule if m else None) == rule


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("MQM-P", "MQM-Pakistan", "acronym-suffix"),
        ("MQM-RC", "MQM-Restoration Committee", "acronym-suffix"),
        ("MQM", "MQM-P", None),
        ("MQM-London", "MQM-P", None),
        ("MQM-London", "MQM-Haqiqi", None),
        ("ARY News", "ARY Network", None),
        ("coordinating committee", "coordination committee", "token-stems"),
        ("Sindh Assembly", "Punjab Assembly", None),
    ],
)
def test_group_rules(a: str, b: str, rule: str | None) -> None:
    m = group_match(name_form(a, "organization"), name_form(b, "organization"))
    assert (m.rule if m else None) == rule


def test_alias_norm_ignores_case_and_spacing() -> None:
    assert alias_norm(" Amir  KHAN ") == alias_norm("amir khan")
