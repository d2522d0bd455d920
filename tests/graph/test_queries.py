"""As-of and timeline answers over a graph of the seed articles: the fast paths give what the
records give, in the same order, and the filters keep what they say."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import factiongraph as fg
from factiongraph.errors import BadQuery
from factiongraph.graph import queries

DAYS = ["2015-01-01", "2018-03-01", "2023-01-15", "2023-06-01", "2024-06-01", "2030-01-01"]


@pytest.fixture(scope="module")
def graph(seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[fg.Graph]:
    db = tmp_path_factory.mktemp("queries") / "g.db"
    shutil.copy(seeds_db, db)
    with fg.open(db) as g:
        yield g


def _without_views(graph: fg.Graph, tmp_path: Path) -> fg.Graph:
    """A copy of the graph whose facts have no stored views (as before store migration 3)."""
    db = tmp_path / "noviews.db"
    graph.store.conn.execute(f"VACUUM INTO '{db}'")
    g = fg.open(db)
    g.store.conn.execute("UPDATE facts SET view = NULL")
    return g


@pytest.mark.parametrize("day", DAYS)
def test_asof_json_is_the_asof_answer(graph: fg.Graph, day: str) -> None:
    assert json.loads(graph.asof_json(day)) == graph.asof(day)


@pytest.mark.parametrize("day", DAYS)
def test_an_answer_without_stored_views_is_the_same(graph: fg.Graph, tmp_path: Path, day: str) -> None:
    g = _without_views(graph, tmp_path)
    try:
        assert g.store.fact_views_asof(dt.date.fromisoformat(day)) is None or not g.asof(day)["relations"]
        assert g.asof(day) == graph.asof(day)
        assert g.asof_json(day) == graph.asof_json(day)
        assert g.asof(day, types=["member_of"]) == graph.asof(day, types=["member_of"])
    finally:
        g.close()


def test_asof_relations_are_ordered_by_id(graph: fg.Graph) -> None:
    ids = [r["id"] for r in graph.asof("2024-06-01")["relations"]]
    assert ids and ids == sorted(ids)


@pytest.mark.parametrize(("types", "kept"), [
    (["member_of"], {"member_of", "leader_of"}),   # a leader is a member
    (["leader_of"], {"leader_of"}),
    (["allied_with", "opposed_to"], {"allied_with", "opposed_to"}),
    ([], set()),
])
def test_a_type_filter_keeps_the_relations_of_those_types(graph: fg.Graph, types: list[str], kept: set[str]) -> None:
    full = graph.asof("2024-06-01")["relations"]
    got = graph.asof("2024-06-01", types=types)["relations"]
    assert got == [r for r in full if r["type"] in kept]
    assert json.loads(graph.asof_json("2024-06-01", types=types))["relations"] == got


def test_an_entity_filter_keeps_its_relations_as_subject_or_object(graph: fg.Graph) -> None:
    full = graph.asof("2024-06-01")["relations"]
    counts: dict[str, int] = {}
    for r in full:
        for e in (r["subject"], r["object"]):
            if e:
                counts[e] = counts.get(e, 0) + 1
    eid = max(counts, key=lambda e: (counts[e], e))
    name = graph.store.entity(eid).name  # type: ignore[union-attr]
    got = graph.asof("2024-06-01", entity=name)["relations"]
    assert got == [r for r in full if eid in (r["subject"], r["object"])] and len(got) == counts[eid]
    assert graph.asof("2024-06-01", entity=eid) == graph.asof("2024-06-01", entity=name)


@pytest.mark.parametrize("types", [["friend_of"], ["member_of", "Member_Of"]])
def test_an_unknown_relation_type_is_a_bad_query(graph: fg.Graph, types: list[str]) -> None:
    with pytest.raises(BadQuery, match="not a relation type"):
        graph.asof("2024-06-01", types=types)


def test_every_timeline_is_its_events_rendered_from_the_records(graph: fg.Graph) -> None:
    store = graph.store
    checked = 0
    for e in store.entities():
        events = sorted(store.events_of(e.id), key=lambda v: queries._sort_date(v.date))
        claims = store.claims_by_id(c for v in events for c in v.evidence)
        want = {"entity": queries.entity_dict(e), "events": [queries.event_dict(v, claims) for v in events]}
        assert queries.timeline(store, e) == want
        checked += bool(events)
    assert checked >= 5
