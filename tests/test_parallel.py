"""Parallel and distributed ingest: the same graph whatever runs the per-article analysis."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

import factiongraph as fg
from factiongraph import cli, parallel
from factiongraph.api import ArticleResult
from factiongraph.errors import BadQuery, ModelError
from factiongraph.ingest import Skipped
from factiongraph.model import Article, Claim, Interval, Mention
from factiongraph.resolve import AliasTable, Resolver
from factiongraph.resolve import resolver as resolver_module
from factiongraph.store import ClaimRows

POISON = "poison"


def article(text: str, source: str = "a.txt") -> Article:
    return Article.make(source, text)


def no_nlp(batch: Sequence[Article]) -> list[ArticleResult]:
    """A stand-in analysis (no model to load in the workers) that fails on a poisoned article."""
    if any(POISON in a.text for a in batch):
        raise ValueError("cannot analyse this")
    return [ArticleResult(a, [], [], []) for a in batch]


def broken_model(batch: Sequence[Article]) -> list[ArticleResult]:
    raise ModelError("the NLP model is broken")


def export_json(db: Path) -> str:
    with fg.open(db) as g:
        return json.dumps(g.export(), ensure_ascii=False, indent=1)


@pytest.fixture(scope="module")
def serial_export(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> str:
    db = tmp_path_factory.mktemp("serial") / "g.db"
    with fg.open(db) as g:
        g.ingest([shared / "seeds"])
    return export_json(db)


# ---------------------------------------------------------------------- the seeds, end to end
def test_two_worker_processes_give_a_byte_identical_export(
    tmp_path: Path, shared: Path, serial_export: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = resolver_module.cluster_article

    def counted(*args: Any, **kw: Any) -> Any:
        calls.append("cluster")
        return real(*args, **kw)

    monkeypatch.setattr(resolver_module, "cluster_article", counted)  # this process only, not the workers
    db = tmp_path / "n2.db"
    with fg.open(db) as g:
        report = g.ingest([shared / "seeds"], workers=2, batch_size=1)
    assert (report.added, report.skipped) == (5, [])
    assert calls == []  # every article came back clustered by a worker, and its clusters were used
    assert export_json(db) == serial_export


def test_cli_workers_flag_gives_the_same_export(tmp_path: Path, shared: Path, serial_export: str) -> None:
    db = tmp_path / "cli.db"
    assert cli.main(["ingest", str(shared / "seeds"), "--db", str(db), "--workers", "2", "--quiet"]) == 0
    assert export_json(db) == serial_export


def test_dask_local_cluster_gives_the_same_export(tmp_path: Path, shared: Path, serial_export: str) -> None:
    pytest.importorskip("dask.distributed")
    from factiongraph.distributed import analyse_on_dask
    from factiongraph.ingest import read_paths

    fresh = [a for a in read_paths([shared / "seeds"]) if isinstance(a, Article)]
    context = Resolver(aliases=AliasTable.load()).cluster_context().to_dict()
    outcomes = [o for batch in analyse_on_dask(fresh, batch_size=2, processes=False, context=context)
                for o in batch]
    assert all(isinstance(o, ArticleResult) and o.clusters is not None for o in outcomes)
    db = tmp_path / "dask.db"
    with fg.open(db) as g:
        g.add_results([o for o in outcomes if isinstance(o, ArticleResult)])
    assert export_json(db) == serial_export


# ---------------------------------------------------------------------- workers without a model
@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_article_is_skipped_alone_and_the_rest_kept_in_order(tmp_path: Path, workers: int) -> None:
    texts = [f"Article number {i} says the leaders met." for i in range(7)]
    texts[3] = f"Article {POISON} that the analysis cannot handle."
    arts = [article(t, f"{i}.txt") for i, t in enumerate(texts)]
    if workers == 1:
        got = [o for b in parallel.batches(arts, 3) for o in parallel.analyse_batch(b, no_nlp)]
    else:
        got = [o for b in parallel.analyse_in_processes(arts, workers=workers, batch_size=3, analyse=no_nlp)
               for o in b]
    assert [o.path if isinstance(o, Skipped) else o.article.source for o in got] == [f"{i}.txt" for i in range(7)]
    bad = got[3]
    assert isinstance(bad, Skipped) and bad.error == "ValueError" and "cannot analyse" in bad.reason
    assert all(isinstance(o, ArticleResult) for i, o in enumerate(got) if i != 3)


def test_a_fatal_error_in_a_worker_is_raised_in_the_caller_as_its_own_class() -> None:
    arts = [article(f"Text {i} about a meeting.") for i in range(4)]
    with pytest.raises(ModelError, match="broken"):
        list(parallel.analyse_in_processes(arts, workers=2, batch_size=1, analyse=broken_model))


def test_encoded_outcomes_round_trip() -> None:
    outcomes: list[parallel.Outcome] = [ArticleResult(article("The leaders met."), [], [("PSP", "Pak Party")], []),
                                        Skipped("x.txt", "analysis failed: boom", "ValueError")]
    wire = json.loads(json.dumps(parallel.encode_outcomes(outcomes)))
    assert parallel.decode_outcomes(wire) == outcomes


def test_a_result_crosses_the_wire_with_its_mentions_and_claims_whole() -> None:
    a = article("Kamran Tessori met the PSP leaders in Karachi.")
    mentions = [Mention(a.id, 0, 14, "Kamran Tessori", "person", role="Governor", sentence=0, source="ruler"),
                Mention(a.id, 23, 26, "PSP", "party", kind="acronym")]
    claims = [Claim(id="c1", article_id=a.id, kind="event", type="meeting", participants=(mentions[0].id,),
                    evidence=(0, 46), date=Interval.day(dt.date(2024, 5, 1)))]
    wire = json.loads(json.dumps(ArticleResult(a, mentions, [("PSP", "Pak Party")], claims).to_wire()))
    back = ArticleResult.from_wire(wire)
    assert back.mentions == mentions and back.article == a and back.acronyms == [("PSP", "Pak Party")]
    assert isinstance(back.claims, ClaimRows) and list(back.claims) == claims


@pytest.mark.parametrize("row", [(), ("a", 0, 4)])
def test_a_mention_row_of_the_wrong_width_is_refused(row: tuple[object, ...]) -> None:
    with pytest.raises(ValueError, match="row has 10 values"):
        Mention.from_row(row)


def with_mentions(batch: Sequence[Article]) -> list[ArticleResult]:
    """A stand-in analysis that finds a person named in full and by surname, and a party by acronym."""
    out = []
    for a in batch:
        spans = [(0, 14, "person"), (20, 27, "person"), (32, 35, "party")]
        out.append(ArticleResult(a, [Mention(a.id, s, e, a.text[s:e], t) for s, e, t in spans], [], []))
    return out


def test_a_batch_analysed_with_a_context_carries_clusters_that_round_trip() -> None:
    context = Resolver(aliases=AliasTable.load()).cluster_context()
    arts = [article("Kamran Tessori said Tessori and PSP met.", f"{i}.txt") for i in range(2)]
    outcomes = parallel.analyse_batch(arts, with_mentions, context)
    first = outcomes[0]
    assert isinstance(first, ArticleResult) and first.clusters is not None
    assert first.clusters.key == context.key()
    assert [c["mentions"] for c in first.clusters.clusters] == [[0, 1], [2]]
    wire = json.loads(json.dumps(parallel.encode_outcomes(outcomes)))
    assert parallel.decode_outcomes(wire) == outcomes
    assert all(isinstance(o, ArticleResult) and o.clusters is None
               for o in parallel.analyse_batch(arts, with_mentions))


def test_worker_processes_given_a_context_send_clusters_back() -> None:
    context = Resolver(aliases=AliasTable.load()).cluster_context()
    arts = [article(f"Kamran Tessori said Tessori and PSP met {i}.", f"{i}.txt") for i in range(3)]
    got = [o for b in parallel.analyse_in_processes(arts, workers=2, batch_size=1, analyse=with_mentions,
                                                    context=context.to_dict()) for o in b]
    assert [o.clusters for o in got if isinstance(o, ArticleResult)] == [
        o.clusters for o in parallel.analyse_batch(arts, with_mentions, context) if isinstance(o, ArticleResult)
    ]
    assert all(isinstance(o, ArticleResult) and o.clusters is not None for o in got)


class _Done(Future[int]):
    def __init__(self, value: int, log: list[str]):
        super().__init__()
        self.value, self.log = value, log

    def result(self, timeout: float | None = None) -> int:
        self.log.append(f"result {self.value}")
        return self.value


def test_in_order_keeps_submission_order_and_at_most_window_in_flight() -> None:
    log: list[str] = []

    def submit(i: int) -> _Done:
        log.append(f"submit {i}")
        return _Done(i * 10, log)

    assert list(parallel.in_order(submit, range(4), window=2)) == [0, 10, 20, 30]
    assert log == ["submit 0", "submit 1", "result 0", "submit 2", "result 10", "submit 3", "result 20",
                   "result 30"]


@pytest.mark.parametrize("size", [0, -1])
def test_batch_size_below_one_is_refused(size: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(parallel.batches([1, 2], size))


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_cli_refuses_a_worker_count_below_one(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["ingest", "x", "--workers", value])
    assert exit_.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_unknown_engine_is_a_clear_error(tmp_path: Path) -> None:
    with fg.open(tmp_path / "g.db") as g, pytest.raises(BadQuery, match="unknown engine"):
        g.ingest([tmp_path], engine="ray")


@pytest.mark.parametrize(("n", "size", "expected"), [(0, 3, []), (2, 3, [[0, 1]]), (6, 3, [[0, 1, 2], [3, 4, 5]]),
                                                     (7, 3, [[0, 1, 2], [3, 4, 5], [6]])])
def test_batches_are_taken_from_any_iterable_as_it_comes(n: int, size: int, expected: list[list[int]]) -> None:
    assert list(parallel.batches(iter(range(n)), size)) == expected
    assert list(parallel.batches(list(range(n)), size)) == expected


def test_nonempty_tells_an_empty_iterable_and_keeps_every_item_of_another() -> None:
    assert parallel.nonempty(iter([])) is None
    items = parallel.nonempty(x for x in (0, None, 2))  # a falsy first item still counts
    assert items is not None and list(items) == [0, None, 2]
