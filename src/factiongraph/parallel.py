"""Parallel ingest on one machine: the per-article analysis in worker processes.

The analysis of an article (NLP, dates, claims) depends on that article only,
so it can run anywhere; storing, resolving and consolidating are global and
stay in the calling process. The articles are cut into batches of a fixed size
(the same whatever the number of workers, so that spaCy sees the same batches),
each batch is analysed in a worker with ``nlp.pipe``, and the results come back
as plain data (``ArticleResult.to_wire``: mentions as rows of values, claims
already encoded as the rows the store writes, so that the calling process,
which does the serial part of the ingest, decodes and encodes as little as
possible) *in input order*: the graph is the
same byte for byte whatever the number of workers.

Each worker process loads the NLP pipeline once, in its initializer. Workers
are started with ``forkserver`` (or ``spawn`` where that is not available), never
``fork``: a forked copy of a process that holds a database connection or
threads is not safe.

The same batch function serves the Dask engine (:mod:`factiongraph.distributed`).

Given the run's :class:`~factiongraph.resolve.local.ClusterContext` (the alias
table and the pairs user splits keep apart, as a dict), a worker also groups
each article's mentions into local clusters, the first step of entity
resolution, which reads nothing else; the caller's resolver uses them when
their context key is still its own, and clusters the article itself otherwise.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from . import errors
from .api import ArticleResult, analyse_articles
from .errors import FactionGraphError
from .ingest import Skipped
from .model import Article
from .resolve.local import ClusterContext, precompute

log = logging.getLogger("factiongraph")

T = TypeVar("T")
R = TypeVar("R")

Analyse = Callable[[Sequence[Article]], list[ArticleResult]]
Outcome = ArticleResult | Skipped

__all__ = [
    "analyse_batch",
    "analyse_in_processes",
    "batches",
    "decode_outcomes",
    "encode_outcomes",
    "in_order",
    "mp_context",
    "nonempty",
    "run_batch",
    "with_clusters",
]


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in consecutive slices of ``size`` (the last one shorter), taken as they come."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def nonempty(items: Iterable[T]) -> Iterator[T] | None:
    """``items`` as an iterator, or None when there is none (the first is read to tell)."""
    it = iter(items)
    for first in it:
        return itertools.chain([first], it)
    return None


def analyse_batch(batch: Sequence[Article], analyse: Analyse | None = None,
                  context: ClusterContext | None = None) -> list[Outcome]:
    """Analyse a batch; when it fails, each of its articles alone, so one bad article skips only itself.

    A :class:`FactionGraphError` on the whole batch (a missing model...) is not the
    articles' fault and stops the ingest. With ``context``, each result carries its
    local clusters (see :func:`with_clusters`).
    """
    run = analyse or analyse_articles
    try:
        return with_clusters(list(run(batch)), context)
    except FactionGraphError:
        raise
    except Exception as exc:
        log.debug("batch failed, retrying its articles one by one: %s", exc)
    out: list[Outcome] = []
    for a in batch:
        try:
            out.extend(run([a]))
        except Exception as exc1:
            out.append(Skipped(a.source, f"analysis failed: {exc1}", type(exc1).__name__))
    return with_clusters(out, context)


def with_clusters(outcomes: list[Outcome], context: ClusterContext | None) -> list[Outcome]:
    """Add to each result its local clusters computed with ``context`` (none added without one).

    A result whose clustering fails is left without: the resolver clusters it again, and
    reports the error there, as it would have without workers.
    """
    if context is None:
        return outcomes
    key = context.key()
    for o in outcomes:
        if isinstance(o, ArticleResult):
            try:
                o.clusters = precompute(o.article.id, o.mentions, o.acronyms, context, key)
            except Exception as exc:
                log.debug("clustering %s in the worker failed, left to the resolver: %s", o.article.id, exc)
                o.clusters = None
    return outcomes


# ---------------------------------------------------------------------- the wire format
def encode_outcomes(outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    """Outcomes as plain data (:meth:`ArticleResult.to_wire`), to cross a process or machine boundary."""
    return [{"skipped": o.to_dict()} if isinstance(o, Skipped) else {"result": o.to_wire()} for o in outcomes]


def decode_outcomes(items: Sequence[dict[str, Any]]) -> list[Outcome]:
    """The inverse of :func:`encode_outcomes`; a worker's fatal error is raised here, in the caller."""
    out: list[Outcome] = []
    for d in items:
        if "fatal" in d:
            raise _fatal_error(d["fatal"])
        if "skipped" in d:
            s = d["skipped"]
            out.append(Skipped(s["path"], s["reason"], s["error"]))
        else:
            out.append(ArticleResult.from_wire(d["result"]))
    return out


def _fatal_error(d: dict[str, str]) -> FactionGraphError:
    """The worker's error as the same class when it can be rebuilt from a message, else the base class."""
    cls = getattr(errors, d["error"], None)
    if isinstance(cls, type) and issubclass(cls, FactionGraphError) and not issubclass(cls, errors.InputError):
        return cls(d["message"])
    return FactionGraphError(f"{d['error']}: {d['message']}")


def run_batch(articles: Sequence[dict[str, Any]], analyse: Analyse | None = None,
              context: dict[str, Any] | ClusterContext | None = None) -> list[dict[str, Any]]:
    """The task a worker runs: article dicts in, encoded outcomes out (errors as data, never raised).

    ``context``: a :class:`ClusterContext` or its dict, to add each article's local clusters.
    """
    try:
        batch = [Article.from_dict(a) for a in articles]
        ctx = ClusterContext.from_dict(context) if isinstance(context, dict) else context
        return encode_outcomes(analyse_batch(batch, analyse, ctx))
    except Exception as exc:
        return [{"fatal": {"error": type(exc).__name__, "message": str(exc)}}]


# ---------------------------------------------------------------------- worker processes
_init_error: dict[str, str] | None = None
_context: ClusterContext | None = None  # the run's clustering context, decoded once per worker process


def _init_worker(analyse: Analyse | None, context: dict[str, Any] | None = None) -> None:
    """Load the NLP pipeline once per worker process (unless a custom ``analyse`` replaces it)."""
    global _init_error, _context
    _context = ClusterContext.from_dict(context) if context is not None else None
    if analyse is not None:
        return
    try:
        from .nlp.pipeline import default_pipeline

        default_pipeline()
    except Exception as exc:  # reported by the first task, as a clear error in the caller
        _init_error = {"error": type(exc).__name__, "message": str(exc)}


def _worker_task(articles: list[dict[str, Any]], analyse: Analyse | None) -> list[dict[str, Any]]:
    if _init_error is not None:
        return [{"fatal": _init_error}]
    return run_batch(articles, analyse, _context)


def mp_context() -> Any:
    """``forkserver`` where the platform has it (Linux, macOS), else ``spawn``; never ``fork``."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def window_for(workers: int, batch_size: int, ahead: int) -> int:
    """Batches to keep in flight: two per worker, plus enough for the ``ahead`` articles the caller holds
    while it stores and resolves a chunk (without them the workers sit idle while the caller works)."""
    return 2 * workers + -(-max(ahead, 0) // batch_size)


def in_order(submit: Callable[[T], Any], items: Iterable[T], window: int) -> Iterator[Any]:
    """Submit ``items`` (at most ``window`` in flight) and yield their results in submission order.

    ``submit`` returns a future with ``.result()`` (concurrent.futures or Dask). The
    window bounds memory on a large corpus while keeping every worker busy.
    """
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def analyse_in_processes(
    articles: Iterable[Article], *, workers: int, batch_size: int = 16, analyse: Analyse | None = None,
    ahead: int = 0, context: dict[str, Any] | None = None,
) -> Iterator[list[Outcome]]:
    """Per batch, in input order, the outcomes of analysing ``articles`` in ``workers`` processes.

    ``analyse``, when given, must be picklable (a module-level function). ``ahead``: how many analysed
    articles the caller gathers before it works on them; as many are analysed meanwhile. ``context``:
    a :class:`ClusterContext` dict, to have the workers cluster each article's mentions too.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    todo = nonempty(articles)
    if todo is None:  # nothing to analyse: no process started
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp_context(),
                               initializer=_init_worker, initargs=(analyse, context))

    def submit(batch: list[Article]) -> Future[list[dict[str, Any]]]:
        return pool.submit(_worker_task, [a.to_dict() for a in batch], analyse)

    try:
        for encoded in in_order(submit, batches(todo, batch_size), window=window_for(workers, batch_size, ahead)):
            yield decode_outcomes(encoded)
    finally:  # on an error (or an interrupted caller) drop the queued batches instead of finishing them
        pool.shutdown(wait=True, cancel_futures=True)
