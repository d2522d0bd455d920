"""Relation claims: a table of sentences (invented names) and the relation each must yield, and must not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import Read

ANP = "Awami National Party"
JWP = "Jamhoori Watan Party"
ARG = "Awami Reform Group"

# (sentence, type, subject, object, status)
RELATIONS = [
    # member_of
    ("Nadia Qureshi joined the Awami National Party on Tuesday.", "member_of", "Nadia Qureshi", ANP, "occurred"),
    ("Nadia Qureshi left the Awami National Party on Friday.", "member_of", "Nadia Qureshi", ANP, "occurred"),
    ("Bilal Chaudhry of the Awami National Party spoke in the assembly.", "member_of", "Bilal Chaudhry", ANP,
     "occurred"),
    ("Nadia Qureshi, a senior leader of the Awami National Party, spoke.", "member_of", "Nadia Qureshi", ANP,
     "occurred"),
    ("Nadia Qureshi is a member of the Awami National Party.", "member_of", "Nadia Qureshi", ANP, "occurred"),
    ("The Awami National Party's Nadia Qureshi spoke in Quetta.", "member_of", "Nadia Qureshi", ANP, "occurred"),
    ("The Awami National Party includes Nadia Qureshi and Bilal Chaudhry.", "member_of", "Bilal Chaudhry", ANP,
     "occurred"),
    ("Nadia Qureshi is expected to join the Awami National Party.", "member_of", "Nadia Qureshi", ANP, "planned"),
    ("Nadia Qureshi refused to join the Awami National Party.", "member_of", "Nadia Qureshi", ANP, "negated"),
    ("However, the spokesman of the Awami National Party, Nadia Qureshi, left for Quetta.", "member_of",
     "Nadia Qureshi", ANP, "occurred"),
    # leader_of
    ("The chairman of the Awami National Party, Bilal Chaudhry, spoke.", "leader_of", "Bilal Chaudhry", ANP,
     "occurred"),
    ("The Jamhoori Watan Party, led by Bilal Chaudhry, met on Monday.", "leader_of", "Bilal Chaudhry", JWP,
     "occurred"),
    ("Nadia Qureshi heads the Awami National Party.", "leader_of", "Nadia Qureshi", ANP, "occurred"),
    ("Awami National Party chief Bilal Chaudhry met Nadia Qureshi in Quetta.", "leader_of", "Bilal Chaudhry", ANP,
     "occurred"),
    ("Nadia Qureshi, the founder of the Awami National Party, spoke.", "leader_of", "Nadia Qureshi", ANP,
     "occurred"),
    # holds_office (object is the office, checked by role below)
    # part_of
    ("Bilal Chaudhry, who heads a faction of the Awami National Party named Awami Reform Group (ARG), spoke.",
     "part_of", ARG, ANP, "occurred"),
    # allied_with
    ("The Awami National Party is allied with the Jamhoori Watan Party.", "allied_with", ANP, JWP, "occurred"),
    ("The Awami National Party is willing to form an alliance with the Jamhoori Watan Party instead of joining it.",
     "allied_with", ANP, JWP, "planned"),
    # opposed_to
    ("The Awami National Party campaigned against the Jamhoori Watan Party.", "opposed_to", ANP, JWP, "occurred"),
    # merged_into
    ("The Awami National Party merged into the Jamhoori Watan Party.", "merged_into", ANP, JWP, "occurred"),
    ("Bilal Chaudhry merged his Awami Reform Group into the Jamhoori Watan Party.", "merged_into", ARG, JWP,
     "occurred"),
    ("The Awami National Party did not merge into the Jamhoori Watan Party.", "merged_into", ANP, JWP, "negated"),
    # split_from
    ("The Awami Reform Group split from the Awami National Party last year.", "split_from", ARG, ANP, "occurred"),
    ("The Awami Reform Group has not split from the Awami National Party.", "split_from", ARG, ANP, "negated"),
    ("Bilal Chaudhry denied that the Awami Reform Group would split from the Awami National Party.", "split_from",
     ARG, ANP, "negated"),
]


@pytest.mark.parametrize(("text", "type_", "subject", "obj", "status"), RELATIONS)
def test_sentence_yields_relation(claims_of: Callable[[str], list[Read]], text: str, type_: str, subject: str,
                                  obj: str, status: str) -> None:
    found = [(c.type, c.subject, c.object, c.status) for c in claims_of(text) if c.kind == "relation"]
    assert (type_, subject, obj, status) in found


# (sentence, type, subject, role): a title gives the role
ROLES = [
    ("Chief Minister Nadia Qureshi spoke in Quetta.", "holds_office", "Nadia Qureshi", "Chief Minister"),
    ("Awami National Party chief Bilal Chaudhry met Nadia Qureshi in Quetta.", "leader_of", "Bilal Chaudhry", "Chief"),
    ("Nadia Qureshi, the founder of the Awami National Party, spoke.", "leader_of", "Nadia Qureshi", "founder"),
    ("Senate Chairman Bilal Chaudhry administered the oath.", "holds_office", "Bilal Chaudhry", "Chairman"),
    ("President Bilal Chaudhry administered the oath.", "holds_office", "Bilal Chaudhry", "President"),
    ("Chancellor Bilal Chaudhry dismissed his finance minister.", "holds_office", "Bilal Chaudhry", "Chancellor"),
    ("Deputy Chief Minister Nadia Qureshi spoke.", "holds_office", "Nadia Qureshi", "Deputy Chief Minister"),
    ("Chief Adviser Bilal Chaudhry met the students.", "holds_office", "Bilal Chaudhry", "Chief Adviser"),
    ("Nadia Qureshi was sworn in as deputy chief minister on Monday.", "holds_office", "Nadia Qureshi",
     "deputy chief minister"),
    ("Bilal Chaudhry took oath as a federal minister.", "holds_office", "Bilal Chaudhry", "federal minister"),
    ("The party split when Nadia Qureshi, niece of the founder Bilal Chaudhry, was sworn in as deputy chief "
     "minister.", "holds_office", "Nadia Qureshi", "deputy chief minister"),
]


def test_expected_oath_is_a_planned_office(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("Bilal Chaudhry is expected to be sworn in as governor.")
    assert [(c.role, c.status) for c in claims if c.type == "holds_office"] == [("governor", "planned")]


@pytest.mark.parametrize(("text", "type_", "subject", "role"), ROLES)
def test_title_gives_role(claims_of: Callable[[str], list[Read]], text: str, type_: str, subject: str,
                          role: str) -> None:
    roles = {(c.type, c.subject, (c.role or "").lower()) for c in claims_of(text) if c.kind == "relation"}
    assert (type_, subject, role.lower()) in roles


# (sentence, type, subject, object): relations that a careless rule would read but the sentence does not say
NOT_RELATIONS = [
    ("Nadia Qureshi met Bilal Chaudhry in Quetta on Monday.", "member_of", "Nadia Qureshi", "Bilal Chaudhry"),
    ("The Awami National Party campaigned against the Jamhoori Watan Party.", "allied_with", ANP, JWP),
    ("The Awami Reform Group split from the Awami National Party last year.", "merged_into", ARG, ANP),
    ("Bilal Chaudhry of the Awami National Party spoke in the assembly.", "leader_of", "Bilal Chaudhry", ANP),
    # a party named before a title, with a verb between, is not the person's party
    ("The Awami National Party walked out of Prime Minister Bilal Chaudhry's coalition.", "member_of",
     "Bilal Chaudhry", ANP),
]


def test_included_list_ends_at_the_verb(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("A delegation of the Awami National Party including Nadia Qureshi and Bilal Chaudhry "
                       "travelled to Quetta to meet Sana Baloch.")
    members = {c.subject for c in claims if c.type == "member_of"}
    assert members == {"Nadia Qureshi", "Bilal Chaudhry"}


@pytest.mark.parametrize(
    ("text", "members"),
    [
        ("The Awami Reform Group includes his strong allies Nadia Qureshi and Governor Bilal Chaudhry.",
         {"Nadia Qureshi", "Bilal Chaudhry"}),
        ("The Awami Reform Group comprised two senior leaders, Nadia Qureshi and Bilal Chaudhry.",
         {"Nadia Qureshi", "Bilal Chaudhry"}),
        ("The Awami Reform Group includes many who oppose Nadia Qureshi.", set()),
    ],
)
def test_a_few_words_may_say_what_the_listed_members_are(claims_of: Callable[[str], list[Read]], text: str,
                                                          members: set[str]) -> None:
    found = {c.subject for c in claims_of(text) if c.type == "member_of" and c.object == ARG}
    assert found == members


def test_title_refers_back_to_the_party(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("The Awami National Party met on Monday. The party's founder Bilal Chaudhry spoke.")
    assert ("leader_of", "Bilal Chaudhry", ANP) in {(c.type, c.subject, c.object) for c in claims}


@pytest.mark.parametrize(("text", "type_", "subject", "obj"), NOT_RELATIONS)
def test_sentence_does_not_yield_relation(claims_of: Callable[[str], list[Read]], text: str, type_: str,
                                          subject: str, obj: str) -> None:
    found = {(c.type, c.subject, c.object) for c in claims_of(text) if c.kind == "relation"}
    assert (type_, subject, obj) not in found
