"""The command line: thin commands over the Python API (factiongraph.api).

Every command takes ``--db`` (default: ``$FACTIONGRAPH_DB`` or ./factiongraph.db);
query commands take ``--format table|json|csv``. Errors are one line on stderr
and a non-zero exit.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import api
from .errors import FactionGraphError

EXAMPLES = {
    "ingest": "factiongraph ingest articles/ more.jsonl --db news.db --workers 2",
    "export": "factiongraph export --format json -o graph.json",
    "asof": "factiongraph asof 2023-06-01 --format table --type allied_with",
    "timeline": 'factiongraph timeline "Imran Khan"',
    "entity": "factiongraph entity PML-N",
    "entities": "factiongraph entities --format table",
    "changes": "factiongraph changes 2022-01-01 2025-12-31",
    "path": 'factiongraph path "Imran Khan" PPP --on 2020-01-01',
    "conflicts": "factiongraph conflicts",
    "documents": "factiongraph documents",
    "merge": 'factiongraph merge "Asad Umar" "Asad Umer"',
    "split": 'factiongraph split "Imran Khan" "Amir Khan"',
    "demo": "factiongraph demo --out report/",
    "serve": "factiongraph serve --port 8000",
}


def _table(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "(nothing)"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [min(60, max(len(c), *(len(x[i]) for x in cells))) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(x[:w].ljust(w) for x, w in zip(row, widths, strict=True)))
    return "\n".join(lines)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dict) and ("earliest" in v or "latest" in v):
        e, lt = v.get("earliest"), v.get("latest")
        return e or "?" if e == lt else f"{e or '…'}..{lt or '…'}"
    if isinstance(v, list):
        return ", ".join(_cell(x) for x in v)
    return str(v)


def _csv(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue().rstrip("\n")


def _emit(args: argparse.Namespace, data: Any, rows: list[dict[str, Any]] | None = None,
          columns: Sequence[str] = ()) -> None:
    fmt = getattr(args, "format", "table")
    if fmt == "json" or rows is None:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        print(_csv(rows, columns))
    else:
        print(_table(rows, columns))


def _names(g: api.Graph) -> dict[str, str]:
    return {e.id: e.name for e in g.store.entities()}


def _relation_rows(g: api.Graph, rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = _names(g)
    return [{**r, "subject": names.get(r["subject"], r["subject"]),
             "object": names.get(r["object"], r["object"]) if r["object"] else "",
             "evidence": len(r["evidence"])} for r in rels]


# ---------------------------------------------------------------------- commands
def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    with api.open(args.db) as g:
        bar = tqdm(total=None, unit="article", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr)
        engine = "dask" if args.scheduler else args.engine  # a scheduler address means Dask
        report = g.ingest(args.paths, progress=bar.update, workers=args.workers, engine=engine,
                          scheduler=args.scheduler)
        bar.close()
    for s in report.skipped:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    print(f"read {report.read} articles ({report.added} new, {report.unchanged} already stored), "
          f"skipped {len(report.skipped)}; the graph has {report.entities} entities, {report.claims} claims, "
          f"{report.facts} relations, {report.events} events", file=sys.stderr)
    return 2 if report.skipped else 0


def cmd_export(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        if args.format == "json":
            data = g.export()
            text = json.dumps(data, ensure_ascii=False, indent=1)
            if args.output:
                Path(args.output).write_text(text, encoding="utf-8")
            else:
                print(text)
            return 0
        from .export import write

        out = write(g, args.format, args.output, on=args.on)
        print(f"wrote {out}", file=sys.stderr)
    return 0


def cmd_asof(args: argparse.Namespace) -> int:
    types = [t.strip() for v in args.type or [] for t in v.split(",") if t.strip()] or None
    with api.open(args.db) as g:
        if args.format == "json":  # the stored views as they are, one relation per line
            print(g.asof_json(args.date, types=types, entity=args.entity))
            return 0
        data = g.asof(args.date, types=types, entity=args.entity)
        _emit(args, data, _relation_rows(g, data["relations"]),
              ["type", "subject", "object", "role", "start", "end", "last_confirmed", "evidence"])
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        data = g.timeline(args.entity)
        names = _names(g)
        rows = [{**v, "participants": [names.get(p, p) for p in v["participants"]],
                 "place": names.get(v["place"], "") if v["place"] else ""} for v in data["events"]]
        if args.format == "table":
            print(f"{data['entity']['name']} ({data['entity']['type']})")
        _emit(args, data, rows, ["date", "type", "status", "participants", "place"])
    return 0


def cmd_entity(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        data = g.entity(args.name)
        if args.format != "table":
            _emit(args, data)
            return 0
        e = data["entity"]
        print(f"{e['name']}  [{e['type']}]  id {e['id']}")
        print("aliases: " + ", ".join(f"{a} ({n})" for a, n in data["alias_counts"].items()))
        for r in data["merge_reasons"]:
            print(f"  merged {r['alias']!r}: {r['rule']} (score {r['score']:.2f}"
                  + (f", matched {r['other']!r})" if r.get("other") else ")"))
        print()
        print(_table(_relation_rows(g, data["relations"]),
                     ["type", "subject", "object", "role", "start", "end", "state", "last_confirmed"]))
        print()
        names = _names(g)
        print(_table([{**v, "participants": [names.get(p, p) for p in v["participants"]]} for v in data["events"]],
                     ["date", "type", "status", "participants"]))
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        ents, counts = g.store.entities(), g.store.mention_counts()
        rows = [{"id": e.id, "type": e.type, "name": e.name, "aliases": sorted(set(e.aliases) - {e.name}),
                 "mentions": counts.get(e.id, 0)} for e in ents]
        _emit(args, rows, rows, ["id", "type", "name", "mentions", "aliases"])
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        data = g.changes(args.start, args.end)
        rows = [{**r, "change": "began"} for r in _relation_rows(g, data["began"])]
        rows += [{**r, "change": "ended"} for r in _relation_rows(g, data["ended"])]
        _emit(args, data, rows, ["change", "type", "subject", "object", "start", "end", "evidence"])
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        data = g.path(args.a, args.b, args.on)
        _emit(args, data, _relation_rows(g, data["relations"]), ["type", "subject", "object", "start", "end"])
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        data = g.conflicts()
        _emit(args, data, _relation_rows(g, data), ["type", "subject", "object", "evidence"])
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        data = g.documents()
        rows = [{**d, "published": d["published"], "basis": d["published"]["basis"]} for d in data]
        _emit(args, data, rows, ["id", "source", "published", "basis", "evidence"])
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        d = g.merge(args.a, args.b)
    print(f"merged: {d.to_dict()}", file=sys.stderr)
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    with api.open(args.db) as g:
        d = g.split(args.entity, args.alias)
    print(f"split: {d.to_dict()}", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(args.db, args.out)


def cmd_serve(args: argparse.Namespace) -> int:
    from .web import serve

    serve(args.db, host=args.host, port=args.port, allow_edits=args.allow_edits)
    return 0


# ---------------------------------------------------------------------- parser
def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="factiongraph",
                                description="Turn political news into a dated, evidence-backed map of who stands with whom.")
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, fn: Callable[[argparse.Namespace], int], help_: str, fmt: bool = False) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_, epilog=f"Example:\n  {EXAMPLES[name]}",
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        sp.add_argument("--db", default=None, help="database path or URL (default: $FACTIONGRAPH_DB or factiongraph.db)")
        if fmt:
            sp.add_argument("--format", choices=["table", "json", "csv"], default="table")
        sp.set_defaults(func=fn)
        return sp

    sp = add("ingest", cmd_ingest, "read files and folders of articles into the graph")
    sp.add_argument("paths", nargs="+")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    sp.add_argument("--workers", type=_positive, default=1,
                    help="processes for the per-article analysis (default 1: this process); "
                         "with --engine dask, the size of the local cluster")
    sp.add_argument("--engine", choices=list(api.ENGINES), default="local",
                    help="where the per-article analysis runs: here (local) or on a Dask cluster (dask)")
    sp.add_argument("--scheduler", default=None, metavar="ADDRESS",
                    help="a Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --engine dask; "
                         "without it --engine dask starts a local cluster)")
    sp = add("export", cmd_export, "write the whole graph (json, graphml, gexf, csv, neo4j)")
    sp.add_argument("--format", choices=["json", "graphml", "gexf", "csv", "neo4j"], default="json")
    sp.add_argument("-o", "--output", default=None, help="file (json/graphml/gexf) or folder (csv/neo4j)")
    sp.add_argument("--on", default=None, help="a snapshot of the relations that hold on this date")
    sp = add("asof", cmd_asof, "the relations that hold on a date", fmt=True)
    sp.add_argument("date")
    sp.add_argument("--type", action="append", metavar="TYPE",
                    help="only relations of this type (repeat or separate with commas; member_of includes leader_of)")
    sp.add_argument("--entity", default=None, metavar="NAME",
                    help="only the relations of this entity (name, alias or id), as subject or object")
    sp = add("timeline", cmd_timeline, "the events an entity took part in, oldest first", fmt=True)
    sp.add_argument("entity")
    sp = add("entity", cmd_entity, "an entity's profile: aliases and why, relations over time, events", fmt=True)
    sp.add_argument("name")
    add("entities", cmd_entities, "list the entities", fmt=True)
    sp = add("changes", cmd_changes, "relations that began or ended between two dates", fmt=True)
    sp.add_argument("start")
    sp.add_argument("end")
    sp = add("path", cmd_path, "how two actors are connected (on a date)", fmt=True)
    sp.add_argument("a")
    sp.add_argument("b")
    sp.add_argument("--on", default=None)
    add("conflicts", cmd_conflicts, "relations the sources disagree on", fmt=True)
    add("documents", cmd_documents, "the articles with their dates and how each date was found", fmt=True)
    sp = add("merge", cmd_merge, "record that two entities are one actor (survives re-ingest)")
    sp.add_argument("a")
    sp.add_argument("b")
    sp = add("split", cmd_split, "record that an alias does not name an entity (survives re-ingest)")
    sp.add_argument("entity")
    sp.add_argument("alias")
    sp = add("demo", cmd_demo, "ingest the built-in example corpus and show the result")
    sp.add_argument("--out", default="report", help="folder for the HTML report")
    sp = add("serve", cmd_serve, "the web application")
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8000)
    sp.add_argument("--allow-edits", action="store_true", help="allow merge/split from the entity page")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except FactionGraphError as exc:
        print(f"factiongraph: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("factiongraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
