"""The read path of as-of and timeline answers: stored views as text, ordered by id, filtered in SQL.

Every test runs on both backends (the ``db_url`` fixture of conftest.py).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterator
from typing import Any

import pytest

from factiongraph.model import Claim, Event, Fact, Interval
from factiongraph.store import Citation, Store

D = dt.date.fromisoformat


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


def fact(fid: str, ftype: str = "member_of", subject: str = "e1", obj: str | None = "e2",
         start: str = "2020-01-01", end: str | None = None) -> Fact:
    return Fact(id=fid, type=ftype, subject=subject, object=obj, start=Interval(None, D(start), "day"),
                end=Interval(D(end), D(end), "day") if end else None, ended=end is not None)


def view(f: Fact) -> dict[str, Any]:
    return {"id": f.id, "type": f.type, "subject": f.subject, "object": f.object, "note": "é"}


# ids whose code-point order differs from a locale's ("B" before "a", "f10" before "f2")
FACTS = [fact("f2"), fact("a1", "leader_of", "e3", "e2"), fact("B7", "allied_with", "e2", "e4"),
         fact("f10", "holds_office", "e1", None), fact("old", end="2021-01-01"), fact("late", start="2024-01-01")]


def _put(store: Store, facts: list[Fact]) -> None:
    with store.transaction():
        store.replace_facts(facts, render=view)


@pytest.mark.parametrize(("day", "expected"), [
    ("2019-12-31", []),
    ("2020-06-01", ["B7", "a1", "f10", "f2", "old"]),
    ("2022-01-01", ["B7", "a1", "f10", "f2"]),
    ("2025-01-01", ["B7", "a1", "f10", "f2", "late"]),
])
def test_view_texts_hold_on_the_day_in_code_point_order_of_ids(store: Store, day: str, expected: list[str]) -> None:
    _put(store, list(reversed(FACTS)))
    texts = store.fact_view_texts_asof(D(day))
    assert texts is not None
    assert [json.loads(t)["id"] for t in texts] == expected == [f.id for f in store.facts_asof(D(day))]
    assert store.fact_views_asof(D(day)) == [json.loads(t) for t in texts]


@pytest.mark.parametrize(("types", "entity", "expected"), [
    (["member_of"], None, ["f2", "old"]),
    (["member_of", "leader_of"], None, ["a1", "f2", "old"]),
    ([], None, []),
    (None, "e2", ["B7", "a1", "f2", "old"]),             # as subject or as object
    (None, "e4", ["B7"]),
    (["holds_office"], "e1", ["f10"]),
    (["allied_with"], "e1", []),
])
def test_view_texts_keep_only_the_types_and_entity_asked_for(store: Store, types: list[str] | None,
                                                             entity: str | None, expected: list[str]) -> None:
    _put(store, FACTS)
    texts = store.fact_view_texts_asof(D("2020-06-01"), types=types, entity=entity)
    assert texts is not None
    assert [json.loads(t)["id"] for t in texts] == expected


def test_a_fact_without_a_view_makes_the_views_unavailable(store: Store) -> None:
    _put(store, FACTS[:2])
    with store.transaction():
        store.replace_facts([fact("f3")])  # no render: no view
    assert store.fact_view_texts_asof(D("2020-06-01")) is None
    assert store.fact_views_asof(D("2020-06-01")) is None
    assert store.fact_view_texts_asof(D("2020-06-01"), types=["leader_of"]) is not None  # f3 is not selected


@pytest.mark.parametrize("enabled", [True, False])
def test_decoding_views_leaves_garbage_collection_as_it_was(store: Store, enabled: bool) -> None:
    _put(store, FACTS)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert store.fact_views_asof(D("2020-06-01"))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_event_records_of_an_entity_are_the_stored_events_in_the_same_order(store: Store) -> None:
    events = [Event(id=f"v{i}", type="meeting", status="occurred", participants=["e1", f"e{i + 2}"],
                    date=Interval(D(f"202{i % 3}-01-0{i + 1}"), D(f"202{i % 3}-01-0{i + 1}"), "day") if i else None,
                    evidence=[f"c{i}"]) for i in range(5)]
    with store.transaction():
        store.replace_events(events)
    assert store.event_records_of("e1") == [e.to_dict() for e in store.events_of("e1")]
    assert [r["id"] for r in store.event_records_of("e3")] == ["v1"]
    assert store.event_records_of("nobody") == []


def test_claim_citations_show_each_claims_document_span_trigger_and_source(store: Store) -> None:
    from factiongraph.model import Article

    a = Article.make("a.txt", "Someone said something about a party.")
    claims = [Claim(id="c1", article_id=a.id, kind="relation", type="member_of", evidence=(0, 12), trigger="said"),
              Claim(id="c2", article_id=a.id, kind="event", type="meeting", evidence=(13, 20), source="e9")]
    with store.transaction():
        store.add_article(a)
        store.add_claims(claims)
    got = store.claim_citations(["c1", "c2", "c-missing"])
    assert got == {"c1": Citation(a.id, (0, 12), "said", None), "c2": Citation(a.id, (13, 20), None, "e9")}


def _other(store: Store) -> Store:
    """A second connection to the same database (another process, as far as the database knows)."""
    return Store.open(store.url)


@pytest.mark.parametrize("write", [
    pytest.param(lambda s: s.replace_facts([fact("new")], render=view), id="insert"),
    pytest.param(lambda s: s.replace_facts([fact("f2", end="2022-02-02")], render=view), id="update"),
    pytest.param(lambda s: s.replace_facts([], remove=["f2"]), id="remove"),
    pytest.param(lambda s: s.clear_derived(), id="clear"),
    pytest.param(lambda s: s._exec("UPDATE facts SET view = NULL WHERE id = 'a1'"), id="any SQL"),
])
def test_every_committed_write_to_the_facts_changes_their_revision(store: Store, write: Any) -> None:
    _put(store, FACTS)
    before = store.facts_revision()
    with _other(store) as writer, writer.transaction():
        write(writer)
    assert before is not None and store.facts_revision() not in (None, before)


def test_a_write_elsewhere_or_rolled_back_leaves_the_facts_revision(store: Store) -> None:
    from factiongraph.model import Article

    _put(store, FACTS)
    before = store.facts_revision()
    with _other(store) as writer:
        with writer.transaction():
            writer.add_article(Article.make("a.txt", "Some text."))
        with pytest.raises(RuntimeError), writer.transaction():
            writer.replace_facts([fact("new")], render=view)
            raise RuntimeError("undone")
    assert store.facts_revision() == before


def test_a_snapshot_reads_the_revision_of_the_rows_it_reads(store: Store) -> None:
    _put(store, FACTS)
    with store.snapshot():
        before = store.facts_revision()
        ids = store.fact_ids_asof(D("2020-06-01"))
        with _other(store) as writer, writer.transaction():
            writer.replace_facts([fact("new")], render=view)
        assert (store.facts_revision(), store.fact_ids_asof(D("2020-06-01"))) == (before, ids)
    assert store.facts_revision() != before and "new" in store.fact_ids_asof(D("2020-06-01"))


@pytest.mark.parametrize(("day", "types", "entity"), [
    ("2020-06-01", None, None), ("2022-01-01", None, None), ("2019-01-01", None, None),
    ("2020-06-01", ["member_of", "leader_of"], None), ("2020-06-01", [], None), ("2025-01-01", None, "e2"),
])
def test_fact_ids_asof_are_the_ids_of_the_views_asof(store: Store, day: str, types: list[str] | None,
                                                     entity: str | None) -> None:
    _put(store, list(reversed(FACTS)))
    pairs = store.fact_view_pairs_asof(D(day), types=types, entity=entity)
    texts = store.fact_view_texts_asof(D(day), types=types, entity=entity)
    assert store.fact_ids_asof(D(day), types=types, entity=entity) == [p[0] for p in pairs]
    assert texts == [p[1] for p in pairs]
    assert store.fact_view_texts_by_id([p[0] for p in pairs] + ["missing"]) == dict(pairs)


def test_a_database_opened_before_the_revision_counter_has_none(store: Store) -> None:
    store._exec("DELETE FROM schema_migrations WHERE version = 7")
    store._finish_read()
    with Store.open(store.url, create=False) as reader:
        assert reader.facts_revision() is None
