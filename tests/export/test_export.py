"""File exports: GraphML and GEXF load back with networkx unchanged; CSV and Neo4j files; snapshots."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

import factiongraph as fg
from factiongraph.errors import BadQuery
from factiongraph.export import tables, write


def _edges(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, str(k)) for u, v, k in g.edges(keys=True)}


@pytest.mark.parametrize("on", [None, "2023-06-01"])
def test_graphml_loads_back_with_the_same_nodes_and_edges(seeds_db: Path, tmp_path: Path, on: str | None) -> None:
    with fg.open(seeds_db) as g:
        t = tables(g, fg.api.parse_day(on) if on else None)
        path = write(g, "graphml", tmp_path / "g.graphml", on=on)
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == {n["id"] for n in t.nodes}
    assert _edges(back) == {(e["source"], e["target"], e["id"]) for e in t.edges}
    some = t.edges[0]
    assert back.edges[some["source"], some["target"], some["id"]]["type"] == some["type"]


@pytest.mark.parametrize("on", [None, "2023-06-01"])
def test_gexf_loads_back_with_the_same_nodes_and_edges_and_their_dates(seeds_db: Path, tmp_path: Path,
                                                                       on: str | None) -> None:
    with fg.open(seeds_db) as g:
        t = tables(g, fg.api.parse_day(on) if on else None)
        path = write(g, "gexf", tmp_path / "g.gexf", on=on)
    back = nx.read_gexf(path)
    assert set(back.nodes) == {n["id"] for n in t.nodes}
    got = {(u, v, d["id"]) for u, v, d in back.edges(data=True)}
    assert got == {(e["source"], e["target"], e["id"]) for e in t.edges}
    by_id = {d["id"]: d for _, _, d in back.edges(data=True)}
    for e in t.edges:
        assert by_id[e["id"]]["relation"] == e["type"]
        assert by_id[e["id"]].get("start") == (e["valid_from"] or None)
        assert by_id[e["id"]].get("end") == (e["valid_to"] or None)
    assert back.graph["mode"] == "dynamic"


def test_snapshot_keeps_only_the_relations_that_hold_that_day(seeds_db: Path) -> None:
    with fg.open(seeds_db) as g:
        snap = tables(g, fg.api.parse_day("2023-06-01"))
        held = {r["id"] for r in g.asof("2023-06-01")["relations"] if r["object"]}
        everything = tables(g)
    assert {e["id"] for e in snap.edges} == held
    assert len(snap.nodes) <= len(everything.nodes)
    assert all(e["date_earliest"] <= "2023-06-01" or not e["date_earliest"] for e in snap.events)


def test_csv_writes_nodes_edges_and_events(seeds_db: Path, tmp_path: Path) -> None:
    with fg.open(seeds_db) as g:
        folder = Path(write(g, "csv", tmp_path / "out"))
        t = tables(g)
    rows = {name: list(csv.DictReader((folder / f"{name}.csv").read_text(encoding="utf-8").splitlines()))
            for name in ("nodes", "edges", "events")}
    assert [r["id"] for r in rows["nodes"]] == [n["id"] for n in t.nodes]
    assert [r["id"] for r in rows["edges"]] == [e["id"] for e in t.edges]
    assert len(rows["events"]) == len(t.events) > 0


def test_neo4j_writes_csv_and_a_load_csv_script_per_relation_type(seeds_db: Path, tmp_path: Path) -> None:
    with fg.open(seeds_db) as g:
        folder = Path(write(g, "neo4j", tmp_path / "neo"))
        types = {e["type"] for e in tables(g).edges}
    script = (folder / "import.cypher").read_text(encoding="utf-8")
    assert (folder / "nodes.csv").exists() and (folder / "edges.csv").exists()
    assert "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv'" in script
    for t in types:
        assert f"[r:{t.upper()} " in script


@pytest.mark.parametrize(("fmt", "on"), [("pdf", None), ("csv", "June 2023")])
def test_bad_format_or_date_is_refused(seeds_db: Path, tmp_path: Path, fmt: str, on: str | None) -> None:
    with fg.open(seeds_db) as g, pytest.raises(BadQuery):
        write(g, fmt, tmp_path / "x", on=on)
