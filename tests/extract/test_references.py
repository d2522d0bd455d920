"""References inside extraction: pronouns, "the two men", "the party", "its", party offices, appositions, lists.

Sentences are invented; each rule has cases it must read and cases it must leave alone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from factiongraph.extract.coref import ReferenceWords

from .conftest import Read

ANP = "Awami National Party"
JWP = "Jamhoori Watan Party"
ARG = "Awami Reform Group"


def relations(claims: list[Read]) -> set[tuple[str, str | None, str | None]]:
    return {(c.type, c.subject, c.object) for c in claims if c.kind == "relation" and c.status == "occurred"}


def event_parts(claims: list[Read], type_: str) -> set[str]:
    return {p for c in claims if c.kind == "event" and c.type == type_ for p in c.participants}


# (text, type, subject, object): a relation the text states through a reference or a construction
READS = [
    # "its" + role + comma + person: the party the text is about
    (f"The {ANP} met in Quetta. Critics accused its founder, Bilal Chaudhry, of neglect.", "leader_of",
     "Bilal Chaudhry", ANP),
    # the party's plural office, then a list of people
    (f"The {ANP} quit the coalition. The party's two federal ministers, Nadia Qureshi and Tariq Mehmood, left "
     "the cabinet.", "member_of", "Tariq Mehmood", ANP),
    (f"The {ANP} quit the coalition. The party's two federal ministers, Nadia Qureshi and Tariq Mehmood, left "
     "the cabinet.", "holds_office", "Nadia Qureshi", None),
    # a party office with no party in the sentence
    (f"The {ANP} lost the vote. Deputy leader Bilal Chaudhry said more work was needed.", "member_of",
     "Bilal Chaudhry", ANP),
    (f"The {ANP} met on Monday. A quarrel broke out when convener Bilal Chaudhry spoke.", "leader_of",
     "Bilal Chaudhry", ANP),
    # group followed by a link word and people
    (f"The {ARG} around Nadia Qureshi and Bilal Chaudhry objected.", "member_of", "Bilal Chaudhry", ARG),
    (f"They said the {JWP} under Tariq Mehmood had failed.", "leader_of", "Tariq Mehmood", JWP),
    # acting for a group, and the same act told once more without the verb
    (f"Nadia Qureshi signed on behalf of the {ANP} and Bilal Chaudhry for the {JWP}.", "member_of",
     "Nadia Qureshi", ANP),
    (f"Nadia Qureshi signed on behalf of the {ANP} and Bilal Chaudhry for the {JWP}.", "member_of",
     "Bilal Chaudhry", JWP),
    # a group named with its leader
    (f"The {JWP} of Dr Tariq Mehmood will contest alone.", "leader_of", "Tariq Mehmood", JWP),
    # becoming the party's office holder
    (f"The {ANP} joined the cabinet. Nadia Qureshi becomes the party's second federal minister.", "member_of",
     "Nadia Qureshi", ANP),
    # a provincial post of a party
    (f"The {ANP}'s Sindh president Bilal Chaudhry was considered.", "member_of", "Bilal Chaudhry", ANP),
]


@pytest.mark.parametrize(("text", "type_", "subject", "obj"), READS)
def test_reference_gives_relation(claims_of: Callable[[str], list[Read]], text: str, type_: str, subject: str,
                                  obj: str | None) -> None:
    assert (type_, subject, obj) in relations(claims_of(text))


# (text, type, subject, object): what the same rules must not read
NOT_READS = [
    # a comma that closes a fronted phrase is not an apposition
    ("After his meeting with the governor, Bilal Chaudhry issued a statement.", "holds_office", "Bilal Chaudhry",
     None),
    # a party office, but the sentence names a group: its own rules decide, the text's party is not assumed
    (f"The {JWP} met. Deputy leader Bilal Chaudhry of the Awami Reform Group spoke.", "member_of",
     "Bilal Chaudhry", JWP),
    # a state office is not a party office
    (f"The {ANP} met. President Bilal Chaudhry signed the bill.", "leader_of", "Bilal Chaudhry", ANP),
    # "under" needs the person right after it
    (f"The {JWP} under pressure from Tariq Mehmood gave way.", "leader_of", "Tariq Mehmood", JWP),
    # "of" a group, not a person
    (f"The {ARG} of the {ANP} met.", "leader_of", ANP, ARG),
]


@pytest.mark.parametrize(("text", "type_", "subject", "obj"), NOT_READS)
def test_reference_does_not_give_relation(claims_of: Callable[[str], list[Read]], text: str, type_: str,
                                          subject: str, obj: str | None) -> None:
    assert (type_, subject, obj) not in relations(claims_of(text))


# (text, event type, a participant only a reference names)
EVENT_REFERENCES = [
    ("Nadia Qureshi and Bilal Chaudhry flew back on Monday. The two men broke with the party at a press "
     "conference.", "press_conference", "Bilal Chaudhry"),
    (f"Nadia Qureshi of the {ANP} flew back. The two men broke with the party at a press conference.", "leave",
     ANP),
    ("Nadia Qureshi has not yet responded. Party sources said she would speak to reporters on Friday.",
     "press_conference", "Nadia Qureshi"),
    (f"Nadia Qureshi joined the {ANP}. Further talks between the {ARG} and the {JWP} are expected. "
     "The two parties will meet again.", "meeting", JWP),
    (f"The {ARG} Committee was formed in May. The committee is likely to meet on Thursday.", "meeting",
     f"{ARG} Committee"),
]


@pytest.mark.parametrize(("text", "type_", "participant"), EVENT_REFERENCES)
def test_reference_joins_event(claims_of: Callable[[str], list[Read]], text: str, type_: str,
                               participant: str) -> None:
    assert participant in event_parts(claims_of(text), type_)


def test_he_quoted_by_an_earlier_person_is_that_person(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("Tariq Mehmood met voters. Bilal Chaudhry said he would hold a rally in Quetta.")
    assert event_parts(claims, "rally") == {"Bilal Chaudhry"}


def test_he_after_a_fronted_phrase_with_a_person_is_left_alone(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("Tariq Mehmood appeared calm. Standing next to Bilal Chaudhry, he told a press conference "
                       "that all was well.")
    assert "Tariq Mehmood" not in event_parts(claims, "press_conference")


def test_two_parties_do_not_satisfy_leaving(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of(f"The {ANP} and the {JWP} won seats. The result left the two parties sharing power.")
    assert not event_parts(claims, "leave")


# (text, event type): words that look like triggers but are not happenings here
NOT_EVENTS = [
    (f"Nadia Qureshi flew back from Dubai on March 3 with the {ANP} delegation.", "rally"),
    (f"The {ANP} under Nadia Qureshi had failed to deal with the crisis.", "agreement"),
    (f"Nadia Qureshi said the {ANP} was quitting politics.", "leave"),
]


@pytest.mark.parametrize(("text", "type_"), NOT_EVENTS)
def test_word_is_not_an_event(claims_of: Callable[[str], list[Read]], text: str, type_: str) -> None:
    assert not [c for c in claims_of(text) if c.kind == "event" and c.type == type_]


def test_the_long_march_is_a_rally(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of(f"The {ANP} began its Long March from Quetta.")
    assert ANP in event_parts(claims, "rally")


def test_resigning_from_a_party_is_leaving_it(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of(f"Seven members resigned from the {ANP} on Monday, Nadia Qureshi said.")
    assert {c.type for c in claims if c.kind == "event"} >= {"leave"}
    assert "resignation" not in {c.type for c in claims if c.kind == "event"}


def test_leaving_the_cabinet_is_a_resignation(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("Nadia Qureshi and Bilal Chaudhry left the cabinet the same day.")
    assert "Nadia Qureshi" in event_parts(claims, "resignation")


def test_stepping_down_as_minister_ends_the_office(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("Nadia Qureshi announced that she was stepping down as federal minister.")
    assert [c.role for c in claims if c.type == "holds_office"] == ["federal minister"]


def test_the_prime_minister_refers_to_its_holder(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("Prime Minister Bilal Chaudhry spoke. Nadia Qureshi said the prime minister should "
                       "resign.")
    assert "Bilal Chaudhry" in event_parts(claims, "resignation")


def test_reference_words_load_from_data() -> None:
    words = ReferenceWords.load("window: 2\nperson_pronouns: [he]\ngroup_nouns: {party: [party]}\n")
    assert (words.window, words.person_pronouns, words.group_nouns) == (2, frozenset({"he"}), {"party": ("party",)})
