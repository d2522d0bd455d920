"""The write path records what changed since the last consolidation, and the claim index finds claims."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest

from factiongraph.model import Article, Claim, Entity, Event, Fact, Interval, Mention
from factiongraph.store import Store, record_json


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        with s.transaction():
            s.clear_pending(["full"])  # a new database asks for one full consolidation; not what these test
        yield s


def article(text: str) -> Article:
    return Article.make(f"{text}.txt", text, published=Interval.unknown())


def test_a_new_database_asks_for_a_full_consolidation(db_url: str) -> None:
    with Store.open(db_url) as s:
        assert s.pending() == {"full": {""}}


def test_storing_claims_marks_their_article(store: Store) -> None:
    a = article("one")
    with store.transaction():
        store.add_article(a)
        store.add_claims([Claim(id="c1", article_id=a.id, kind="relation", type="member_of")])
    assert store.pending() == {"article": {a.id}}


def test_linking_mentions_marks_their_article_and_moving_them_marks_the_old_entity(store: Store) -> None:
    a = article("two")
    m = Mention(a.id, 0, 3, "two", "person")
    with store.transaction():
        store.add_article(a)
        store.add_mentions([m])
        store.clear_pending()
        store.set_mention_entities({m.id: "e1"})
        store.move_mentions({"e1": "e2"})
    assert store.pending() == {"article": {a.id}, "entity": {"e1"}}


@pytest.mark.parametrize(("new_type", "marked"), [("person", {}), ("party", {"entity": {"e1"}})])
def test_an_entity_whose_type_changes_is_marked(store: Store, new_type: str, marked: dict[str, set[str]]) -> None:
    with store.transaction():
        store.put_entities([Entity(id="e1", type="person", name="Ada")])
        store.clear_pending()
        store.put_entities([Entity(id="e1", type=new_type, name="Ada")])
    assert store.pending() == marked


def test_clearing_after_consolidation_keeps_the_dating_marks(store: Store) -> None:
    with store.transaction():
        store.mark_pending("article", ["a1"])
        store.mark_pending("date", ["a2"])
        store.clear_pending()
    assert store.pending() == {"date": {"a2"}}


def test_the_claim_index_finds_claims_by_key_and_is_replaced_per_claim(store: Store) -> None:
    with store.transaction():
        store.index_claims({"c1": ("a1", [("fact", "k1"), ("entity", "e1")]), "c2": ("a2", [("entity", "e1")])})
        store.index_claims({"c1": ("a1", [("fact", "k2")])})
    assert store.claims_with_keys("entity", ["e1"]) == {"c2": "a2"}
    assert store.claims_with_keys("fact", ["k1", "k2"]) == {"c1": "a1"}
    assert store.claim_keys_of(["c1", "c2"], "entity") == {"c2": ["e1"]}


def test_the_articles_of_a_key_are_found_once_each(store: Store) -> None:
    with store.transaction():
        store.index_claims({"c1": ("a1", [("fact", "k1")]), "c2": ("a1", [("fact", "k1")]),
                            "c3": ("a2", [("fact", "k2")]), "c4": ("a3", [("entity", "k1")])})
    assert store.articles_with_keys("fact", ["k1", "k2", "k3"]) == {"a1", "a2"}
    assert store.articles_with_keys("fact", []) == set()


@pytest.mark.parametrize(("published", "basis", "undated"), [
    (Interval.unknown(), "unknown", True),
    (Interval.day(dt.date(2024, 5, 1)), "header", False),
    (Interval.day(dt.date(2024, 5, 1)), "corpus", False),
    (Interval(dt.date(2024, 5, 1), dt.date(2024, 5, 9), "unknown"), "corpus", True),
    (Interval(dt.date(2024, 5, 1), dt.date(2024, 5, 9), "unknown"), "metadata", False),
])
def test_the_articles_of_a_key_can_be_only_the_undated_ones(store: Store, published: Interval, basis: str,
                                                            undated: bool) -> None:
    a = replace(article("Ada met Bob."), published=published, basis=basis)
    with store.transaction():
        store.add_article(a)
        store.index_claims({"c1": (a.id, [("fact", "k1")])})
    assert store.articles_with_keys("fact", ["k1"], undated_only=True) == ({a.id} if undated else set())
    assert store.articles_with_keys("fact", ["k1"]) == {a.id}
    assert (a.id in store.article_dates(undated_only=True)) == undated


def test_derived_keys_are_replaced_per_owner_or_per_kind(store: Store) -> None:
    with store.transaction():
        store.put_derived_keys([("v1", "claim", "c1"), ("v1", "ent", "e1"), ("v2", "ent", "e1")])
        store.put_derived_keys([("v1", "ent", "e2")], kind="ent")
        store.put_derived_keys([], remove=["v2"])
    assert store.derived_with_keys("ent", ["e1", "e2"]) == {"v1": ["e2"]}
    assert store.derived_keys_of(["v1"], "claim") == {"v1": ["c1"]}


def report(article: str, seq: int) -> dict[str, object]:
    return {"article_id": article, "seq": seq, "event": {"id": "", "type": "meeting", "evidence": [f"c{seq}"]}}


def row(article: str, seq: int) -> tuple[str, int, str]:
    return article, seq, record_json(report(article, seq))


def test_event_reports_are_replaced_per_event_and_read_in_article_order(store: Store) -> None:
    with store.transaction():
        store.put_event_reports({"v1": [row("b", 0), row("a", 1), row("a", 0)], "v2": [row("c", 0)]})
        store.put_event_reports({"v3": [row("d", 2)]}, remove=["v2"])
    assert store.event_reports(["v1", "v2", "v3", "v4"]) == {
        "v1": [report("a", 0), report("a", 1), report("b", 0)], "v3": [report("d", 2)]}
    with store.transaction():
        store.put_event_reports({"v5": [row("e", 0)]}, everything=True)
    assert store.event_reports(["v1", "v3", "v5"]) == {"v5": [report("e", 0)]}


def test_event_reports_are_read_with_the_text_they_were_written_as(store: Store) -> None:
    """What lets a report kept unchanged be written back without encoding it again."""
    with store.transaction():
        store.put_event_reports({"v1": [row("b", 0), row("a", 1)]})
    assert store.event_report_records(["v1"]) == {"v1": [(row(a, s)[2], report(a, s)) for a, s in (("a", 1), ("b", 0))]}


def test_syncing_events_in_a_scope_touches_only_those(store: Store) -> None:
    old, other = (Event(id=i, type="meeting", status="occurred", participants=["e1"]) for i in ("v1", "v2"))
    new = Event(id="v3", type="rally", status="occurred", participants=["e2"])
    with store.transaction():
        store.replace_events([old, other])
        assert store.sync_events([new], {"v1"}) == 2
    assert [e.id for e in store.events()] == ["v2", "v3"]


def test_syncing_facts_writes_only_what_differs(store: Store) -> None:
    keep, old, new = (Fact(id=i, type="member_of", subject="e1", object=o) for i, o in
                      (("f1", "e2"), ("f2", "e3"), ("f3", "e4")))
    with store.transaction():
        store.replace_facts([keep, old], render=lambda f: {"id": f.id})
        changed: set[str] = set()
        assert store.sync_facts([keep, new], render=lambda f: {"id": f.id}, changed=changed) == 2
    assert [f.id for f in store.facts()] == ["f1", "f3"] and changed == {"f2", "f3"}


def test_tallies_are_kept_by_key_and_replaced_or_deleted_per_key(store: Store) -> None:
    with store.transaction():
        store.put_tallies({"k1": {"n": 1}, "k2": {"n": 2}})
        store.put_tallies({"k1": None, "k2": {"n": 3}})
    assert store.tallies() == {"k2": {"n": 3}} and store.tallies(["k1", "k2"]) == {"k2": {"n": 3}}
    with store.transaction():
        store.put_tallies({"k3": {"n": 4}}, everything=True)
    assert store.tallies() == {"k3": {"n": 4}}

