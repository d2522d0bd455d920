"""The as-of cache of decoded fact views: the same answers as without it, never older than the
database, shared read-only by the answers (so no caller can change a later one), and within its size.

Every test runs on SQLite and, when a server is given, on PostgreSQL.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from factiongraph.graph import queries
from factiongraph.graph.frozen import FrozenDict, FrozenList
from factiongraph.graph.queries import ViewCache
from factiongraph.model import Fact, Interval
from factiongraph.store import Store

from ..store.conftest import BACKENDS, fresh_database

D = dt.date.fromisoformat
DAYS = ["2019-06-01", "2020-06-01", "2021-06-01", "2023-06-01"]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_database(str(request.param), tmp_path) as url, Store.open(url) as s:
        yield s


def fact(n: int, start: str = "2020-01-01", end: str | None = None) -> Fact:
    return Fact(id=f"f{n:02d}", type=("member_of", "allied_with")[n % 2], subject=f"e{n % 3}", object=f"e{n % 5 + 3}",
                start=Interval(None, D(start), "day"), end=Interval(D(end), D(end), "day") if end else None,
                ended=end is not None, evidence=[f"c{n}"])


def view(f: Fact) -> dict[str, Any]:
    """A view shaped like ``queries.fact_dict``'s: intervals and lists of evidence entries."""
    return {"id": f.id, "type": f.type, "subject": f.subject, "object": f.object,
            "start": {"earliest": None, "latest": f.start.latest.isoformat() if f.start and f.start.latest else None},
            "end": None, "confidence": 0.5, "state": "open",
            "evidence": [{"document": f"d{i}", "start": i, "end": i + 5, "trigger": "joined"} for i in range(3)]}


FACTS = [fact(n) for n in range(8)] + [fact(8, "2021-01-01"), fact(9, "2019-01-01", "2021-01-01")]


def put(store: Store, facts: list[Fact], render: Callable[[Fact], dict[str, Any]] | None = view) -> None:
    with store.transaction():
        store.replace_facts(facts, render=render)


def cached(store: Store, cache: ViewCache, day: str, **kw: Any) -> dict[str, Any]:
    with store.snapshot():
        return queries.asof(store, D(day), cache=cache, **kw)


def uncached(store: Store, day: str, **kw: Any) -> dict[str, Any]:
    with store.snapshot():
        return queries.asof(store, D(day), **kw)


@pytest.mark.parametrize("kw", [{}, {"types": ["allied_with"]}, {"entity": "e1"}, {"types": [], "entity": None}])
def test_cached_answers_are_the_uncached_answers_every_time(store: Store, kw: dict[str, Any]) -> None:
    put(store, FACTS)
    cache = ViewCache()
    for _ in range(3):  # first read, then from the cache
        for day in DAYS:
            assert cached(store, cache, day, **kw) == uncached(store, day, **kw)


def test_a_warm_cache_reads_only_the_views_it_lacks(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    put(store, FACTS)
    cache = ViewCache()
    cached(store, cache, "2020-06-01")
    asked: list[str] = []
    real = store.fact_view_texts_by_id
    monkeypatch.setattr(store, "fact_view_texts_by_id", lambda ids: asked.extend(ids) or real(ids))
    assert cached(store, cache, "2021-06-01") == uncached(store, "2021-06-01")
    assert asked == ["f08"]  # begun in 2021; f09 ended then


MUTATIONS: list[Callable[[dict[str, Any]], None]] = [
    lambda r: r.update(type="opposed_to"),
    lambda r: r["start"].update(latest="1999-01-01"),
    lambda r: r["evidence"][0].update(document="changed"),
    lambda r: r["evidence"].append({"document": "added"}),
    lambda r: r["evidence"].clear(),
    lambda r: r.pop("subject"),
]


@pytest.mark.parametrize("mutate", MUTATIONS)
def test_an_answer_refuses_changes_and_a_deep_copy_of_it_is_the_callers(
        store: Store, mutate: Callable[[dict[str, Any]], None]) -> None:
    put(store, FACTS)
    cache = ViewCache()
    for _ in range(3):  # decoded on the spot, then shared from the cache
        answer = cached(store, cache, "2020-06-01")
        for r in answer["relations"]:
            with pytest.raises(TypeError, match="read-only"):
                mutate(r)
            mutate(copy.deepcopy(r))
        answer["relations"].clear()  # the list is the caller's own
        assert cached(store, cache, "2020-06-01") == uncached(store, "2020-06-01")


def test_answers_share_the_cached_views(store: Store) -> None:
    put(store, FACTS)
    cache = ViewCache()
    first, second = (cached(store, cache, "2020-06-01") for _ in range(2))
    assert first is not second and first["relations"] is not second["relations"]
    assert all(a is b for a, b in zip(first["relations"], second["relations"], strict=True))


def _frozen_throughout(x: Any) -> bool:
    if isinstance(x, dict):
        return type(x) is FrozenDict and all(map(_frozen_throughout, x.values()))
    if isinstance(x, list):
        return type(x) is FrozenList and all(map(_frozen_throughout, x))
    return True


@pytest.mark.parametrize("path", ["cached", "first read", "no revision counter", "no cache", "uncached",
                                  "rendered from claims"])
def test_every_path_answers_frozen_relations(store: Store, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    put(store, FACTS, render=None if path == "rendered from claims" else view)
    cache = ViewCache(max_chars=0 if path == "no cache" else queries.DEFAULT_VIEW_CACHE_CHARS)
    if path == "cached":
        cached(store, cache, "2020-06-01")
    if path == "no revision counter":
        monkeypatch.setattr(store, "facts_revision", lambda: None)
    answer = uncached(store, "2020-06-01") if path == "uncached" else cached(store, cache, "2020-06-01")
    assert answer["relations"] and all(map(_frozen_throughout, answer["relations"]))
    assert type(answer) is dict and type(answer["relations"]) is list


def test_views_of_an_unexpected_shape_are_frozen_whole(store: Store) -> None:
    put(store, FACTS[:2], render=lambda f: {**view(f), "deep": {"list": [1, {"x": [2]}]}})
    cache = ViewCache()
    for _ in range(3):
        for r in cached(store, cache, "2020-06-01")["relations"]:
            with pytest.raises(TypeError, match="read-only"):
                r["deep"]["list"][1]["x"].append(3)
    assert cached(store, cache, "2020-06-01") == uncached(store, "2020-06-01")


@pytest.mark.parametrize("write", [
    pytest.param(lambda s: put(s, [fact(1, "2022-01-01")]), id="a fact moved"),
    pytest.param(lambda s: put(s, [fact(2)], render=lambda f: {**view(f), "confidence": 0.9}), id="a view changed"),
    pytest.param(lambda s: put(s, [fact(20)]), id="a fact added"),
    pytest.param(lambda s: s.replace_facts([], remove=["f03"]), id="a fact removed"),
    pytest.param(lambda s: put(s, [fact(4)], render=None), id="a view dropped"),
])
def test_a_write_through_another_connection_is_in_the_next_answer(store: Store, write: Any) -> None:
    put(store, FACTS)
    cache = ViewCache()
    for _ in range(2):
        before = {day: cached(store, cache, day) for day in DAYS}
    with Store.open(store.url) as writer, writer.transaction():
        write(writer)
    after = {day: cached(store, cache, day) for day in DAYS}
    assert after == {day: uncached(store, day) for day in DAYS} != before


def test_the_cache_keeps_within_its_size_and_answers_the_same(store: Store) -> None:
    put(store, FACTS)
    one = len(queries.record_json(view(FACTS[0])))
    cache = ViewCache(max_chars=3 * one)
    for day in DAYS * 2:
        assert cached(store, cache, day) == uncached(store, day)
        assert 0 < len(cache) <= 3
    assert ViewCache(max_chars=0).views_asof(store, D("2020-06-01"), None, None) == uncached(store, "2020-06-01")[
        "relations"]
