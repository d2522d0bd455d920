"""Incremental re-consolidation: an ingest re-consolidates only what its articles reach, and the graph is
exactly the one a full re-consolidation of every claim gives (ids, intervals, evidence, order)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import factiongraph as fg
from factiongraph.api import ArticleResult, Graph, analyse_articles
from factiongraph.graph import scope
from factiongraph.ingest import Skipped, read_paths
from factiongraph.model import Article, Claim, Interval, Mention
from factiongraph.store import Store

from .store.conftest import BACKENDS, fresh_database

EXAMPLES = Path(str(resources.files("factiongraph") / "data" / "examples" / "corpus"))


@pytest.fixture(scope="module")
def analysed(shared: Path) -> list[ArticleResult]:
    """The example corpus and the seeds, analysed once (NLP is not what these tests are about)."""
    arts = [a for a in read_paths([EXAMPLES, shared / "seeds"]) if not isinstance(a, Skipped)]
    return analyse_articles(arts)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on SQLite and, when a server is given, on PostgreSQL."""
    with fresh_database(str(request.param), tmp_path) as u:
        yield u


def graph_state(g: Graph) -> dict[str, Any]:
    """Everything consolidation derives, in the order the store gives it, with the stored views and what the
    store keeps for the next incremental pass."""
    views = dict(g.store._rows("SELECT id, view FROM facts"))
    return {
        "facts": [f.to_dict() for f in g.store.facts()],
        "views": sorted(views.items()),
        "events": [e.to_dict() for e in g.store.events()],
        "articles": [(a.id, a.published.to_dict(), a.basis) for a in g.store.articles()],
        # what the next incremental pass reads: the reports and lookup keys kept with the events
        "event_reports": sorted(g.store._rows("SELECT event_id, article_id, seq, data FROM event_reports")),
        "derived_keys": sorted(g.store._rows("SELECT owner_id, kind, key FROM derived_keys")),
    }


def split(results: Sequence[ArticleResult], cuts: Sequence[int]) -> list[list[ArticleResult]]:
    bounds = [0, *cuts, len(results)]
    return [list(results[i:j]) for i, j in itertools.pairwise(bounds)]


def ingest_in_batches(db: Path | str, batches: Sequence[Sequence[ArticleResult]]) -> Iterator[Graph]:
    """Add each batch (the serial part of an ingest), yielding the graph after each."""
    with fg.open(db) as g:
        for batch in batches:
            g.add_results(batch)
            yield g


@pytest.mark.parametrize(("seed", "limit"), [(0, None), (1, None), (2, None), (3, None), (4, 2), (5, 4)])
def test_every_batch_leaves_the_graph_a_full_reconsolidation_gives(
        analysed: list[ArticleResult], url: str, seed: int, limit: int | None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fallbacks: list[object] = []
    if limit is not None:  # scopes past this many articles or facts are consolidated in full
        monkeypatch.setattr(scope, "SCOPE_MIN", limit)
        monkeypatch.setattr(scope, "SCOPE_SHARE", 0.0)
        whole = Graph._consolidate_all
        monkeypatch.setattr(Graph, "_consolidate_all", lambda g, dirty: (fallbacks.append(dirty), whole(g, dirty)))
    rng = random.Random(seed)
    order = analysed[:]
    rng.shuffle(order)
    cuts = sorted(rng.sample(range(1, len(order)), 3 + seed % 3))
    for n, g in enumerate(ingest_in_batches(url, split(order, cuts))):
        incremental = graph_state(g)
        g.reconsolidate()
        assert graph_state(g) == incremental, f"batch {n}"
        assert set(g.store.pending()) <= {"date"}
    assert (limit is None) == (not [d for d in fallbacks if d is not None])


@pytest.mark.parametrize("cuts", [[5], [1, 2, 3, 4], [3, 12], [22]])
def test_batches_in_input_order_give_the_graph_of_one_ingest(
        analysed: list[ArticleResult], tmp_path: Path, cuts: list[int]) -> None:
    with fg.open(tmp_path / "one.db") as g:
        g.add_results(analysed)
        one = graph_state(g)
    with fg.open(tmp_path / "batches.db") as g:
        for batch in split(analysed, cuts):
            g.add_results(batch)
        assert graph_state(g) == one


def test_the_same_batch_twice_changes_nothing(analysed: list[ArticleResult], tmp_path: Path) -> None:
    with fg.open(tmp_path / "g.db") as g:
        g.add_results(analysed[:10])
        before = graph_state(g)
        report = g.add_results(analysed[:10])
        assert report.added == 0 and graph_state(g) == before


class CountingStore(Store):
    """A store that counts the claims it decodes for its caller."""

    read: list[str]

    def claims(self, article_id: str | None = None) -> list[Claim]:
        out = super().claims(article_id)
        self.read.extend(c.id for c in out)
        return out

    def claims_by_id(self, ids: Any) -> dict[str, Claim]:
        out = super().claims_by_id(ids)
        self.read.extend(out)
        return out

    def claims_of_articles(self, article_ids: Any, **kw: Any) -> list[Claim]:
        out = super().claims_of_articles(article_ids, **kw)
        self.read.extend(c.id for c in out)
        return out


def unrelated_article(n: int) -> ArticleResult:
    """A hand-made analysed article about actors the example corpus does not name."""
    text = f"Zarvan Qadeerzai joined the Lumen Awami Front. Zarvan Qadeerzai met Tavish Oxley in Ostrava. ({n})"
    art = Article.make("unrelated.txt", text, published=Interval.day(dt.date(2031, 5, 4)), basis="header")

    def mention(name: str, type_: str) -> Mention:
        start = text.index(name)
        return Mention(art.id, start, start + len(name), name, type_)

    person, party, other, place = (mention("Zarvan Qadeerzai", "person"), mention("Lumen Awami Front", "party"),
                                   mention("Tavish Oxley", "person"), mention("Ostrava", "place"))
    claims = [
        Claim(id=f"c-unrelated-{n}-1", article_id=art.id, kind="relation", type="member_of", subject=person.id,
              object=party.id, aspect="begins", evidence=(0, 46)),
        Claim(id=f"c-unrelated-{n}-2", article_id=art.id, kind="event", type="meeting", participants=(person.id, other.id),
              place=place.id, date=Interval.day(dt.date(2031, 5, 3)), evidence=(47, 94)),
    ]
    return ArticleResult(art, [person, party, other, place], [], claims)


def membership_article(n: int, aspect: str, day: dt.date | None) -> ArticleResult:
    """A hand-made analysed article stating that Zarvan Qadeerzai joins, leaves or is in the Lumen Awami
    Front: dated by a header on ``day``, or undated (None) and stating it in the present."""
    text = f"Zarvan Qadeerzai and the Lumen Awami Front ({aspect}, {n})."
    published = Interval.day(day) if day is not None else Interval.unknown()
    art = Article.make(f"member{n}.txt", text, published=published, basis="header" if day else "unknown")
    person = Mention(art.id, 0, 16, "Zarvan Qadeerzai", "person")
    party = Mention(art.id, 25, 42, "Lumen Awami Front", "party")
    claim = Claim(id=f"c-member-{n}", article_id=art.id, kind="relation", type="member_of", subject=person.id,
                  object=party.id, aspect=aspect, evidence=(0, len(text)))
    return ArticleResult(art, [person, party], [], [claim])


def test_an_undated_article_stating_an_ended_fact_is_dated_by_the_corpus_when_added_later(tmp_path: Path) -> None:
    """The fact's ending does not change when the undated article comes: the new article itself is looked at."""
    joined, left = dt.date(2031, 5, 4), dt.date(2031, 8, 1)
    with fg.open(tmp_path / "g.db") as g:
        g.add_results([membership_article(1, "begins", joined), membership_article(2, "ends", left),
                       membership_article(3, "holds", None)])
        late = membership_article(4, "holds", None)
        g.add_results([late])
        dated = g.store.article(late.article.id)
        assert dated is not None and dated.basis == "corpus" and dated.published.latest == left
        incremental = graph_state(g)
        g.reconsolidate()
        g.add_results([])
        assert graph_state(g) == incremental


def test_an_article_that_alone_ended_a_fact_is_dated_when_another_ends_it_too(tmp_path: Path) -> None:
    """An undated article that states a membership and its end is bounded by other articles' endings only."""
    left = dt.date(2031, 8, 1)
    both = membership_article(6, "holds", None)
    ends = replace(both.claims[0], id="c-member-6-ends", aspect="ends", date=Interval.day(left))
    both = replace(both, claims=[*both.claims, ends])
    with fg.open(tmp_path / "g.db") as g:
        g.add_results([membership_article(1, "begins", dt.date(2031, 5, 4)), both])
        alone = g.store.article(both.article.id)
        assert alone is not None and alone.basis != "corpus"
        g.add_results([membership_article(2, "ends", left)])  # the same end, from another article
        dated = g.store.article(both.article.id)
        assert dated is not None and dated.basis == "corpus" and dated.published.latest == left
        incremental = graph_state(g)
        g.reconsolidate()
        assert graph_state(g) == incremental


class DateWatchingStore(Store):
    """A store that records which articles corpus dating looked at again."""

    looked: list[str]

    def article_dates_of(self, ids: Any) -> dict[str, Article]:
        ids = list(ids)
        self.looked.extend(ids)
        return super().article_dates_of(ids)


def test_evidence_a_fact_gains_does_not_date_again_the_undated_articles_stating_it(tmp_path: Path) -> None:
    with fg.open(tmp_path / "g.db") as g:
        g.add_results([membership_article(1, "begins", dt.date(2031, 5, 4)), membership_article(3, "holds", None)])
    store = DateWatchingStore.open(str(tmp_path / "g.db"))
    store.looked = []
    with Graph(store) as g:
        restated = membership_article(5, "holds", dt.date(2031, 6, 1))
        g.add_results([restated])
        assert set(store.looked) == {restated.article.id}  # the fact's ending is unchanged
        store.looked = []
        ended = membership_article(2, "ends", dt.date(2031, 8, 1))
        g.add_results([ended])
        assert membership_article(3, "holds", None).article.id in store.looked


def test_adding_an_article_reads_only_the_claims_in_its_scope(analysed: list[ArticleResult], url: str) -> None:
    db = url
    with fg.open(db) as g:
        g.add_results(analysed)
        # corpus dating looks again at the articles whose facts the last ingest changed: done here
        first = unrelated_article(1)
        g.add_results([first])
    new = unrelated_article(2)  # restates what the first one says, and nothing any other article says
    store = CountingStore.open(str(db))
    store.read = []
    with Graph(store) as g:
        g.add_results([new])
        # the meeting both report is grouped again, the first article's report as it was kept; the membership
        # both state is added to its key's tally: no claim but the new article's is read
        assert set(store.read) == {c.id for c in new.claims}
        meeting = [e for e in g.store.events() if "c-unrelated-2-2" in e.evidence]
        assert [sorted(e.evidence) for e in meeting] == [["c-unrelated-1-2", "c-unrelated-2-2"]]
        incremental = graph_state(g)
        g.reconsolidate()
        assert graph_state(g) == incremental


def test_adding_an_article_about_known_actors_reads_a_part_of_the_claims(analysed: list[ArticleResult],
                                                                         tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with fg.open(db) as g:
        g.add_results(analysed[:-1])
        total = g.store.count("claims")
    new = analysed[-1]
    store = CountingStore.open(str(db))
    store.read = []
    with Graph(store) as g:
        g.add_results([new])
        read = set(store.read)
        assert {c.id for c in new.claims} <= read and len(read) < total
        incremental = graph_state(g)
        g.reconsolidate()
        assert graph_state(g) == incremental


def test_a_database_without_the_claim_index_is_rebuilt_in_full_once(analysed: list[ArticleResult],
                                                                      tmp_path: Path) -> None:
    with fg.open(tmp_path / "g.db") as g:
        g.add_results(analysed[:5])
        g.store.mark_pending("full", [""])  # as migration 5 leaves a database made before it
        g.add_results(analysed[5:8])
        assert set(g.store.pending()) <= {"date"}
        state = graph_state(g)
        g.reconsolidate()
        assert graph_state(g) == state


def _bench_corpus() -> Any:
    """bench/make_corpus.py: articles recombined from the example corpus's sentences."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "bench" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("_make_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look the module up there
    spec.loader.exec_module(module)
    return module.make_corpus


def test_the_bench_corpus_drops_headers_without_changing_the_articles(tmp_path: Path) -> None:
    make = _bench_corpus()
    dated = [p.read_text() for p in make(tmp_path / "dated", 30, seed=5, words=80)]
    mixed = [p.read_text() for p in make(tmp_path / "mixed", 30, seed=5, words=80, undated=0.5)]
    headless = [m for m in mixed if not m.startswith(" date ")]
    assert 5 < len(headless) < 25
    assert [d.split("\n", 1)[1] if not m.startswith(" date ") else d for d, m in zip(dated, mixed, strict=True)] == mixed


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory) -> list[ArticleResult]:
    """Dense news: every article names the same few parties in the same months, so most events have
    reports in many articles (the case where the scope's bounds on who can meet whom matter); half of
    them undated, so that corpus dating has articles to narrow as the batches come."""
    paths = _bench_corpus()(tmp_path_factory.mktemp("dense"), 140, seed=3, words=300, undated=0.5)
    return analyse_articles([a for a in read_paths(paths) if not isinstance(a, Skipped)])


@pytest.mark.parametrize("seed", [0, 1])
def test_dense_news_batches_consolidated_in_scope_give_the_full_graph(
        dense: list[ArticleResult], tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scope, "SCOPE_MIN", 10**9)  # never give up for a full pass
    whole = Graph._consolidate_all

    def full_only_when_asked(g: Graph, dirty: set[str] | None) -> None:
        assert dirty is None, "the scope fell back to a full pass"
        whole(g, dirty)

    monkeypatch.setattr(Graph, "_consolidate_all", full_only_when_asked)
    rng = random.Random(seed)
    order = dense[:]
    rng.shuffle(order)
    cuts = sorted(rng.sample(range(1, len(order)), 6))
    for n, g in enumerate(ingest_in_batches(tmp_path / "dense.db", split(order, cuts))):
        incremental = graph_state(g)
        g.reconsolidate()
        assert graph_state(g) == incremental, f"batch {n}"
