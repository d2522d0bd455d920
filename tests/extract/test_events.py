"""Event claims: each of the 13 event types, each status, attribution, and the tricky cases of issue 6."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from factiongraph.extract.claims import ClaimExtractor
from factiongraph.model import Article, Claim
from factiongraph.nlp.pipeline import Pipeline

from .conftest import Read

ANP = "Awami National Party"
JWP = "Jamhoori Watan Party"


def events(claims: list[Read]) -> set[tuple[str, str]]:
    return {(c.type, c.status) for c in claims if c.kind == "event"}


# (sentence, event type, a participant it must have)
EVENT_TYPES = [
    ("Nadia Qureshi met Bilal Chaudhry in Quetta on Monday.", "meeting", "Bilal Chaudhry"),
    ("The Awami National Party merged into the Jamhoori Watan Party.", "merger", JWP),
    ("The Awami Reform Group split from the Awami National Party last year.", "split", ANP),
    ("Nadia Qureshi joined the Awami National Party on Tuesday.", "join", "Nadia Qureshi"),
    ("Nadia Qureshi left the Awami National Party on Friday.", "leave", ANP),
    ("Nadia Qureshi resigned as minister on Friday.", "resignation", "Nadia Qureshi"),
    ("Nadia Qureshi stepped down on Monday.", "resignation", "Nadia Qureshi"),
    ("Nadia Qureshi was appointed minister by the Awami National Party.", "appointment", "Nadia Qureshi"),
    ("The Awami National Party and the Jamhoori Watan Party signed an agreement on Sunday.", "agreement", JWP),
    ("The Awami National Party held a rally in Quetta.", "rally", ANP),
    ("The Awami National Party staged a protest outside the assembly.", "protest", ANP),
    ("Bilal Chaudhry led a sit-in outside the assembly.", "protest", "Bilal Chaudhry"),
    ("Nadia Qureshi addressed a press conference in Quetta.", "press_conference", "Nadia Qureshi"),
    ("The Awami National Party contested the election in Quetta.", "election", ANP),
    ("The dispute between Nadia Qureshi and Bilal Chaudhry deepened.", "dispute", "Bilal Chaudhry"),
]


@pytest.mark.parametrize(("text", "type_", "participant"), EVENT_TYPES)
def test_trigger_yields_event_with_participant(claims_of: Callable[[str], list[Read]], text: str, type_: str,
                                               participant: str) -> None:
    found = [c for c in claims_of(text) if c.kind == "event" and c.type == type_]
    assert found and participant in found[0].participants


# (sentence, event type, status)
STATUSES = [
    ("The Jamhoori Watan Party will hold a rally next week.", "rally", "planned"),
    ("The Awami National Party is expected to hold a rally in Quetta.", "rally", "planned"),
    ("Party sources told reporters that the Awami National Party would hold a rally.", "rally", "planned"),
    ("The protest by the Awami National Party was called off.", "protest", "cancelled"),
    ("The rally of the Awami National Party was postponed.", "rally", "cancelled"),
    ("The Awami National Party did not merge with the Jamhoori Watan Party.", "merger", "negated"),
    ("Neither the Awami National Party nor the Jamhoori Watan Party has announced a merger.", "merger", "negated"),
    ("Bilal Chaudhry denied that the Awami National Party had split.", "split", "negated"),
    ("The Awami National Party has not split, Bilal Chaudhry said.", "split", "negated"),
    ("The Awami National Party reportedly held a rally in Quetta.", "rally", "uncertain"),
    ("The Awami National Party virtually split on Monday.", "split", "uncertain"),
    ("The Awami National Party has likely split.", "split", "uncertain"),
    ("The Awami National Party held a rally in Quetta.", "rally", "occurred"),
    ("The Awami National Party will contest next month's Senate election.", "election", "planned"),
    ("Nadia Qureshi announced the decision at a press conference in Quetta.", "press_conference", "occurred"),
    ("The Awami National Party held a rally on Monday. Bilal Chaudhry said the party would hold its next rally "
     "in Quetta.", "rally", "planned"),
]


@pytest.mark.parametrize(("text", "type_", "status"), STATUSES)
def test_cue_words_set_status(claims_of: Callable[[str], list[Read]], text: str, type_: str, status: str) -> None:
    assert (type_, status) in events(claims_of(text))


def test_trigger_inside_a_name_is_not_an_event(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("The Election Commission of Pakistan met in Quetta on Monday.")
    assert "election" not in {t for t, _ in events(claims)}


# (sentence, source, reported)
ATTRIBUTION = [
    ("Party sources told reporters that the Awami National Party would hold a rally.", "Party sources", True),
    ("The Awami National Party has not split, Bilal Chaudhry said.", "Bilal Chaudhry", True),
    ("The Awami National Party held a rally in Quetta.", None, False),
]


@pytest.mark.parametrize(("text", "source", "reported"), ATTRIBUTION)
def test_claim_records_who_asserts_it(claims_of: Callable[[str], list[Read]], text: str, source: str | None,
                                      reported: bool) -> None:
    found = [c for c in claims_of(text) if c.kind == "event"]
    assert found and all((c.source, c.reported) == (source, reported) for c in found)


# The tricky cases of issue 6, in our own words: (sentence, kind, type, status)
TRICKY = [
    # a merger that did not happen
    ("Her recent meetings with the Jamhoori Watan Party have not resulted in any merger, Nadia Qureshi said.",
     "event", "merger", "negated"),
    # a hypothetical alliance: willing to ally instead of joining
    ("The Awami National Party is willing to form an alliance with the Jamhoori Watan Party instead of joining it.",
     "relation", "allied_with", "planned"),
    # a called-off protest
    ("The protest by the Awami National Party was called off.", "event", "protest", "cancelled"),
    # a negated split
    ("Neither faction of the Awami National Party has formally announced a split.", "event", "split", "negated"),
    # a hedged split
    ("The two wings of the Awami National Party have now virtually split.", "event", "split", "uncertain"),
    # one clause, two relations: the leader of a named faction, and the faction part of its party
    ("Bilal Chaudhry, who heads a faction of the Awami National Party named Awami Reform Group (ARG), spoke.",
     "relation", "leader_of", "occurred"),
    ("Bilal Chaudhry, who heads a faction of the Awami National Party named Awami Reform Group (ARG), spoke.",
     "relation", "part_of", "occurred"),
    # a role in a title
    ("Awami National Party chief Bilal Chaudhry met Nadia Qureshi in Quetta.", "relation", "leader_of", "occurred"),
]


@pytest.mark.parametrize(("text", "kind", "type_", "status"), TRICKY)
def test_tricky_case(claims_of: Callable[[str], list[Read]], text: str, kind: str, type_: str, status: str) -> None:
    assert (kind, type_, status) in {(c.kind, c.type, c.status) for c in claims_of(text)}


def test_hypothetical_alliance_is_not_a_membership(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("The Awami National Party is willing to form an alliance with the Jamhoori Watan Party "
                       "instead of joining it.")
    assert not [c for c in claims if c.type == "member_of" and c.status == "occurred"]
    assert not [c for c in claims if c.kind == "event" and c.type == "join" and c.status == "occurred"]


def test_faction_clause_names_leader_and_party(claims_of: Callable[[str], list[Read]]) -> None:
    claims = claims_of("Bilal Chaudhry, who heads a faction of the Awami National Party named Awami Reform Group "
                       "(ARG), spoke.")
    rel = {(c.type, c.subject, c.object) for c in claims if c.kind == "relation"}
    assert ("leader_of", "Bilal Chaudhry", "Awami Reform Group") in rel
    assert ("part_of", "Awami Reform Group", ANP) in rel


@pytest.fixture(scope="module")
def raw_claims(pipeline: Pipeline) -> Callable[[str], list[Claim]]:
    """The event claims of ``text`` as extracted, with their references."""
    extractor = ClaimExtractor()

    def run(text: str) -> list[Claim]:
        return [c for c in extractor.extract(pipeline.analyse(Article.make("t.txt", text))) if c.kind == "event"]

    return run


def test_a_definite_reference_with_nothing_before_it_is_the_next_such_happening_told(raw_claims: Callable[[str], list[Claim]]) -> None:
    text = ("Hours after the meeting, Nadia Qureshi flew to Quetta. "
            "On Monday the Awami National Party delegation met Bilal Chaudhry at his home.")
    first, second = sorted((c for c in raw_claims(text) if c.type == "meeting"), key=lambda c: c.evidence)
    assert first.same_as is None and second.same_as == first.id


def test_an_indefinite_first_report_points_nowhere(raw_claims: Callable[[str], list[Claim]]) -> None:
    text = ("Nadia Qureshi held a meeting with party workers in Quetta. "
            "On Monday the Awami National Party delegation met Bilal Chaudhry at his home.")
    meetings = [c for c in raw_claims(text) if c.type == "meeting"]
    assert len(meetings) == 2 and all(c.same_as is None for c in meetings)


def test_a_forward_reference_does_not_join_a_happening_of_another_status(raw_claims: Callable[[str], list[Claim]]) -> None:
    text = ("After the meeting, Nadia Qureshi flew to Quetta. "
            "The Awami National Party will meet Bilal Chaudhry next week.")
    assert {c.status for c in raw_claims(text) if c.type == "meeting"} == {"occurred", "planned"}
    assert all(c.same_as is None for c in raw_claims(text) if c.type == "meeting")
