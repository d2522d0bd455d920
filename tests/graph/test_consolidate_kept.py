"""Grouping reports kept with the graph (:class:`Kept`) with reports made again gives exactly the events of
grouping every report afresh, while comparing only the pairs whose link may have changed."""

from __future__ import annotations

import datetime as dt

import pytest

from factiongraph.graph import consolidate as cons
from factiongraph.graph.consolidate import Context, Grouped, Kept, Report, group_reports, reports
from factiongraph.model import Article, Claim, Interval

from .test_consolidate import TYPES, article, event

D = dt.date
MARCH = Interval(D(2024, 3, 4), D(2024, 3, 4), "day")


def days(a: int, b: int) -> Interval:
    return Interval(D(2024, 3, a), D(2024, 3, b), "unknown")


def context(claims: list[Claim], articles: list[Article]) -> Context:
    ent = {m: m.split(":", 1)[1] for c in claims for m in c.participants}
    return Context(ent, TYPES, {a.id: a for a in articles})


def kept_of(claims: list[Claim], ctx: Context, changed: set[str]) -> list[Report]:
    """The reports a scope keeps after a full pass over ``claims``: those of the articles not in ``changed``,
    each marked with its event and linked group, whole when none of the group's articles changed."""
    _, index, made_of = group_reports(reports(claims, ctx), ctx)
    group = {eid: key for eid, rows in index.items() for kind, key in rows if kind == "group"}
    broken = {group[eid] for eid, rs in made_of.items() if any(r.article_id in changed for r in rs)}
    return [Report(r.article_id, r.event, r.seq, Kept(eid, group[eid], group[eid] not in broken, ""))
            for eid, rs in made_of.items() for r in rs if r.article_id not in changed]


def regroup(before: list[Claim], after: list[Claim], changed: set[str]) -> tuple[Grouped, Grouped]:
    """(grouping the kept reports of ``before`` with the reports of the ``changed`` articles' claims in
    ``after``, grouping every report of ``after`` afresh)."""
    arts = [article(a, D(2024, 4, 1)) for a in sorted({c.article_id for c in before + after})]
    ctx = context(before + after, arts)
    made = reports([c for c in after if c.article_id in changed], ctx)
    kept = kept_of(before, ctx, changed)
    return group_reports(sorted(kept + made, key=Report.order), ctx), group_reports(reports(after, ctx), ctx)


def groups_of(grouped: Grouped) -> list[list[str]]:
    """The evidence of each linked group."""
    events, index, _ = grouped
    by_group: dict[str, list[str]] = {}
    for e in events:
        [g] = [k for kind, k in index[e.id] if kind == "group"]
        by_group.setdefault(g, []).extend(e.evidence)
    return sorted(sorted(cs) for cs in by_group.values())


CHAIN = [event("a1", "a", "meeting", ["ali", "red"], date=days(1, 10)),
         event("b1", "b", "meeting", ["ali", "red"], date=days(8, 20)),
         event("c1", "c", "meeting", ["ali", "red"], date=days(18, 30))]  # a-b and b-c link, a-c do not
PAIRS = [event("a1", "a", "meeting", ["ali", "red"], date=MARCH), event("b1", "b", "meeting", ["ali", "red"], date=MARCH),
         event("c1", "c", "meeting", ["blue", "green"], date=MARCH),
         event("d1", "d", "meeting", ["blue", "green"], date=MARCH)]  # two groups of two, in one month


@pytest.mark.parametrize(("before", "after", "changed", "groups"), [
    # the report that linked a chain now tells another happening: the rest of its group splits
    (CHAIN, [*CHAIN[:1], event("b1", "b", "rally", ["ali", "red"], date=days(8, 20)), *CHAIN[2:]], {"b"},
     [["a1"], ["b1"], ["c1"]]),
    # ... or its article is gone
    (CHAIN, [CHAIN[0], CHAIN[2]], {"b"}, [["a1"], ["c1"]]),
    # its article changed but says the same: the group stands
    (CHAIN, CHAIN, {"b"}, [["a1", "b1", "c1"]]),
    # a new report links two whole groups into one
    (PAIRS, [*PAIRS, event("e1", "e", "meeting", ["ali", "red", "blue", "green"], date=MARCH)], {"e"},
     [["a1", "b1", "c1", "d1", "e1"]]),
    # a new report of one group leaves the other as it was
    (PAIRS, [*PAIRS, event("e1", "e", "meeting", ["blue", "green"], date=MARCH)], {"e"},
     [["a1", "b1"], ["c1", "d1", "e1"]]),
    # one group's report changes, the other group is whole
    (PAIRS, [*PAIRS[:3], event("d1", "d", "meeting", ["bina"], date=MARCH)], {"d"},
     [["a1", "b1"], ["c1"], ["d1"]]),
])
def test_kept_reports_group_into_the_events_of_grouping_all_afresh(
        before: list[Claim], after: list[Claim], changed: set[str], groups: list[list[str]]) -> None:
    kept, fresh = regroup(before, after, changed)
    assert kept == fresh
    assert groups_of(kept) == groups


def test_kept_reports_of_whole_groups_are_not_compared_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two groups offered under a shared key: afresh their reports are compared with each other, kept whole
    they are not (if they linked they would be one group); a new report is compared with all."""
    before = [*PAIRS[:2], event("c1", "c", "meeting", ["ali", "blue", "green"], date=MARCH),
              event("d1", "d", "meeting", ["ali", "blue", "green"], date=MARCH)]  # "ali" in both groups
    new = event("e1", "e", "meeting", ["ali", "bina"], date=MARCH)
    ctx = context([*before, new], [article(a, D(2024, 4, 1)) for a in "abcde"])
    kept, made = kept_of(before, ctx, {"e"}), reports([new], ctx)
    compared: list[set[str]] = []
    links = cons.links

    def counted(a: Report, b: Report) -> bool:
        compared.append({a.article_id, b.article_id})
        return links(a, b)

    monkeypatch.setattr(cons, "links", counted)
    got = group_reports(sorted(kept + made, key=Report.order), ctx)
    with_kept = compared[:]
    del compared[:]
    assert got == group_reports(reports([*before, new], ctx), ctx)
    assert groups_of(got) == [["a1", "b1"], ["c1", "d1"], ["e1"]]
    assert {"a", "c"} in compared and all("e" in pair for pair in with_kept)
    assert sorted(min(pair) for pair in with_kept) == ["a", "b", "c", "d"]


def test_a_report_keeps_the_lookup_keys_of_its_event() -> None:
    c = event("c1", "a", "meeting", ["ali", "red"], date=MARCH)
    [r] = reports([c], context([c], [article("a", D(2024, 3, 5))]))
    assert r.keys == cons.report_keys(r.event) == ["meeting|ali|2024-03", "meeting|red|2024-03"]


SOME = [event("a1", "a", "meeting", ["ali", "red"], date=MARCH), event("b1", "b", "meeting", ["ali", "red"], date=MARCH),
        event("b2", "b", "meeting", ["ali", "red"], date=days(1, 20)),
        event("c1", "c", "meeting", ["ali", "red", "blue"], date=MARCH),
        event("d1", "d", "meeting", ["ali", "blue", "green", "bina"], date=MARCH),
        event("e1", "e", "meeting", ["ali", "red"], status="planned", date=MARCH),
        event("f1", "f", "rally", ["ali", "red"], date=MARCH), event("g1", "g", "meeting", ["ali", "red"], date=None),
        event("h1", "h", "meeting", ["ali", "red"], date=days(20, 30))]


def test_a_record_that_may_not_link_never_links() -> None:
    """:func:`may_link` is what lets the scope skip decoding a kept report: it must not miss a link."""
    ctx = context(SOME, [article(a, D(2024, 3, 5)) for a in "abcdefgh"])
    rs = reports(SOME, ctx)
    pairs = [(a, b) for a in rs for b in rs]
    assert all(cons.may_link(a.to_dict(), b) for a, b in pairs if cons.links(a, b))
    assert 0 < sum(cons.links(a, b) for a, b in pairs) < sum(cons.may_link(a.to_dict(), b) for a, b in pairs) \
        < len(pairs)
