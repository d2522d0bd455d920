"""``Graph.asof`` keeps the views it decoded between questions: its answers are those of a graph that
keeps nothing, also after another graph (another process) changes the database; they are read-only, and a
deep copy of one is the caller's to change."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import factiongraph as fg
from factiongraph.api import Graph
from factiongraph.store import Store

EXAMPLES = Path(str(resources.files("factiongraph") / "data" / "examples" / "corpus"))
DAYS = ["2015-01-01", "2018-03-01", "2018-09-01", "2023-01-15", "2023-06-01", "2024-06-01"]
QUESTIONS: list[dict[str, Any]] = [{}, {"types": ["member_of"]}, {"types": ["allied_with", "opposed_to"]}]


@pytest.fixture()
def db(seeds_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "g.db"
    shutil.copy(seeds_db, path)
    return path


def answers(g: Graph) -> dict[tuple[str, int], dict[str, Any]]:
    return {(day, i): g.asof(day, **q) for day in DAYS for i, q in enumerate(QUESTIONS)}


def uncached_answers(db: Path) -> dict[tuple[str, int], dict[str, Any]]:
    with Graph(Store.open(str(db)), view_cache_chars=0) as g:
        return answers(g)


def test_repeated_answers_are_those_of_a_graph_that_keeps_nothing(db: Path) -> None:
    expected = uncached_answers(db)
    with fg.open(db) as g:
        for _ in range(3):
            got = answers(g)
            assert got == expected
            for answer in got.values():  # read-only; a deep copy is the caller's to change
                for r in answer["relations"]:
                    with pytest.raises(TypeError, match="read-only"):
                        r["evidence"].clear()
                    with pytest.raises(TypeError, match="read-only"):
                        r["subject"] = None
                    mine = copy.deepcopy(r)
                    mine["evidence"].clear()
                    mine["subject"] = None
    assert any(a["relations"] for a in expected.values())


def _ingest_one(g: Graph) -> None:
    g.ingest([EXAMPLES / "04_alliance_collapses.txt"])


def _merge_two(g: Graph) -> None:
    rels = g.asof(DAYS[-1])["relations"]
    g.merge(rels[0]["subject"], rels[1]["subject"] if rels[1]["subject"] != rels[0]["subject"] else rels[0]["object"])


@pytest.mark.parametrize("write", [_ingest_one, _merge_two])
def test_a_write_through_another_graph_is_in_the_next_answer(db: Path, write: Callable[[Graph], None]) -> None:
    with fg.open(db) as reader:
        answers(reader)
        before = answers(reader)
        with fg.open(db) as writer:
            write(writer)
        after = answers(reader)
    assert after == uncached_answers(db) != before
