"""Relation patterns beyond titles: offices taken or held, founding, expelling, owned titles, group membership.

Each table pairs invented sentences that must yield a relation with near-misses that must not.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import Read

ANP = "Awami National Party"
JWP = "Jamhoori Watan Party"

# (sentence, subject, role word the holds_office role must contain)
OFFICES_TAKEN = [
    ("Parliament on Wednesday elected acting president Nadia Qureshi as the country's eighth executive president.",
     "Nadia Qureshi", "president"),
    ("Nadia Qureshi was sworn in on Thursday night as the chief adviser of the interim government.",
     "Nadia Qureshi", "chief adviser"),
    ("Bilal Chaudhry was re-elected president of the republic by the assembly.", "Bilal Chaudhry", "president"),
    ("Nadia Qureshi and Bilal Chaudhry took oath as deputy chief ministers.", "Bilal Chaudhry",
     "deputy chief minister"),
    ("Nadia Qureshi and Bilal Chaudhry took oath as deputy chief ministers.", "Nadia Qureshi",
     "deputy chief minister"),
    ("Earlier, Nadia Qureshi was elected Speaker, and Bilal Chaudhry became Deputy Speaker.", "Bilal Chaudhry",
     "deputy speaker"),
    ("Bilal Chaudhry became the 23rd Prime Minister on Monday.", "Bilal Chaudhry", "prime minister"),
    ("The notice came after Bilal Chaudhry became Leader of the Opposition in the Senate.", "Bilal Chaudhry",
     "leader of the opposition"),
    ("Bilal Chaudhry, who is also Punjab's chief minister, spoke.", "Bilal Chaudhry", "chief minister"),
    ("The president appointed Bilal Chaudhry, a banker, as the new finance minister.", "Bilal Chaudhry",
     "finance minister"),
    ("Deputy Speaker Bilal Chaudhry adjourned the session.", "Bilal Chaudhry", "deputy speaker"),
    ("The ceremony was attended by diplomats and the army chief, General Bilal Chaudhry.", "Bilal Chaudhry",
     "army chief"),
    ("Awami National Party Secretary General Bilal Chaudhry issued the notice.", "Bilal Chaudhry",
     "secretary general"),
    ("Awami National Party general secretary Bilal Chaudhry issued the notice.", "Bilal Chaudhry",
     "general secretary"),
]

# (sentence, subject, role word no holds_office claim of the subject may contain)
OFFICES_NOT_TAKEN = [
    # the office went to the other person of the sentence
    ("Earlier, Nadia Qureshi was elected Speaker, and Bilal Chaudhry became Deputy Speaker.", "Nadia Qureshi",
     "deputy speaker"),
    # a deputy speaker is not the speaker
    ("Deputy Speaker Bilal Chaudhry adjourned the session.", "Bilal Chaudhry", "speaker "),
    # the person before "after" did not take the office
    ("The notice came from Nadia Qureshi after Bilal Chaudhry became Leader of the Opposition.", "Nadia Qureshi",
     "opposition"),
    # "elected" with no "as" and no office
    ("Nadia Qureshi was elected to the Senate in March.", "Nadia Qureshi", "senate"),
    # a party post of one word before a comma is no state office
    ("The party chief, Bilal Chaudhry, said so.", "Bilal Chaudhry", "chief"),
    # "who is" followed by no office
    ("Bilal Chaudhry, who is a close friend of the family, spoke.", "Bilal Chaudhry", "friend"),
]


def _roles(claims: list[Read], subject: str) -> list[str]:
    return [(c.role or "").lower() + " " for c in claims
            if c.kind == "relation" and c.type == "holds_office" and c.subject == subject]


@pytest.mark.parametrize(("text", "subject", "role"), OFFICES_TAKEN)
def test_office_phrase_gives_holds_office(claims_of: Callable[[str], list[Read]], text: str, subject: str,
                                          role: str) -> None:
    assert any(role in r for r in _roles(claims_of(text), subject))


@pytest.mark.parametrize(("text", "subject", "role"), OFFICES_NOT_TAKEN)
def test_near_miss_gives_no_such_office(claims_of: Callable[[str], list[Read]], text: str, subject: str,
                                        role: str) -> None:
    assert not any(r.startswith(role) for r in _roles(claims_of(text), subject))


# (sentence, type, subject, object, status)
RELATIONS = [
    ("Bilal Chaudhry on Thursday formally launched a new political party, the Awami National Party.", "leader_of",
     "Bilal Chaudhry", ANP, "occurred"),
    ("Bilal Chaudhry founded the Awami National Party in 1986.", "leader_of", "Bilal Chaudhry", ANP, "occurred"),
    ("The Awami National Party has expelled former president Bilal Chaudhry.", "member_of", "Bilal Chaudhry", ANP,
     "occurred"),
    ("Bilal Chaudhry was expelled from the Awami National Party in January.", "member_of", "Bilal Chaudhry", ANP,
     "occurred"),
    ("The Awami National Party, with Bilal Chaudhry as its leader, won ten seats.", "leader_of", "Bilal Chaudhry",
     ANP, "occurred"),
    ("Chief Minister Bilal Chaudhry broke his Awami National Party's alliance with the Jamhoori Watan Party.",
     "member_of", "Bilal Chaudhry", ANP, "occurred"),
    ("Economy Minister Bilal Chaudhry, the Awami National Party's vice chancellor, said he regretted it.",
     "member_of", "Bilal Chaudhry", ANP, "occurred"),
    ("The result was a setback for Bilal Chaudhry, whose Awami National Party had backed the motion.", "member_of",
     "Bilal Chaudhry", ANP, "occurred"),
    ("Nadia Qureshi, a dissident MP of the ruling Awami National Party, got 82 votes.", "member_of",
     "Nadia Qureshi", ANP, "occurred"),
    ("The Awami National Party had been a founding member of the Jamhoori Watan Party.", "part_of", ANP, JWP,
     "occurred"),
    ("The Awami National Party (ANP), led by Bilal Chaudhry, also joined the arrangement.", "leader_of",
     "Bilal Chaudhry", ANP, "occurred"),
    ("The Awami National Party formed a government of national unity with the Jamhoori Watan Party.",
     "allied_with", ANP, JWP, "occurred"),
]

# (sentence, type, subject, object): near-misses that must not yield the relation
NOT_RELATIONS = [
    # a campaign launched against a party does not found it
    ("Bilal Chaudhry launched a campaign against the Awami National Party.", "leader_of", "Bilal Chaudhry", ANP),
    # forming an alliance with a party does not found it
    ("Bilal Chaudhry formed an alliance with the Awami National Party.", "leader_of", "Bilal Chaudhry", ANP),
    # the group is the subject of a verb, not the owner of the title after it
    ("The Awami National Party has welcomed former president Bilal Chaudhry.", "leader_of", "Bilal Chaudhry", ANP),
    # expelling a person from a meeting hall: no party named
    ("Nadia Qureshi expelled Bilal Chaudhry from the hall.", "member_of", "Bilal Chaudhry", ANP),
    # "his" refers past another person of the clause: no membership read
    ("Nadia Qureshi told Bilal Chaudhry that his Awami National Party would lose.", "member_of", "Nadia Qureshi",
     ANP),
    # an alliance word inside a name is not an alliance
    ("The Awami National Party left the Democratic Alliance and attacked the Jamhoori Watan Party.", "allied_with",
     ANP, JWP),
    # the party inside a relative clause is not the one that merged
    ("The Awami Reform Group, formed by lawmakers who deserted the Awami National Party, merged into the Jamhoori "
     "Watan Party.", "merged_into", ANP, JWP),
    # a member of a person's family is not a group membership
    ("The Awami National Party is a member of nothing, said Bilal Chaudhry.", "part_of", ANP, "Bilal Chaudhry"),
]


@pytest.mark.parametrize(("text", "type_", "subject", "obj", "status"), RELATIONS)
def test_pattern_yields_relation(claims_of: Callable[[str], list[Read]], text: str, type_: str, subject: str,
                                 obj: str, status: str) -> None:
    found = [(c.type, c.subject, c.object, c.status) for c in claims_of(text) if c.kind == "relation"]
    assert (type_, subject, obj, status) in found


@pytest.mark.parametrize(("text", "type_", "subject", "obj"), NOT_RELATIONS)
def test_near_miss_yields_no_relation(claims_of: Callable[[str], list[Read]], text: str, type_: str, subject: str,
                                      obj: str) -> None:
    found = {(c.type, c.subject, c.object) for c in claims_of(text) if c.kind == "relation"}
    assert (type_, subject, obj) not in found and (type_, obj, subject) not in found


def test_expelling_ends_the_membership(claims_of: Callable[[str], list[Read]]) -> None:
    c = next(c for c in claims_of("The Awami National Party has expelled Bilal Chaudhry.")
             if c.kind == "relation" and c.type == "member_of")
    assert (c.subject, c.object) == ("Bilal Chaudhry", ANP)
