"""The benchmark behind ``make bench``: ingest throughput, stage times, incremental cost, query latency.

    .venv/bin/python bench/run.py --shared ../shared            # 5,000 articles (takes a while)
    .venv/bin/python bench/run.py --quick                       # a small corpus: checks the bench works

Steps: generate the corpus (bench/make_corpus.py: recombined example sentences,
~600 words per article, fixed seed, half of them without a date header); ingest it end to end (files to consolidated
graph, SQLite) with 1 and 2 worker processes, timing each stage (read,
NLP+claims, store, resolve, corpus dates, consolidate); add the same 100 new
articles to a graph of 500 and to the graph of the whole corpus (the
incremental cost); time as-of and timeline queries on the big graph; record
peak memory.

As-of latency is reported three ways, each on the same random days: ``asof`` is
``Graph.asof`` on one open graph, as a running server or notebook asks it (the
graph keeps the views it decoded, frozen, and repeated questions share them);
``asof_cold`` is the first question of a freshly opened graph (nothing kept:
every view read, decoded and frozen; opening is not timed); ``asof_json`` is the JSON
text the CLI and the web API serve, assembled from the stored views. Other benchmarks add their figures by a ``run() -> dict`` function
(bench/temporal_bench.py, bench/resolve_splink.py, training/evaluate.py): each
is called when it exists and its dict is stored under its own key; a failure is
reported, not fatal. Everything goes to bench/results.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

import factiongraph as fg  # noqa: E402
from factiongraph import api  # noqa: E402

EXTRA_ARTICLES = 100
UNDATED = 0.5  # most news comes without a date: corpus dating is part of what an ingest costs
OTHER_BENCHES = {
    "nlp": HERE / "nlp_bench.py",
    "temporal": HERE / "temporal_bench.py",
    "resolve_splink": HERE / "resolve_splink.py",
    "training": ROOT / "training" / "evaluate.py",
}


# ---------------------------------------------------------------------- stage timing
@contextlib.contextmanager
def stage_timer() -> Iterator[dict[str, float]]:
    """Time the stages of ``Graph.ingest`` by wrapping them (the library is not changed)."""
    times: dict[str, float] = defaultdict(float)
    saved = (api.read_paths, api.Graph.__dict__["_analysed"], api.Graph._store, api.Graph._resolve,
             api.Graph._corpus_dates, api.Graph.reconsolidate, api.Graph._consolidate_pending)
    real_read, real_analysed, real_store, real_resolve, real_dates, real_consolidate, real_pending = saved

    def timed_iter(name: str, it: Iterator[Any]) -> Iterator[Any]:
        while True:
            t = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                times[name] += time.perf_counter() - t
                return
            times[name] += time.perf_counter() - t
            yield item

    running: set[str] = set()

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kw: Any) -> Any:
            if name in running:  # a timed stage calling another of the same name is counted once
                return fn(*args, **kw)
            running.add(name)
            t = time.perf_counter()
            try:
                return fn(*args, **kw)
            finally:
                times[name] += time.perf_counter() - t
                running.discard(name)
        return wrapper

    api.read_paths = lambda *a, **kw: timed_iter("read", real_read(*a, **kw))  # type: ignore[assignment]
    api.Graph._analysed = staticmethod(  # type: ignore[method-assign]
        lambda *a, **kw: timed_iter("nlp_claims", real_analysed.__func__(*a, **kw)))
    api.Graph._store = timed("store", real_store)  # type: ignore[method-assign]
    api.Graph._resolve = timed("resolve", real_resolve)  # type: ignore[method-assign]
    api.Graph._corpus_dates = timed("corpus_dates", real_dates)  # type: ignore[method-assign]
    api.Graph.reconsolidate = timed("consolidate", real_consolidate)  # type: ignore[method-assign]
    api.Graph._consolidate_pending = timed("consolidate", real_pending)  # type: ignore[method-assign]
    try:
        yield times
    finally:
        api.read_paths = real_read
        api.Graph._analysed = real_analysed  # type: ignore[method-assign]
        api.Graph._store = real_store  # type: ignore[method-assign]
        api.Graph._resolve = real_resolve  # type: ignore[method-assign]
        api.Graph._corpus_dates = real_dates  # type: ignore[method-assign]
        api.Graph.reconsolidate = real_consolidate  # type: ignore[method-assign]
        api.Graph._consolidate_pending = real_pending  # type: ignore[method-assign]


def ingest(db: Path, paths: list[Path], workers: int) -> dict[str, Any]:
    """One timed ingest into ``db``: throughput and stage times."""
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    with stage_timer() as times, fg.open(db) as g:
        t = time.perf_counter()
        report = g.ingest(paths, workers=workers)
        seconds = time.perf_counter() - t
    if report.skipped:
        print(f"warning: {len(report.skipped)} articles skipped, e.g. {report.skipped[0]}", file=sys.stderr)
    return {
        "workers": workers, "articles": report.added, "words": words, "seconds": round(seconds, 3),
        "articles_per_second": round(report.added / seconds, 2), "words_per_second": round(words / seconds, 1),
        "stages_seconds": {k: round(v, 3) for k, v in sorted(times.items())},
        "graph": {"entities": report.entities, "claims": report.claims, "facts": report.facts,
                  "events": report.events},
    }


# ---------------------------------------------------------------------- queries
def percentiles(ms: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {"p50_ms": round(qs[49], 2), "p95_ms": round(qs[94], 2), "n": len(ms)}


def query_latency(db: Path, n: int, seed: int = 7) -> dict[str, Any]:
    """As-of on random days (on one open graph, on a fresh graph each time, as JSON) and timelines of
    random entities, each timed alone; the answer is dropped inside the timing, as a caller's would be."""
    rng = random.Random(seed)
    with fg.open(db) as g:
        ents = [e.id for e in g.store.entities()]
        asof_ms, cold_ms, json_ms, timeline_ms = [], [], [], []
        for _ in range(n):
            day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(16 * 365))
            t = time.perf_counter()
            g.asof(day)
            asof_ms.append((time.perf_counter() - t) * 1000)
            with fg.open(db) as fresh:
                t = time.perf_counter()
                fresh.asof(day)
                cold_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            g.asof_json(day)  # what `factiongraph asof --format json` and the web page serve
            json_ms.append((time.perf_counter() - t) * 1000)
        for _ in range(n if ents else 0):
            t = time.perf_counter()
            g.timeline(rng.choice(ents))
            timeline_ms.append((time.perf_counter() - t) * 1000)
    asof, cold, js = percentiles(asof_ms), percentiles(cold_ms), percentiles(json_ms)
    tl = percentiles(timeline_ms or [0.0])
    return {"asof_p50_ms": asof["p50_ms"], "asof_p95_ms": asof["p95_ms"],
            "asof_cold_p50_ms": cold["p50_ms"], "asof_cold_p95_ms": cold["p95_ms"],
            "asof_json_p50_ms": js["p50_ms"], "asof_json_p95_ms": js["p95_ms"],
            "timeline_p50_ms": tl["p50_ms"], "timeline_p95_ms": tl["p95_ms"], "queries": n}


def incremental(small_db: Path, big_db: Path, extra: list[Path]) -> dict[str, Any]:
    """The same new articles added to a small and a big graph: total and serial (store+resolve+consolidate)."""
    out: dict[str, Any] = {}
    for name, db in (("small", small_db), ("big", big_db)):
        with fg.open(db) as g:
            size = g.store.count("articles")
        copy = db.with_name(f"{db.stem}.plus{EXTRA_ARTICLES}.db")
        with fg.open(db) as src:  # a copy, so that the big graph stays as measured for the queries
            src.store.conn.execute(f"VACUUM INTO '{copy}'")
        r = ingest(copy, extra, workers=1)
        st = r["stages_seconds"]
        out[name] = {"graph_articles": size, "added": r["articles"], "seconds": r["seconds"],
                     "serial_seconds": round(st["store"] + st["resolve"] + st["corpus_dates"] + st["consolidate"], 3),
                     "stages_seconds": st}
    out["ratio_big_to_small"] = round(out["big"]["seconds"] / max(out["small"]["seconds"], 1e-9), 2)
    out["serial_ratio_big_to_small"] = round(
        out["big"]["serial_seconds"] / max(out["small"]["serial_seconds"], 1e-9), 2)
    return out


# ---------------------------------------------------------------------- other benchmarks
def run_others() -> dict[str, Any]:
    """Each other benchmark's ``run()``, under its own key; a missing file is noted, a failure reported."""
    out: dict[str, Any] = {}
    for key, path in OTHER_BENCHES.items():
        if not path.exists():
            out[key] = {"status": "missing", "path": str(path.relative_to(ROOT))}
            continue
        t = time.perf_counter()
        try:
            spec = importlib.util.spec_from_file_location(f"_bench_{key}", path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module  # dataclasses in the module look themselves up there
            spec.loader.exec_module(module)
            if not hasattr(module, "run"):
                out[key] = {"status": "no run() function", "path": str(path.relative_to(ROOT))}
                continue
            result = module.run()
            out[key] = result if isinstance(result, dict) else {"result": result}
        except Exception as exc:  # another benchmark failing must not lose ours
            traceback.print_exc()
            out[key] = {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
        print(f"  {key}: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return out


# ---------------------------------------------------------------------- main
def peak_memory_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its (finished) worker processes (Linux: KiB)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return {"main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1),
            "workers_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale, 1)}


def table(results: dict[str, Any]) -> str:
    rows = []
    for key, r in results["ingest"]["runs"].items():
        rows.append((f"ingest {key}", f"{r['articles_per_second']:.1f} articles/s, {r['words_per_second']:.0f} words/s, "
                     f"{r['seconds']:.1f} s for {r['articles']}"))
        rows.append((f"  stages {key}", ", ".join(f"{k} {v:.1f}s" for k, v in r["stages_seconds"].items())))
    inc = results["incremental"]
    rows.append((f"add {EXTRA_ARTICLES} to {inc['small']['graph_articles']}",
                 f"{inc['small']['seconds']:.1f} s (serial part {inc['small']['serial_seconds']:.1f} s)"))
    rows.append((f"add {EXTRA_ARTICLES} to {inc['big']['graph_articles']}",
                 f"{inc['big']['seconds']:.1f} s (serial part {inc['big']['serial_seconds']:.1f} s), "
                 f"x{inc['ratio_big_to_small']} (serial x{inc['serial_ratio_big_to_small']})"))
    q = results["query"]
    rows.append(("asof, open graph", f"p50 {q['asof_p50_ms']:.1f} ms, p95 {q['asof_p95_ms']:.1f} ms"))
    rows.append(("asof, first of a graph", f"p50 {q['asof_cold_p50_ms']:.1f} ms, p95 {q['asof_cold_p95_ms']:.1f} ms"))
    rows.append(("asof, JSON answer", f"p50 {q['asof_json_p50_ms']:.1f} ms, p95 {q['asof_json_p95_ms']:.1f} ms"))
    rows.append(("timeline", f"p50 {q['timeline_p50_ms']:.1f} ms, p95 {q['timeline_p95_ms']:.1f} ms"))
    m = results["memory"]
    rows.append(("peak memory", f"main {m['main_mb']:.0f} MB, workers {m['workers_mb']:.0f} MB"))
    for key in OTHER_BENCHES:
        v = results.get(key, {})
        rows.append((key, json.dumps(v)[:100]))
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{a.ljust(width)}  {b}" for a, b in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                    help="the shared folder (for benchmarks that need it)")
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--quick", action="store_true", help="a small corpus (300 articles), to check the bench runs")
    ap.add_argument("--workers", default="1,2", help="worker counts to measure, comma-separated")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--out", type=Path, default=HERE / "results.json")
    ap.add_argument("--no-others", action="store_true", help="skip the other benchmarks' run() functions")
    ap.add_argument("--undated", type=float, default=UNDATED, help="the share of articles without a date header")
    args = ap.parse_args()
    if args.shared.is_dir():
        os.environ.setdefault("FACTIONGRAPH_SHARED", str(args.shared.resolve()))
    n = 300 if args.quick else args.articles
    small_n = max(1, n // 10)
    workers = [int(w) for w in args.workers.split(",")]

    with tempfile.TemporaryDirectory(prefix="factiongraph-bench-") as tmp_name:
        tmp = Path(tmp_name)
        t = time.perf_counter()
        paths = make_corpus(tmp / "corpus", n + EXTRA_ARTICLES, undated=args.undated)
        corpus, extra = paths[:n], paths[n:]
        print(f"corpus: {n}+{EXTRA_ARTICLES} articles in {time.perf_counter() - t:.1f} s", file=sys.stderr)

        from factiongraph.nlp.pipeline import default_pipeline

        t = time.perf_counter()
        default_pipeline()
        load = time.perf_counter() - t
        runs: dict[str, Any] = {}
        for w in workers:
            print(f"ingest with {w} worker(s)...", file=sys.stderr)
            runs[f"workers_{w}"] = ingest(tmp / f"w{w}.db", corpus, w)
            print(f"  {runs[f'workers_{w}']['articles_per_second']} articles/s", file=sys.stderr)
        big_db = tmp / f"w{workers[-1]}.db"
        print(f"graph of {small_n}...", file=sys.stderr)
        small = ingest(tmp / "small.db", corpus[:small_n], workers[-1])
        print("incremental...", file=sys.stderr)
        inc = incremental(tmp / "small.db", big_db, extra)
        print("queries...", file=sys.stderr)
        query = query_latency(big_db, 30 if args.quick else args.queries)

    words = sum(r["words"] for r in runs.values()) / len(runs)
    best = max(runs.values(), key=lambda r: r["articles_per_second"])
    results: dict[str, Any] = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "corpus": {"articles": n, "words_per_article": round(words / n), "quick": args.quick,
                   "undated_share": args.undated},
        "ingest": {"articles_per_second": best["articles_per_second"], "words_per_second": best["words_per_second"],
                   "best_workers": best["workers"], "pipeline_load_seconds": round(load, 2), "runs": runs,
                   "small_graph": small},
        "incremental": inc,
        "query": query,
        "memory": peak_memory_mb(),
    }
    if not args.no_others:
        print("other benchmarks...", file=sys.stderr)
        results.update(run_others())
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
