"""Speed of the NLP stage as ingest runs it, on one core and on two, and of the spaCy model alone.

Run: ``.venv/bin/python bench/nlp_bench.py [--articles 150]`` (prints the JSON of ``run()``);
bench/run.py calls ``run()`` when it is registered there.

Corpus: ``make_corpus`` (bench/make_corpus.py: the example sentences recombined, ~600 words
per article, fixed seed) read back with ``factiongraph.ingest.read_paths``, as ingest reads it.
Words are whitespace-separated words of the article text, as in bench/run.py.

Figures (words per second, wall clock):

* ``pipeline_words_per_second_1core``: ``factiongraph.api.analyse_articles`` (the NLP stage with
  the shipped model's ingest components, the political layer, dates and claims) on every
  article, in this process.
* ``pipeline_words_per_second_2cores``: the same work split in two halves, each analysed by its
  own process with its own ``Pipeline`` (``spawn`` context). The clock starts when both
  processes have loaded their pipeline and analysed a warm-up article, and stops at the last
  result, so loading and process start-up are not counted (they are in ``worker_load_seconds``).
* ``model_ingest_words_per_second`` / ``model_all_words_per_second``: spaCy alone
  (``Pipeline(components=...).nlp.pipe`` on the cleaned texts: our tokenizer, the rule
  sentencizer and the trained components) with :data:`INGEST_COMPONENTS` and with every
  component; ``model_blank_words_per_second`` is the same without a model (tokenizer and rules
  only), the floor under both.

The machine may be shared: the figures are noisy, and the two-core figure is only as good as
the second core is free. Timings are not asserted anywhere.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from queue import Empty
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

from factiongraph.api import analyse_articles  # noqa: E402
from factiongraph.ingest import read_paths  # noqa: E402
from factiongraph.ingest.clean import clean  # noqa: E402
from factiongraph.model import Article  # noqa: E402
from factiongraph.nlp.pipeline import INGEST_COMPONENTS, Pipeline  # noqa: E402

ARTICLES = 150
BATCH_SIZE = 16  # as Pipeline.pipe and ingest batch


# ---------------------------------------------------------------------- corpus
def load_articles(n: int, folder: Path) -> list[Article]:
    """``n`` generated articles, read back as ingest reads them."""
    paths = make_corpus(folder, n)
    articles = [a for a in read_paths(paths) if isinstance(a, Article)]
    if len(articles) != n:
        raise RuntimeError(f"only {len(articles)} of {n} generated articles could be read")
    return articles


def count_words(articles: Sequence[Article]) -> int:
    return sum(len(a.text.split()) for a in articles)


def rate(words: int, seconds: float) -> float:
    return round(words / max(seconds, 1e-9), 1)


# ---------------------------------------------------------------------- one core
def time_pipeline(articles: Sequence[Article], pipeline: Pipeline) -> tuple[float, int]:
    """Seconds to analyse ``articles`` as ingest does, and the mentions found (a check that work was done)."""
    t = time.perf_counter()
    results = analyse_articles(articles, pipeline)
    seconds = time.perf_counter() - t
    return seconds, sum(len(r.mentions) for r in results)


def time_model(articles: Sequence[Article], components: Sequence[str] | str, use_model: bool = True) -> float:
    """Seconds for spaCy alone (tokenizer, rule sentencizer, trained components) on the cleaned texts."""
    nlp = Pipeline(use_model=use_model, components=components).nlp
    texts = [clean(a.text, a.body_start).text for a in articles]
    list(nlp.pipe(texts[:1]))  # warm-up
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return time.perf_counter() - t


# ---------------------------------------------------------------------- two processes
def half_worker(articles: list[dict[str, Any]], ready: Any, go: Any, results: Any) -> None:
    """In a child process: load a Pipeline, warm it up, say so, wait for the start, analyse, report."""
    t = time.perf_counter()
    batch = [Article.from_dict(a) for a in articles]
    pipeline = Pipeline()
    analyse_articles(batch[:1], pipeline)  # warm-up, outside the timed part
    ready.put(time.perf_counter() - t)
    go.wait()
    out = analyse_articles(batch, pipeline)
    results.put((len(out), sum(len(r.mentions) for r in out)))


def _importable_worker() -> Callable[..., None]:
    """``half_worker`` from this file imported by name, so a spawned child can find it.

    bench/run.py loads this file under a private module name that a child process
    cannot import; the child imports ``nlp_bench`` from bench/ (on ``sys.path``, which
    ``spawn`` passes on) instead.
    """
    module = importlib.import_module("nlp_bench")
    worker: Callable[..., None] = module.half_worker
    return worker


def collect(queue: Any, procs: Sequence[Any], timeout: float) -> list[Any]:
    """One item per process from ``queue``; a process that died first is an error, not a hang."""
    items: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(items) < len(procs):
        try:
            items.append(queue.get(timeout=0.5))
        except Empty:
            dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(f"a benchmark process failed (exit code {dead[0]})") from None
            if time.monotonic() > deadline:
                raise TimeoutError(f"no result from the benchmark processes after {timeout:.0f} s") from None
    return items


def time_two_processes(articles: Sequence[Article], timeout: float = 1800.0) -> dict[str, Any]:
    """Wall time for two processes to analyse one half each, from a common start to the last result."""
    ctx = multiprocessing.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    mid = (len(articles) + 1) // 2
    halves = [articles[:mid], articles[mid:]]
    worker = _importable_worker()
    procs = [ctx.Process(target=worker, args=([a.to_dict() for a in h], ready, go, results), daemon=True)
             for h in halves]
    t_spawn = time.perf_counter()
    for p in procs:
        p.start()
    try:
        loads = collect(ready, procs, timeout)
        startup = time.perf_counter() - t_spawn
        t = time.perf_counter()
        go.set()
        done = collect(results, procs, timeout)
        seconds = time.perf_counter() - t
    finally:
        for p in procs:
            p.join(timeout=60)
            if p.is_alive():  # only after a failure: the process is ours
                p.terminate()
                p.join()
    analysed = sum(d[0] for d in done)
    if analysed != len(articles):
        raise RuntimeError(f"the two processes analysed {analysed} of {len(articles)} articles")
    return {"seconds": seconds, "mentions": sum(d[1] for d in done),
            "worker_load_seconds": [round(x, 2) for x in loads], "startup_seconds": round(startup, 2)}


# ---------------------------------------------------------------------- run
def run(articles: int = ARTICLES) -> dict[str, Any]:
    """The figures described in the module docstring, as a dict (bench/run.py stores it)."""
    with tempfile.TemporaryDirectory(prefix="factiongraph-nlp-bench-") as tmp:
        arts = load_articles(articles, Path(tmp) / "corpus")
    words = count_words(arts)

    t = time.perf_counter()
    pipeline = Pipeline()
    load = time.perf_counter() - t
    analyse_articles(arts[:1], pipeline)  # warm-up
    one_seconds, mentions_1 = time_pipeline(arts, pipeline)
    del pipeline

    two = time_two_processes(arts)
    if two["mentions"] != mentions_1:
        raise RuntimeError(f"two processes found {two['mentions']} mentions, one found {mentions_1}")

    ingest_s = time_model(arts, INGEST_COMPONENTS)
    all_s = time_model(arts, "all")
    blank_s = time_model(arts, (), use_model=False)
    return {
        "pipeline_words_per_second_1core": rate(words, one_seconds),
        "pipeline_words_per_second_2cores": rate(words, two["seconds"]),
        "speedup_2cores": round(one_seconds / max(two["seconds"], 1e-9), 2),
        "model_ingest_words_per_second": rate(words, ingest_s),
        "model_all_words_per_second": rate(words, all_s),
        "model_blank_words_per_second": rate(words, blank_s),
        "pipeline_seconds_1core": round(one_seconds, 2),
        "pipeline_seconds_2cores": round(two["seconds"], 2),
        "model_ingest_seconds": round(ingest_s, 2),
        "model_all_seconds": round(all_s, 2),
        "words": words,
        "articles": len(arts),
        "mentions": mentions_1,
        "load_seconds": round(load, 2),
        "worker_load_seconds": two["worker_load_seconds"],
        "worker_startup_seconds": two["startup_seconds"],
        "cpus": os.cpu_count(),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=ARTICLES)
    args = ap.parse_args()
    print(json.dumps(run(args.articles), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
