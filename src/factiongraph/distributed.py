"""Ingest past one machine: the per-article analysis as Dask tasks.

``factiongraph ingest --engine dask --scheduler tcp://host:8786`` sends batches of
articles to the workers of a running Dask cluster (``dask scheduler`` and
``dask worker`` on each machine, with factiongraph installed on every worker);
without ``--scheduler`` a :class:`~dask.distributed.LocalCluster` is started on
this machine for the run. The tasks are :func:`factiongraph.parallel.run_batch`:
article dicts in, result dicts out, so only plain data crosses the network.
Storing, resolving and consolidating stay in the client, where the database is:
they are global (every new mention is compared with every entity), and the
results are taken in input order so the graph is the same as a single-process run.

Why Dask rather than Ray: the work is a plain map of a pure function over batches,
which Dask's futures do with nothing to learn beyond ``submit``/``result``; Dask is
pure Python on PyPI, runs a local cluster in-process for tests, and its scheduler
is a single command on the cluster side.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import FactionGraphError
from .model import Article
from .parallel import Analyse, Outcome, batches, decode_outcomes, in_order, nonempty, run_batch, window_for

__all__ = ["analyse_on_dask", "dask_client"]


def _warm() -> bool:
    """Load the NLP pipeline on a worker before its first task (once per worker process)."""
    from .nlp.pipeline import default_pipeline

    default_pipeline()
    return True


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, *, workers: int | None = None,
                processes: bool = True) -> Iterator[Any]:
    """A Dask client: connected to ``scheduler``, or to a LocalCluster of ``workers`` single-thread workers.

    The local cluster runs one thread per worker because a spaCy pipeline is not
    meant to be shared between threads; ``processes=False`` keeps its workers in
    this process (quick to start, for tests).
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise FactionGraphError(
            "the Dask engine is not installed: pip install 'factiongraph[distributed]'"
        ) from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except Exception as exc:
            raise FactionGraphError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}; start one with `dask scheduler` "
                "and workers with `dask worker ADDRESS`, or leave out --scheduler for a local cluster"
            ) from exc
        try:
            yield client
        finally:
            client.close()
        return
    n = workers if workers and workers > 0 else (2 if processes else 1)
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=processes,
                           dashboard_address=None, silence_logs=logging.WARNING)
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def analyse_on_dask(
    articles: Iterable[Article], *, scheduler: str | None = None, workers: int | None = None,
    batch_size: int = 16, analyse: Analyse | None = None, processes: bool = True, ahead: int = 0,
    context: dict[str, Any] | None = None,
) -> Iterator[list[Outcome]]:
    """Per batch, in input order, the outcomes of analysing ``articles`` on a Dask cluster.

    ``analyse``, when given, must be importable on the workers (a module-level function). ``context``:
    a :class:`~factiongraph.resolve.local.ClusterContext` dict, sent with each batch (it is small), to
    have the workers cluster each article's mentions too.
    """
    todo = nonempty(articles)
    if todo is None:
        return
    with dask_client(scheduler, workers=workers, processes=processes) as client:
        if analyse is None:
            client.run(_warm)
        threads = sum(client.nthreads().values()) or 1

        def submit(batch: list[Article]) -> Any:
            return client.submit(run_batch, [a.to_dict() for a in batch], analyse, context, pure=False)

        for encoded in in_order(submit, batches(todo, batch_size), window=window_for(threads, batch_size, ahead)):
            yield decode_outcomes(encoded)
