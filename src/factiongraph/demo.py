"""``factiongraph demo``: ingest the built-in example corpus, print what it shows, write an HTML report.

The report (``OUT/index.html``) is one self-contained file: the same graph view (time slider, play,
filters, search) and timeline as the web application, with the vendored scripts and the data
inlined, so it opens from disk with no network and no server.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from importlib import resources
from pathlib import Path

from . import api
from .graph import queries
from .model import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES, STATUSES

STANDING = ("allied_with", "opposed_to", "member_of", "leader_of", "part_of", "merged_into", "split_from")
SCRIPTS = ("vendor/cytoscape.min.js", "common.js", "graph.js", "timeline.js")


def corpus_dir() -> Path:
    """The built-in example corpus (package data)."""
    return Path(str(resources.files("factiongraph") / "data" / "examples" / "corpus"))


def central_actor(g: api.Graph) -> str | None:
    """The id of the person who takes part in the most events (ties: most mentions, then name)."""
    counts: Counter[str] = Counter()
    for v in g.store.events():
        counts.update(set(v.participants))
    people = [e for e in g.store.entities() if e.type == "person" and counts[e.id]]
    if not people:
        return None
    named = g.store.mention_counts()
    return max(people, key=lambda e: (counts[e.id], named.get(e.id, 0), e.name)).id


def sample_dates(g: api.Graph, n: int = 3) -> list[dt.date]:
    """``n`` days spread over the days relations begin on (quartiles), so each shows a different graph."""
    days = sorted({d for f in g.store.facts() if f.type in STANDING
                   for d in [queries.fact_span(f)[0]] if d is not None})
    if not days:
        return []
    picks = [days[min(len(days) - 1, round((i + 1) * (len(days) - 1) / (n + 1)))] for i in range(n)]
    return sorted(set(picks))


def _texts(g: api.Graph, central: str | None, dates: list[dt.date]) -> tuple[str, list[tuple[str, str]], str]:
    from .cli import _relation_rows, _table

    names = {e.id: e.name for e in g.store.entities()}
    timeline_text, central_name = "(no events)", "—"
    if central:
        data = queries.timeline(g.store, g.store.entity(central))  # type: ignore[arg-type]
        central_name = data["entity"]["name"]
        rows = [{**v, "participants": [names.get(p, p) for p in v["participants"] if p != central],
                 "place": names.get(v["place"], "") if v["place"] else ""} for v in data["events"]]
        timeline_text = _table(rows, ["date", "type", "status", "participants", "place"])
    asof_texts = []
    for day in dates:
        rels = [r for r in queries.asof(g.store, day)["relations"] if r["type"] in STANDING]
        asof_texts.append((day.isoformat(), _table(_relation_rows(g, rels),
                                                   ["type", "subject", "object", "role", "start", "end", "evidence"])))
    return central_name, asof_texts, timeline_text


def report_html(g: api.Graph, central_name: str, timeline_text: str, asof_texts: list[tuple[str, str]]) -> str:
    """The self-contained report page."""
    import jinja2

    from .web.render import json_script

    web = resources.files("factiongraph.web")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(web / "templates")), autoescape=True)
    static = web / "static"
    scripts = [(static / s).read_text(encoding="utf-8").replace("</script", "<\\/script") for s in SCRIPTS]
    data = {"graph": queries.graph_at(g.store), "timeline": queries.events_view(g.store)}
    config = {"range": queries.date_range(g.store), "entityTypes": list(ENTITY_TYPES),
              "relationTypes": list(RELATION_TYPES), "eventTypes": list(EVENT_TYPES), "statuses": list(STATUSES),
              "mode": "report"}
    s = g.store
    summary = (f"{s.count('articles')} articles · {s.count('entities')} actors · {s.count('facts')} relations · "
               f"{s.count('events')} events")
    return env.get_template("report.html").render(
        css=(static / "app.css").read_text(encoding="utf-8").replace("</style", "<\\/style"),
        scripts=scripts, data=json_script(data), config=json_script(config), summary=summary,
        central=central_name, timeline_text=timeline_text, asof_texts=asof_texts, page="report")


def run_demo(db: str | Path | None, out: str | Path) -> int:
    """Ingest the example corpus into ``db`` (default ``OUT/demo.db``), print a timeline and three
    as-of tables, write ``OUT/index.html``; returns the exit code."""
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = Path(db) if db else out_dir / "demo.db"
    with api.open(db_path) as g:
        report = g.ingest([corpus_dir()])
        print(f"ingested {report.read} example articles ({report.added} new): {report.entities} actors, "
              f"{report.facts} relations, {report.events} events")
        for sk in report.skipped:
            print(f"skipped {sk.path}: {sk.reason}")
        central = central_actor(g)
        dates = sample_dates(g)
        central_name, asof_texts, timeline_text = _texts(g, central, dates)
        print(f"\nTimeline of {central_name}\n{timeline_text}")
        for day, text in asof_texts:
            print(f"\nWho stood with whom on {day}\n{text}")
        html = report_html(g, central_name, timeline_text, asof_texts)
    index = out_dir / "index.html"
    index.write_text(html, encoding="utf-8")
    print(f"\nreport: {index.resolve()}")
    return 0
