"""What re-consolidating a part of the graph finds claims and events by: keys computed from claims alone."""

from __future__ import annotations

import datetime as dt

import pytest

from factiongraph.graph.consolidate import (
    Context,
    chain_of,
    claim_index,
    consolidate,
    derive_events,
    fact_key_of,
    lookup_keys,
    merger_entities,
)
from factiongraph.model import Article, Claim, Fact, Interval

from .test_consolidate import TYPES, article, event, rel

D = dt.date
MARCH = Interval(D(2024, 3, 4), D(2024, 3, 4), "day")


def context(claims: list[Claim], articles: list[Article]) -> Context:
    ent = {m: m.split(":", 1)[1] for c in claims for m in (c.subject, c.object, *c.participants) if m}
    return Context(ent, TYPES, {a.id: a for a in articles})


@pytest.mark.parametrize(("date", "keys"), [
    (MARCH, ["meeting|ali|2024-03", "meeting|red|2024-03"]),
    (Interval(D(2024, 3, 20), D(2024, 4, 10), "unknown"), ["meeting|ali|2024-03", "meeting|ali|2024-04",
                                                           "meeting|red|2024-03", "meeting|red|2024-04"]),
    (None, []),  # dated only by its publication: never matched across articles, so it looks nothing up
])
def test_an_event_claim_looks_up_its_type_participants_and_months(date: Interval | None, keys: list[str]) -> None:
    c = event("c1", "a", "meeting", ["ali", "red"], date=date)
    ctx = context([c], [article("a", D(2024, 3, 5))])
    assert sorted(lookup_keys(c, ctx)) == keys


def test_an_event_is_offered_under_the_keys_a_report_of_another_article_looks_up() -> None:
    first = event("c1", "a", "meeting", ["ali", "red"], date=MARCH)
    second = event("c2", "b", "meeting", ["ali", "red"], date=MARCH)
    ctx = context([first, second], [article("a", D(2024, 3, 5)), article("b", D(2024, 3, 6))])
    events, offered = derive_events([first, second], ctx)
    assert len(events) == 1 and set(lookup_keys(second, ctx)) <= offered[events[0].id]


@pytest.mark.parametrize(("type_", "role", "obj", "chain"), [
    ("holds_office", "Governor of North", "north", "holds_office|governor|north"),
    ("holds_office", "Prime Minister", None, "holds_office|prime minister|"),
    ("holds_office", "Governor", None, None),  # a governor of no named place is no one's successor
    ("member_of", None, "red", None),
])
def test_single_valued_roles_put_facts_in_a_succession_chain(type_: str, role: str | None, obj: str | None,
                                                              chain: str | None) -> None:
    assert chain_of(type_, role, obj) == chain


def test_a_claim_is_indexed_by_its_fact_chain_and_entities() -> None:
    c = rel("c1", "a", "holds_office", "ali", "north", role="Governor of North")
    rows = claim_index(c, context([c], [article("a", D(2024, 3, 5))]))
    assert ("chain", "holds_office|governor|north") in rows
    assert {k for kind, k in rows if kind == "entity"} == {"ali", "north"}
    assert [k for kind, k in rows if kind == "fact"] == ['["holds_office", "ali", "north", "governor"]']


def test_a_fact_gives_back_the_key_it_was_built_under() -> None:
    c = rel("c1", "a", "holds_office", "ali", "north", role="Governor of North")
    facts, _ = consolidate([c], context([c], [article("a", D(2024, 3, 5))]))
    assert fact_key_of(facts[0]) == ("holds_office", "ali", "north", "governor")


def test_a_merger_reaches_its_participants_and_the_groups_they_belong_to() -> None:
    ev = event("c1", "a", "merger", ["ali", "red"], date=MARCH)
    facts = [Fact(id="f1", type="member_of", subject="ali", object="blue"),
             Fact(id="f2", type="allied_with", subject="red", object="green"),
             Fact(id="f3", type="member_of", subject="bina", object="green")]
    ctx = context([ev], [article("a", D(2024, 3, 5))])
    events, _ = derive_events([ev], ctx)
    assert merger_entities(events[0], facts) == {"ali", "red", "blue"}
