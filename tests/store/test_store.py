"""The store on SQLite and PostgreSQL: the same answers, in the same order, on both.

Every test here runs on both backends (the ``db_url`` fixture of conftest.py);
the PostgreSQL cases are marked ``postgres``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import factiongraph as fg
from factiongraph import cli
from factiongraph.api import ArticleResult
from factiongraph.errors import StoreError
from factiongraph.ingest import read_paths
from factiongraph.model import Article, Claim, Entity, Event, Fact, Interval, Mention
from factiongraph.store import ClaimRows, Store
from factiongraph.store.migrations import MIGRATIONS

from .conftest import BACKENDS, fresh_database

D = dt.date.fromisoformat


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


def art(text: str, source: str = "a.txt", **kw: Any) -> Article:
    return Article.make(source, text, **kw)


def claim(cid: str, article_id: str, **kw: Any) -> Claim:
    return Claim(id=cid, article_id=article_id, kind="relation", type="member_of", **kw)


def fact(fid: str, start: str | None = None, end: str | None = None, *, first_seen: str | None = None,
         subject: str = "e1", obj: str | None = "e2") -> Fact:
    return Fact(id=fid, type="member_of", subject=subject, object=obj,
                start=Interval(None, D(start), "day") if start else None,
                end=Interval(D(end), D(end), "day") if end else None, ended=end is not None,
                first_seen=D(first_seen) if first_seen else None)


def event(vid: str, day: str | None, participants: list[str]) -> Event:
    return Event(id=vid, type="meeting", status="occurred", participants=participants,
                 date=Interval(D(day), D(day), "day") if day else None)


# ---------------------------------------------------------------------- schema
def test_migrations_apply_once_and_reopening_changes_nothing(db_url: str) -> None:
    with Store.open(db_url) as s:
        assert s.schema_version() == MIGRATIONS[-1][0]
        assert s.migrate() == []
    with Store.open(db_url) as again:
        assert again.migrate() == []
        assert again.schema_version() == MIGRATIONS[-1][0]


def test_migration_10_takes_the_mention_lists_out_of_entity_records(db_url: str) -> None:
    with Store.open(db_url) as s, s.transaction():
        s.put_entities([Entity("e1", "party", "Alpha Party", {"Alpha Party": 2})])
        # what a database written before migration 10 holds: the mention ids in the record
        s._exec("UPDATE entities SET data = ? WHERE id = 'e1'",
                (json.dumps({"id": "e1", "type": "party", "name": "Alpha Party", "aliases": {"Alpha Party": 2},
                             "mentions": ["a1:0:11", "a2:5:16"], "reasons": [], "roles": {}}),))
        s._exec("DELETE FROM schema_migrations WHERE version = 10")
    with Store.open(db_url) as again:
        assert again.schema_version() == MIGRATIONS[-1][0]
        (data,) = again._rows("SELECT data FROM entities WHERE id = 'e1'")[0]
        assert "mentions" not in json.loads(data)
        assert again.entity("e1") == Entity("e1", "party", "Alpha Party", {"Alpha Party": 2})


# ---------------------------------------------------------------------- articles
def test_an_article_is_stored_once_and_read_back_whole(store: Store) -> None:
    a = art("KARACHI: The leaders met on Monday.", title="Leaders meet", url="https://example.org/1",
            published=Interval.day(D("2023-01-02")), basis="header", basis_evidence=" date 2023-01-02",
            dateline="KARACHI")
    with store.transaction():
        assert store.add_article(a) is True
    with store.transaction():
        assert store.add_article(a) is False
    assert store.articles() == [a]
    assert store.article(a.id) == a
    assert store.article("missing") is None
    assert store.count("articles") == 1
    assert store.article_ids() == {a.id}


def test_articles_come_back_in_the_order_they_were_stored(store: Store) -> None:
    texts = ["Zeta text about a meeting.", "Alpha text about a rally.", "Mid text about a split."]
    with store.transaction():
        for t in texts:
            store.add_article(art(t))
    assert [a.text for a in store.articles()] == texts


@pytest.mark.parametrize("text", [
    "کراچی: متحدہ قومی موومنٹ کے رہنماؤں نے ملاقات کی۔",
    "Emoji 🙂, quotes “like these”, a tab\tand\r\nWindows line ends.",
    "Percent signs 100% and question marks? and 'single' quotes; DROP TABLE articles; --",
])
def test_any_unicode_text_round_trips_exactly(store: Store, text: str) -> None:
    a = art(text)
    with store.transaction():
        store.add_article(a)
    got = store.article(a.id)
    assert got is not None and got.text == text


def test_update_article_changes_the_publication_interval_only(store: Store) -> None:
    a = art("The leaders met.")
    with store.transaction():
        store.add_article(a)
        store.update_article(Article(**{**a.__dict__, "published": Interval(D("2023-01-01"), D("2023-01-31"),
                                                                            "month"), "basis": "corpus"}))
    got = store.article(a.id)
    assert got is not None
    assert (got.published, got.basis, got.text) == (Interval(D("2023-01-01"), D("2023-01-31"), "month"),
                                                     "corpus", a.text)


def test_count_refuses_an_unknown_table(store: Store) -> None:
    with pytest.raises(ValueError):
        store.count("articles; DROP TABLE articles")


# ---------------------------------------------------------------------- mentions and entities
def test_mentions_come_back_by_article_then_offset(store: Store) -> None:
    a, b = art("First article text."), art("Second article text.")
    ms = [Mention(b.id, 7, 14, "article", "person"), Mention(a.id, 6, 13, "article", "party"),
          Mention(a.id, 0, 5, "First", "person")]
    with store.transaction():
        store.add_article(a)
        store.add_article(b)
        store.add_mentions(ms)
        store.add_mentions(ms)  # twice: ignored
    expected = sorted(ms, key=lambda m: (m.article_id, m.start, m.end))
    assert store.mentions() == expected
    assert store.mentions(a.id) == [m for m in expected if m.article_id == a.id]
    with store.transaction():
        store.set_mention_entities({ms[0].id: "e1", ms[2].id: "e2"})
    assert store.mention_entities() == {ms[0].id: "e1", ms[2].id: "e2"}


def test_an_entitys_mentions_are_the_mentions_linked_to_it(store: Store) -> None:
    a, b = art("Ali Khan met Khan."), art("Khan spoke.")
    ms = [Mention(a.id, 0, 8, "Ali Khan", "person"), Mention(a.id, 13, 17, "Khan", "person"),
          Mention(b.id, 0, 4, "Khan", "person")]
    ali = Entity("e1", "person", "Ali Khan", {"Ali Khan": 1, "Khan": 2}, mentions=["a stale list"])
    with store.transaction():
        store.add_article(a)
        store.add_article(b)
        store.add_mentions(ms)
        store.put_entities([ali, Entity("e2", "person", "Khan", {"Khan": 1})])
        store.set_mention_entities({ms[0].id: "e1", ms[2].id: "e1", ms[1].id: "e2"})
    ordered = [m.id for m in sorted([ms[0], ms[2]], key=lambda m: (m.article_id, m.start))]
    got = store.entity("e1")
    assert got is not None and got.mentions == ordered
    assert [e.mentions for e in store.entities()] == [[], []]  # read only when asked for
    assert [e.mentions for e in store.entities(mentions=True)] == [ordered, [ms[1].id]]
    assert store.mention_counts() == {"e1": 2, "e2": 1}
    assert store.share_an_article(["e1"], ["e2"]) and store.share_an_article(["e9", "e2"], ["e1"])
    assert not store.share_an_article(["e2"], ["e9"]) and not store.share_an_article([], ["e1"])
    spoke = Mention(b.id, 5, 10, "spoke", "party")
    with store.transaction():
        store.add_mentions([spoke])
        store.set_mention_entities({spoke.id: "e3"})
    assert store.share_an_article(["e3"], ["e1"]) and not store.share_an_article(["e3"], ["e2"])
    with store.transaction():
        store.move_mentions({"e2": "e1"})
    assert store.mention_counts() == {"e1": 3, "e3": 1}


def test_entities_upsert_replace_aliases_and_sort_by_rank_then_code_point(store: Store) -> None:
    # ids that a locale-aware collation would order differently from code points
    ents = [Entity("e_a", "person", "Bee", {"Bee": 2}), Entity("eA", "party", "ab", {"ab": 1}),
            Entity("e-b", "person", "a_c", {"a_c": 1})]
    with store.transaction():
        store.put_entities(ents)
    assert [e.id for e in store.entities()] == ["e-b", "eA", "e_a"]
    renamed = Entity("e_a", "person", "Bea", {"Bea": 3})
    with store.transaction():
        store.put_entities([renamed], order={"e_a": -1})
        store.delete_entities(["eA"])
    assert store.entities()[0] == renamed
    assert [e.id for e in store.entities()] == ["e_a", "e-b"]
    assert store.find_entities("bee") == []
    assert store.count("entities") == 2


@pytest.mark.parametrize(("query", "expected"), [
    ("alpha party", ["e3", "e1"]),           # a name or an alias, any case; by name in code point order
    ("AP", ["e2", "e3"]),                    # an exact alias first, then a substring of an alias
    ("e3", ["e3"]),                          # an id
    ("party", ["e3", "e1", "e2"]),           # substrings only: "Alpha Party" < "alpha-party" < "the party"
    ("nothing like it", []),
])
def test_find_entities_exact_matches_first_then_substrings_by_name(
    store: Store, query: str, expected: list[str]
) -> None:
    ents = [Entity("e1", "party", "alpha-party", {"alpha-party": 1, "Alpha Party": 1}),
            Entity("e2", "party", "the party", {"the party": 1, "AP": 2}),
            Entity("e3", "party", "Alpha Party", {"Alpha Party": 1, "ap group": 1})]
    with store.transaction():
        store.put_entities(ents)
    assert [e.id for e in store.find_entities(query)] == expected


def test_find_entities_stops_at_the_limit(store: Store) -> None:
    with store.transaction():
        store.put_entities([Entity(f"e{i:02d}", "person", f"Name {i:02d}", {f"Name {i:02d}": 1}) for i in range(30)])
    assert [e.id for e in store.find_entities("name", limit=3)] == ["e00", "e01", "e02"]


# ---------------------------------------------------------------------- claims
def test_claims_by_id_reads_only_the_asked_claims_across_chunks(store: Store) -> None:
    a = art("The leaders met.")
    claims = [claim(f"c{i:04d}", a.id, confidence=i / 1000) for i in range(1_203)]
    with store.transaction():
        store.add_article(a)
        store.add_claims(claims)
    wanted = [c.id for c in claims[::2]] + ["missing"]
    got = store.claims_by_id(wanted)
    assert sorted(got) == sorted(c.id for c in claims[::2])
    assert got["c0010"] == claims[10]
    assert store.claims() == claims
    assert store.claims(a.id) == claims
    assert store.claims_by_id([]) == {}


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["c1", "c2", "c3", "c4"]),
    ({"kind": "relation"}, ["c1", "c2", "c4"]),
    ({"kind": "relation", "status": "occurred"}, ["c1", "c4"]),
    ({"status": "planned"}, ["c2", "c3"]),
])
def test_claims_of_articles_keep_the_kind_and_status_asked_for(store: Store, filters: dict[str, str],
                                                              expected: list[str]) -> None:
    a, b, other = art("One."), art("Two."), art("Three.")
    claims = [claim("c1", a.id), claim("c2", a.id, status="planned"),
              Claim(id="c3", article_id=b.id, kind="event", type="meeting", status="planned"), claim("c4", b.id),
              claim("c5", other.id)]
    with store.transaction():
        for x in (a, b, other):
            store.add_article(x)
        store.add_claims(claims)
    assert [c.id for c in store.claims_of_articles([a.id, b.id], **filters)] == expected


# ---------------------------------------------------------------------- facts and events
FACTS = [fact("f1", "2020-01-01", "2021-01-01"), fact("f2", "2022-06-01"), fact("f3", first_seen="2019-05-05"),
         fact("f4"), fact("f5", "2020-03-01", "2020-03-01")]


@pytest.mark.parametrize(("day", "expected"), [
    ("2019-05-04", []),
    ("2019-05-05", ["f3"]),
    ("2020-01-01", ["f1", "f3"]),
    ("2020-02-29", ["f1", "f3"]),            # an ended fact holds until the day before its end
    ("2020-03-01", ["f1", "f3"]),
    ("2020-12-31", ["f1", "f3"]),
    ("2021-01-01", ["f3"]),
    ("2030-01-01", ["f2", "f3"]),
])
def test_facts_asof_holds_from_start_until_the_day_before_the_end(store: Store, day: str, expected: list[str]) -> None:
    with store.transaction():
        store.replace_facts(FACTS)
    assert [f.id for f in store.facts_asof(D(day))] == expected


def test_facts_of_an_entity_sort_undated_first_then_by_date(store: Store) -> None:
    facts = [fact("fb", "2021-01-01"), fact("fa", "2020-01-01", obj="e9"), fact("fz"), fact("fx", subject="e7")]
    with store.transaction():
        store.replace_facts(facts)
    assert [f.id for f in store.facts_of("e1")] == ["fz", "fa", "fb"]
    assert [f.id for f in store.facts_of("e7")] == ["fx"]


def test_facts_are_replaced_by_id_and_removed_on_request(store: Store) -> None:
    with store.transaction():
        store.replace_facts([fact("f1"), fact("f2")])
        store.replace_facts([fact("f1", "2020-01-01")], remove=["f2"])
    got = store.facts()
    assert [f.id for f in got] == ["f1"] and got[0].start == Interval(None, D("2020-01-01"), "day")


def test_events_sort_undated_first_and_list_their_participants(store: Store) -> None:
    evs = [event("v2", "2021-05-05", ["e1", "e2"]), event("v1", None, ["e2"]), event("v3", "2020-01-01", ["e1"])]
    with store.transaction():
        store.replace_events(evs)
        store.replace_events([event("v2", "2021-05-05", ["e1"])])  # participants replaced
    assert [v.id for v in store.events()] == ["v1", "v3", "v2"]
    assert [v.id for v in store.events_of("e1")] == ["v3", "v2"]
    assert [v.id for v in store.events_of("e2")] == ["v1"]
    with store.transaction():
        store.clear_derived()
    assert (store.events(), store.facts(), store.count("events")) == ([], [], 0)


# ---------------------------------------------------------------------- transactions and decisions
def test_a_failed_transaction_leaves_the_database_as_it_was(store: Store) -> None:
    a, b = art("Kept article."), art("Rolled back article.")
    with store.transaction():
        store.add_article(a)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(b)
        with store.transaction():  # nested: part of the outer one
            store.add_claims([claim("c1", b.id)])
        raise RuntimeError("fail after writing")
    assert store.article_ids() == {a.id}
    assert store.claims() == []
    with store.transaction():  # and the connection is still usable
        store.add_article(b)
    assert store.article_ids() == {a.id, b.id}


def test_a_failed_savepoint_undoes_only_its_own_writes(store: Store) -> None:
    a, b, c = art("Kept before."), art("Undone."), art("Kept after.")
    with store.transaction():
        store.add_article(a)
        with pytest.raises(StoreError), store.savepoint():
            store.add_article(b)
            store.add_claims([claim("c1", "no-such-article")])  # foreign key
        with store.savepoint():
            store.add_article(c)
    assert store.article_ids() == {a.id, c.id}


def test_a_savepoint_outside_a_transaction_is_one(store: Store) -> None:
    with pytest.raises(RuntimeError), store.savepoint():
        store.add_article(art("Rolled back."))
        raise RuntimeError("fail")
    assert store.article_ids() == set()


def test_claim_rows_store_and_read_back_as_the_claims_they_encode(store: Store) -> None:
    a = art("Claims encoded by a worker.")
    claims = [claim("c1", a.id), claim("c2", a.id)]
    rows = ClaimRows.of(claims)
    assert len(rows) == 2 and rows[1] == claims[1] and rows[:] == claims and rows == claims
    assert rows == ClaimRows(json.loads(json.dumps(rows.rows)))  # rows survive a JSON trip (the wire)
    with store.transaction():
        store.add_article(a)
        store.add_claims(rows)
    assert store.claims() == claims
    assert store.pending()["article"] == {a.id}


def test_a_claim_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="6 values"):
        ClaimRows([("c1", "a", "relation")])


def test_a_database_error_is_a_store_error_and_the_store_stays_usable(store: Store) -> None:
    with pytest.raises(StoreError), store.transaction():
        store.add_claims([claim("c1", "no-such-article")])  # foreign key
    assert store.claims() == []
    assert store.count("claims") == 0


def test_decisions_come_back_in_the_order_they_were_made(store: Store) -> None:
    with store.transaction():
        for i in (3, 1, 2):
            store.add_decision(f"d{i}", {"kind": "merge", "a": f"x{i}", "b": "y"})
    assert [d["a"] for d in store.decisions()] == ["x3", "x1", "x2"]


def test_an_article_the_database_refuses_is_skipped_and_the_others_stored(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = art("The leaders met on Monday."), art("This one the database refuses.", "bad.txt")
    with fg.open(db_url) as g:
        real = g.store.add_mentions

        def refuse(mentions: list[Mention]) -> None:
            if any(m.article_id == bad.id for m in mentions):
                raise StoreError("refused")
            real(mentions)

        monkeypatch.setattr(g.store, "add_mentions", refuse)
        before = art("Stored before the refused one.", "before.txt")
        report = g.add_results([ArticleResult(before, [], [], []),
                                ArticleResult(bad, [Mention(bad.id, 0, 4, "This", "person")], [], []),
                                ArticleResult(good, [], [], [])])
        assert [(s.path, s.error) for s in report.skipped] == [("bad.txt", "StoreError")]
        assert g.store.article_ids() == {before.id, good.id} and report.added == 2
        assert g.store.mentions(bad.id) == []


# ---------------------------------------------------------------------- the CLI on each backend
def _cli(*args: str) -> int:
    return cli.main(list(args))


def test_cli_ingest_export_round_trip(db_url: str, shared: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    seeds = str(shared / "seeds")
    assert _cli("ingest", seeds, "--db", db_url, "--quiet") == 0
    first, again = tmp_path / "first.json", tmp_path / "again.json"
    assert _cli("export", "--db", db_url, "-o", str(first)) == 0
    assert _cli("ingest", seeds, "--db", db_url, "--quiet") == 0
    assert "(0 new, 5 already stored)" in capsys.readouterr().err
    assert _cli("export", "--db", db_url, "-o", str(again)) == 0
    assert first.read_bytes() == again.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert len(data["documents"]) == 5 and data["entities"] and data["relations"]
    assert _cli("asof", "2023-06-01", "--db", db_url, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["date"] == "2023-06-01"


@pytest.mark.postgres
def test_postgresql_gives_the_same_export_as_sqlite(shared: Path, tmp_path: Path) -> None:
    arts = [a for a in read_paths([shared / "seeds"]) if isinstance(a, Article)]
    exports = []
    for backend in ("sqlite", "postgresql"):
        with fresh_database(backend, tmp_path) as url, fg.open(url) as g:
            g.ingest([shared / "seeds"])
            exports.append(json.dumps(g.export(), ensure_ascii=False, indent=1))
            exports.append(json.dumps([g.asof("2023-06-01"), g.timeline(g.store.entities()[0].id)]))
    assert len(arts) == 5
    assert exports[0] == exports[2]
    assert exports[1] == exports[3]


# ---------------------------------------------------------------------- a reader while an ingest writes
def _asof_states(shared: Path, url: str, day: str) -> list[str]:
    """The as-of answers after each seed article is ingested alone, in order (the states a reader may see)."""
    states = []
    with fg.open(url) as g:
        states.append(json.dumps(g.asof(day)))
        for path in sorted((shared / "seeds").iterdir()):
            g.ingest([path])
            states.append(json.dumps(g.asof(day)))
    return states


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_a_reader_sees_whole_states_while_an_ingest_writes(
    backend_name: str, shared: Path, tmp_path: Path
) -> None:
    day = "2023-01-15"
    with fresh_database(backend_name, tmp_path) as ref:
        states = _asof_states(shared, ref, day)
    assert len(set(states)) > 2  # the ingest changes what a reader sees
    seen: list[str] = []
    writing = threading.Event()
    read_done = threading.Event()
    errors: list[BaseException] = []

    with fresh_database(backend_name, tmp_path) as url:
        fg.open(url).close()  # create the schema

        def writer() -> None:
            try:
                with fg.open(url) as g:
                    real = g.store.replace_events

                    def replace_then_wait(*args: Any, **kw: Any) -> None:
                        real(*args, **kw)  # the derived tables are rewritten but not committed yet
                        if not writing.is_set():
                            writing.set()
                            read_done.wait(timeout=120)

                    g.store.replace_events = replace_then_wait  # type: ignore[method-assign]
                    for path in sorted((shared / "seeds").iterdir()):
                        g.ingest([path])
            except BaseException as exc:  # reported in the test's thread
                errors.append(exc)
            finally:
                writing.set()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            writing.wait(timeout=120)
            with fg.open(url) as reader:  # opened while the writer holds its transaction open
                seen.append(json.dumps(reader.asof(day)))
                read_done.set()
                while thread.is_alive():
                    seen.append(json.dumps(reader.asof(day)))
                thread.join()
                seen.append(json.dumps(reader.asof(day)))
        finally:
            read_done.set()
            thread.join()
    assert not errors, errors
    assert seen[0] == states[0]  # the first consolidation was not yet committed: the reader saw the empty graph
    assert all(s in states for s in seen)
    assert seen[-1] == states[-1]
