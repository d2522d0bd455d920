"""What re-consolidating a part of the graph finds claims and events by: keys computed from claims alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from factiongraph.graph.consolidate import (
    Context,
    Report,
    Tally,
    article_reports,
    base_facts,
    chain_of,
    claim_index,
    consolidate,
    derive_events,
    derive_facts,
    fact_key_of,
    finish_facts,
    group_reports,
    report_keys,
    reports,
)
from factiongraph.model import Article, Claim, Interval

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
def test_a_report_looks_up_its_type_participants_and_months(date: Interval | None, keys: list[str]) -> None:
    c = event("c1", "a", "meeting", ["ali", "red"], date=date)
    ctx = context([c], [article("a", D(2024, 3, 5))])
    [report] = article_reports([c], ctx)
    assert sorted(report_keys(report.event)) == keys


def index_of(claims: list[Claim], arts: list[Article]) -> tuple[dict[str, list[str]], dict[str, set[tuple[str, str]]]]:
    events, index = derive_events(claims, context(claims, arts))
    return {e.id: sorted(e.evidence) for e in events}, index


def test_an_event_is_offered_under_the_keys_of_every_report_it_is_made_of() -> None:
    first = event("c1", "a", "meeting", ["ali", "red"], date=MARCH)
    second = event("c2", "b", "meeting", ["ali", "red", "blue"], date=MARCH)
    evidence, index = index_of([first, second], [article("a", D(2024, 3, 5)), article("b", D(2024, 3, 6))])
    [(eid, cids)] = evidence.items()
    assert cids == ["c1", "c2"] and ("bucket", "meeting|blue|2024-03") in index[eid]


def test_reports_linked_in_a_chain_make_separate_events_of_one_group() -> None:
    """a-b overlap and b-c overlap, but a and c do not: one linked group, two happenings."""
    days = [Interval(D(2024, 3, 1), D(2024, 3, 10), "unknown"), Interval(D(2024, 3, 8), D(2024, 3, 20), "unknown"),
            Interval(D(2024, 3, 18), D(2024, 3, 30), "unknown")]
    claims = [event(f"c{i}", a, "meeting", ["ali", "red"], date=d) for i, (a, d) in enumerate(zip("abc", days, strict=True))]
    evidence, index = index_of(claims, [article(a, D(2024, 4, 1)) for a in "abc"])
    assert sorted(evidence.values()) == [["c0", "c1"], ["c2"]]
    groups = [{k for kind, k in rows if kind == "group"} for rows in index.values()]
    assert len(groups) == 2 and groups[0] == groups[1] and len(groups[0]) == 1


def test_kept_reports_group_into_the_events_of_their_claims() -> None:
    """Reports kept as dicts and read back give the events, index rows and dates of the claims themselves
    (an undated happening's assumed date comes from its first report's article)."""
    claims = [event("c1", "a", "meeting", ["ali", "red"], date=MARCH),
              event("c2", "b", "meeting", ["ali", "red"], date=MARCH),
              event("c3", "b", "rally", ["blue"], date=None),
              event("c4", "c", "meeting", ["ali", "red", "blue"], date=MARCH)]
    ctx = context(claims, [article(a, D(2024, 3, 5 + i)) for i, a in enumerate("abc")])
    kept = [Report.from_dict(r.to_dict()) for r in reports(claims, ctx)]
    assert [r.order() for r in kept] == [("a", 0), ("b", 0), ("b", 1), ("c", 0)]
    events, index, made_of = group_reports(sorted(reversed(kept), key=Report.order), ctx)
    assert (events, index) == derive_events(claims, ctx)
    assert {e.id: [r.article_id for r in made_of[e.id]] for e in events} == {
        e.id: ["b"] if e.type == "rally" else ["a", "b", "c"] for e in events}
    [rally] = [e for e in events if e.type == "rally"]
    assert rally.date is not None and rally.date.precision == "assumed"


def test_the_events_do_not_depend_on_the_order_the_claims_come_in() -> None:
    claims = [event(f"c{i}", a, "meeting", ps, date=MARCH) for i, (a, ps) in
              enumerate([("a", ["ali", "red"]), ("b", ["ali", "blue"]), ("c", ["ali", "red", "blue"]),
                         ("d", ["bina", "red"])])]
    arts = [article(a, D(2024, 3, 5)) for a in "abcd"]
    assert index_of(claims, arts) == index_of(claims[::-1], arts)


@pytest.mark.parametrize(("type_", "role", "obj", "chain"), [
    ("holds_office", "Governor of North", "north", "holds_office|governor|north"),
    ("holds_office", "Prime Minister", None, "holds_office|prime minister|"),
    ("holds_office", "Governor", None, None),  # a governor of no named place is no one's successor
    ("member_of", None, "red", None),
])
def test_single_valued_roles_put_facts_in_a_succession_chain(type_: str, role: str | None, obj: str | None,
                                                              chain: str | None) -> None:
    assert chain_of(type_, role, obj) == chain


def test_a_claim_is_indexed_by_its_fact_and_entities() -> None:
    c = rel("c1", "a", "holds_office", "ali", "north", role="Governor of North")
    rows = claim_index(c, context([c], [article("a", D(2024, 3, 5))]))
    assert {k for kind, k in rows if kind == "entity"} == {"ali", "north"}
    assert [k for kind, k in rows if kind == "fact"] == ['["holds_office", "ali", "north", "governor"]']


def test_a_fact_gives_back_the_key_it_was_built_under() -> None:
    c = rel("c1", "a", "holds_office", "ali", "north", role="Governor of North")
    facts, _ = consolidate([c], context([c], [article("a", D(2024, 3, 5))]))
    assert fact_key_of(facts[0]) == ("holds_office", "ali", "north", "governor")


def test_the_rules_run_over_base_facts_without_changing_them() -> None:
    """A merger ends a membership: the base fact stays open, the finished one is ended."""
    claims = [rel("c1", "a", "member_of", "ali", "blue"), rel("c2", "a", "member_of", "bina", "blue"),
              event("c3", "b", "merger", ["blue", "red"], date=MARCH), rel("c4", "b", "member_of", "chand", "red")]
    ctx = context(claims, [article("a", D(2024, 1, 5)), article("b", D(2024, 3, 5))])
    events, _ = derive_events(claims, ctx)
    base = base_facts(claims, ctx)
    facts = finish_facts(base, events, ctx)
    key = ("member_of", "ali", "blue", None)
    assert facts[key].ended and not base[key].ended
    assert facts == derive_facts(claims, events, ctx)


def test_a_tally_added_to_in_parts_gives_the_fact_of_all_its_claims_at_once() -> None:
    """What lets an ingest add new claims to a key without reading its old ones."""
    june = Interval(D(2024, 6, 1), D(2024, 6, 30), "month")
    claims = [rel("c3", "a", "holds_office", "ali", "north", role="Governor of North"),
              rel("c1", "b", "holds_office", "ali", "north", role="Governor", aspect="begins", date=MARCH),
              rel("c5", "c", "holds_office", "ali", "north", status="negated"),
              rel("c2", "c", "holds_office", "ali", "north", role="Governor of North", aspect="ends", date=june),
              rel("c4", "d", "holds_office", "ali", "north", aspect="formerly")]
    claims = [replace(c, confidence=x) for c, x in zip(claims, (0.7, 0.4, 0.9, 0.55, 0.7), strict=True)]
    arts = [article(a, D(2024, m, 5)) for a, m in (("a", 4), ("b", 3), ("c", 7), ("d", 9))]
    ctx = context(claims, arts)
    key = ("holds_office", "ali", "north", "governor")
    whole = Tally().add(claims, ctx)
    for cut in range(1, len(claims)):
        parts = Tally().add(claims[:cut], ctx)
        stored = Tally.from_dict(parts.to_dict())
        assert stored.add(claims[cut:], ctx) == whole
    f = whole.fact(key)
    assert f is not None and f.evidence == ["c1", "c2", "c3", "c4"] and f.against == ["c5"]
    assert f.ended and f.ended_by == ["c2", "c4"] and f.role == "Governor of North"
    assert f.first_seen == D(2024, 4, 5) and f.confidence == round(1 - 0.3 * 0.6 * 0.45 * 0.3, 3)


def test_a_claim_taken_out_of_a_tally_and_added_again_under_its_articles_new_date_counts_as_if_new() -> None:
    """What lets an ingest count again the claims of a re-dated article without reading their keys' others."""
    claims = [rel("c1", "a", "member_of", "ali", "blue", role="Senator"),
              rel("c2", "b", "member_of", "ali", "blue", role="Senator"),
              rel("c3", "b", "member_of", "ali", "blue", aspect="ends", date=MARCH),
              rel("c4", "c", "member_of", "ali", "blue", status="negated"),
              rel("c5", "c", "member_of", "ali", "blue", aspect="formerly")]
    claims = [replace(c, confidence=x) for c, x in zip(claims, (0.7, 0.4, 0.9, 0.5, 0.7), strict=True)]
    arts = [article("a", D(2024, 1, 5)), article("b", D(2024, 2, 5)), article("c", D(2024, 9, 5))]
    redated = [article("a", D(2023, 11, 5)), article("b", D(2024, 2, 5)), article("c", D(2024, 4, 5))]
    old, new = context(claims, arts), context(claims, redated)
    stored = Tally.from_dict(Tally().add(claims, old).to_dict())
    for moved in ([claims[0]], claims[3:], claims):
        again = stored.remove(moved).add(moved, new)
        assert again == Tally().add([c for c in claims if c not in moved], old).add(moved, new)
    key = ("member_of", "ali", "blue", None)
    first = Tally().add(claims, new).fact(key)
    assert first is not None and first.first_seen == D(2023, 11, 5) and first.last_confirmed == D(2024, 2, 5)
    assert stored.remove(claims) == Tally()


def test_a_key_only_denied_has_a_tally_but_no_fact() -> None:
    c = rel("c1", "a", "member_of", "ali", "red", status="negated")
    t = Tally().add([c], context([c], [article("a", D(2024, 3, 5))]))
    assert t.against == ["c1"] and t.fact(("member_of", "ali", "red", None)) is None
