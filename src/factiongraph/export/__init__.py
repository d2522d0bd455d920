"""File exports of the graph: GraphML, GEXF (with time intervals for Gephi's timeline), CSV and Neo4j.

    write(graph, "gexf", "graph.gexf")               # every relation, each with its start/end
    write(graph, "csv", "out/", on="2023-06-01")      # the snapshot of one day

The JSON export (shared/spec/EXPORT.md) is :meth:`factiongraph.api.Graph.export`.
Nodes are entities, edges are relations (facts) keyed by their id; ``valid_from``/``valid_to``
are the days a relation holds for ``asof`` (see :func:`factiongraph.graph.queries.fact_span`).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadQuery
from ..graph import queries

if TYPE_CHECKING:
    from ..api import Graph

FORMATS = ("graphml", "gexf", "csv", "neo4j")
DEFAULT_OUTPUT = {"graphml": "graph.graphml", "gexf": "graph.gexf", "csv": "graph-csv", "neo4j": "graph-neo4j"}

NODE_COLUMNS = ["id", "name", "type", "aliases", "mentions"]
EDGE_COLUMNS = ["id", "source", "target", "type", "role", "start_earliest", "start_latest", "end_earliest",
                "end_latest", "valid_from", "valid_to", "state", "confidence", "evidence"]
EVENT_COLUMNS = ["id", "type", "status", "date_earliest", "date_latest", "participants", "place", "evidence"]


@dataclass
class Tables:
    """The graph as rows: what every file format is written from."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    events: list[dict[str, Any]]


def tables(graph: Graph, on: dt.date | None = None) -> Tables:
    """Nodes, edges and events, of the whole graph or of the snapshot of ``on``.

    A snapshot holds the relations that hold on that day, the entities they touch and the
    events dated on or before it. The whole graph holds every entity.
    """
    store = graph.store
    view = queries.graph_at(store, on)
    keep = {n["id"] for n in view["nodes"]}
    nodes = []
    counts = store.mention_counts()
    for e in store.entities():
        if on is not None and e.id not in keep:
            continue
        nodes.append({"id": e.id, "name": e.name, "type": e.type,
                      "aliases": "|".join(sorted(a for a in e.aliases if a != e.name)), "mentions": counts.get(e.id, 0)})
    edges = []
    for x in view["edges"]:
        start, end = x["start"] or {}, x["end"] or {}
        edges.append({
            "id": x["id"], "source": x["source"], "target": x["target"], "type": x["type"], "role": x["role"] or "",
            "start_earliest": start.get("earliest") or "", "start_latest": start.get("latest") or "",
            "end_earliest": end.get("earliest") or "", "end_latest": end.get("latest") or "",
            "valid_from": x["valid_from"] or "", "valid_to": x["valid_to"] or "", "state": x["state"],
            "confidence": x["confidence"], "evidence": x["evidence"],
        })
    events = []
    for v in queries.snapshot_events(store, on):
        d = v.date
        events.append({
            "id": v.id, "type": v.type, "status": v.status,
            "date_earliest": d.earliest.isoformat() if d and d.earliest else "",
            "date_latest": d.latest.isoformat() if d and d.latest else "",
            "participants": "|".join(v.participants), "place": v.place or "", "evidence": len(v.evidence),
        })
    return Tables(nodes, edges, events)


def to_networkx(t: Tables, *, dynamic: bool = False) -> Any:
    """A ``MultiDiGraph`` of the tables keyed by relation id.

    ``dynamic`` prepares it for GEXF: ``start``/``end`` on nodes and edges, and the relation type
    under ``relation`` (GEXF reserves an edge's ``type``).
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    spans: dict[str, list[tuple[str, str]]] = {}
    for e in t.edges:
        spans.setdefault(e["source"], []).append((e["valid_from"], e["valid_to"]))
        spans.setdefault(e["target"], []).append((e["valid_from"], e["valid_to"]))
    for n in t.nodes:
        attrs = {k: v for k, v in n.items() if k != "id"}
        attrs["label"] = n["name"]
        if dynamic:
            attrs.update(_node_span(spans.get(n["id"], [])))
        g.add_node(n["id"], **attrs)
    for e in t.edges:
        attrs = {k: v for k, v in e.items() if k not in ("id", "source", "target")}
        attrs["label"] = e["type"]
        if dynamic:
            attrs["relation"] = attrs.pop("type")  # GEXF reserves an edge's "type" for directed/undirected
            if e["valid_from"]:
                attrs["start"] = e["valid_from"]
            if e["valid_to"]:
                attrs["end"] = e["valid_to"]
        g.add_edge(e["source"], e["target"], key=e["id"], id=e["id"], **attrs)
    return g


def _node_span(spans: list[tuple[str, str]]) -> dict[str, str]:
    """A node lives from its first dated relation to its last one's end (open if any relation is open)."""
    starts = [s for s, _ in spans if s]
    if not starts:
        return {}
    out = {"start": min(starts)}
    if all(e for s, e in spans if s):
        out["end"] = max(e for s, e in spans if s)
    return out


def write_graphml(t: Tables, path: Path) -> Path:
    import networkx as nx

    nx.write_graphml(to_networkx(t), path, named_key_ids=True)
    return path


def write_gexf(t: Tables, path: Path) -> Path:
    """GEXF 1.2 in dynamic mode: relations carry ``start``/``end`` dates so Gephi's timeline plays them."""
    import networkx as nx

    g = to_networkx(t, dynamic=True)
    g.graph["mode"] = "dynamic"
    nx.write_gexf(g, path, version="1.2draft")
    return path


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def write_csv(t: Tables, folder: Path) -> Path:
    """``nodes.csv``, ``edges.csv``, ``events.csv`` in ``folder`` (lists joined with ``|``)."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(folder / "nodes.csv", NODE_COLUMNS, t.nodes)
    _write_csv(folder / "edges.csv", EDGE_COLUMNS, t.edges)
    _write_csv(folder / "events.csv", EVENT_COLUMNS, t.events)
    return folder


def cypher_script(t: Tables) -> str:
    """An ``import.cypher`` for the CSV files: ``LOAD CSV`` into :Entity, :Event and typed relationships."""
    rel_types = sorted({e["type"] for e in t.edges})
    node_types = sorted({n["type"] for n in t.nodes})
    lines = [
        "// factiongraph export for Neo4j. Copy the CSV files into the database's import folder, then run:",
        "//   cypher-shell -f import.cypher",
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;",
        "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (v:Event) REQUIRE v.id IS UNIQUE;",
        "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
        "MERGE (e:Entity {id: row.id})",
        "SET e.name = row.name, e.type = row.type, e.mentions = toInteger(row.mentions),",
        "    e.aliases = CASE row.aliases WHEN '' THEN [] ELSE split(row.aliases, '|') END;",
    ]
    for nt in node_types:
        label = _label(nt)
        lines.append(f"MATCH (e:Entity {{type: '{nt}'}}) SET e:{label};")
    for rt in rel_types:
        lines += [
            "LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS row",
            f"WITH row WHERE row.type = '{rt}'",
            "MATCH (a:Entity {id: row.source}), (b:Entity {id: row.target})",
            f"MERGE (a)-[r:{rt.upper()} {{id: row.id}}]->(b)",
            "SET r.role = row.role, r.state = row.state, r.confidence = toFloat(row.confidence),",
            "    r.evidence = toInteger(row.evidence),",
            "    r.valid_from = CASE row.valid_from WHEN '' THEN null ELSE date(row.valid_from) END,",
            "    r.valid_to = CASE row.valid_to WHEN '' THEN null ELSE date(row.valid_to) END,",
            "    r.start_earliest = row.start_earliest, r.start_latest = row.start_latest,",
            "    r.end_earliest = row.end_earliest, r.end_latest = row.end_latest;",
        ]
    lines += [
        "LOAD CSV WITH HEADERS FROM 'file:///events.csv' AS row",
        "MERGE (v:Event {id: row.id})",
        "SET v.type = row.type, v.status = row.status, v.evidence = toInteger(row.evidence),",
        "    v.date_earliest = CASE row.date_earliest WHEN '' THEN null ELSE date(row.date_earliest) END,",
        "    v.date_latest = CASE row.date_latest WHEN '' THEN null ELSE date(row.date_latest) END;",
        "LOAD CSV WITH HEADERS FROM 'file:///events.csv' AS row",
        "WITH row WHERE row.participants <> ''",
        "UNWIND split(row.participants, '|') AS pid",
        "MATCH (e:Entity {id: pid}), (v:Event {id: row.id})",
        "MERGE (e)-[:TOOK_PART_IN]->(v);",
        "LOAD CSV WITH HEADERS FROM 'file:///events.csv' AS row",
        "WITH row WHERE row.place <> ''",
        "MATCH (p:Entity {id: row.place}), (v:Event {id: row.id})",
        "MERGE (v)-[:TOOK_PLACE_IN]->(p);",
    ]
    return "\n".join(lines) + "\n"


def _label(name: str) -> str:
    """A Neo4j label from a type name (``organization`` -> ``Organization``), letters and digits only."""
    clean = "".join(ch for ch in name.title() if ch.isalnum())
    return clean or "Other"


def write_neo4j(t: Tables, folder: Path) -> Path:
    write_csv(t, folder)
    (folder / "import.cypher").write_text(cypher_script(t), encoding="utf-8")
    return folder


WRITERS = {"graphml": write_graphml, "gexf": write_gexf, "csv": write_csv, "neo4j": write_neo4j}


def write(graph: Graph, fmt: str, output: str | Path | None, on: str | dt.date | None = None) -> str:
    """Write the graph (or its snapshot ``on`` a day) as ``fmt`` to ``output``; returns the path written.

    ``output`` is a file for graphml/gexf and a folder for csv/neo4j; when ``None`` a default name in
    the current folder (``graph.graphml``, ``graph-csv/``...).
    """
    from ..api import parse_day

    if fmt not in WRITERS:
        raise BadQuery(f"unknown export format {fmt!r}: choose one of json, {', '.join(FORMATS)}")
    day = parse_day(on) if on else None
    path = Path(output) if output else Path(DEFAULT_OUTPUT[fmt])
    if fmt in ("graphml", "gexf"):
        path.parent.mkdir(parents=True, exist_ok=True)
    return str(WRITERS[fmt](tables(graph, day), path))


__all__ = ["FORMATS", "Tables", "cypher_script", "tables", "to_networkx", "write"]
