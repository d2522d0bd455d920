"""The Python API: open a graph, ingest articles, ask it questions.

    import factiongraph as fg
    g = fg.open("factiongraph.db")
    report = g.ingest(["articles/"])
    g.asof("2023-06-01")            # relations that hold on a date
    g.timeline("Asad Umar")     # the events an actor took part in
    g.entity("PML-N")               # a profile
    g.export()                      # the whole graph (shared/spec/EXPORT.md)

One ingest run: read files -> analyse new articles (NLP, dates, claims) ->
store each article with its mentions and claims in its own transaction ->
resolve the new mentions into entities -> re-consolidate facts and events.
An article that fails is reported and skipped; what is stored stays.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from .errors import BadQuery, NotFound, StoreError
from .extract.claims import ClaimExtractor
from .graph import consolidate as cons
from .graph import dating as corpus_dating
from .graph import queries, scope
from .graph.consolidate import Context
from .ingest import Skipped, read_paths
from .model import Article, Claim, Entity, Fact, Mention
from .nlp.pipeline import Analysis, Pipeline, default_pipeline
from .resolve import AliasTable, Decision, Resolver
from .resolve.local import Precomputed
from .store import Citation, ClaimRows, Store, _gc_paused
from .temporal import dating

log = logging.getLogger("factiongraph")

ENGINES = ("local", "dask")  # where the per-article analysis of an ingest runs


P = ParamSpec("P")
R = TypeVar("R")


def _without_gc(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` with cyclic garbage collection paused: a consolidation makes and drops tens of thousands of
    records without cycles, and each collection would scan the whole graph held in memory again."""
    @functools.wraps(fn)
    def run(*args: P.args, **kw: P.kwargs) -> R:
        with _gc_paused():
            return fn(*args, **kw)
    return run


@dataclass
class IngestReport:
    """What one ingest run did."""

    read: int = 0
    added: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    claims: int = 0
    facts: int = 0
    events: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "added": self.added, "unchanged": self.unchanged,
            "skipped": [s.to_dict() for s in self.skipped], "entities": self.entities,
            "claims": self.claims, "facts": self.facts, "events": self.events,
        }


@dataclass
class ArticleResult:
    """The per-article work of an ingest: everything that can run on a worker."""

    article: Article
    mentions: list[Mention]
    acronyms: list[tuple[str, str]]
    claims: Sequence[Claim]  # a list, or ClaimRows when the result came from a worker (decoded when read)
    clusters: Precomputed | None = None  # the local clusters, when a worker computed them (resolve.local)

    def to_dict(self) -> dict[str, Any]:
        d = {"article": self.article.to_dict(), "mentions": [m.to_dict() for m in self.mentions],
             "acronyms": [list(a) for a in self.acronyms], "claims": [c.to_dict() for c in self.claims]}
        if self.clusters is not None:
            d["clusters"] = self.clusters.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleResult:
        clusters = Precomputed.from_dict(d["clusters"]) if d.get("clusters") is not None else None
        return cls(Article.from_dict(d["article"]), [Mention.from_dict(m) for m in d["mentions"]],
                   [(a, b) for a, b in d["acronyms"]], [Claim.from_dict(c) for c in d["claims"]], clusters)

    def to_wire(self) -> dict[str, Any]:
        """The compact form a worker sends back: mentions as rows of values, claims as the rows the store
        writes (:class:`~factiongraph.store.ClaimRows`); the receiver stores them without re-encoding."""
        claims = self.claims if isinstance(self.claims, ClaimRows) else ClaimRows.of(self.claims)
        d = {"article": self.article.to_dict(), "mention_rows": [m.to_row() for m in self.mentions],
             "acronyms": [list(a) for a in self.acronyms], "claim_rows": claims.rows}
        if self.clusters is not None:
            d["clusters"] = self.clusters.to_dict()
        return d

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> ArticleResult:
        clusters = Precomputed.from_dict(d["clusters"]) if d.get("clusters") is not None else None
        return cls(Article.from_dict(d["article"]), [Mention.from_row(m) for m in d["mention_rows"]],
                   [(a, b) for a, b in d["acronyms"]], ClaimRows(d["claim_rows"]), clusters)


def analyse_articles(articles: Sequence[Article], pipeline: Pipeline | None = None) -> list[ArticleResult]:
    """NLP, dates and claims for a batch of articles (pure: no database)."""
    pipe = pipeline or default_pipeline()
    out = []
    for an in pipe.pipe(articles):
        out.append(_analyse_one(an))
    return out


def _analyse_one(an: Analysis) -> ArticleResult:
    dated = dating.date_article(an.article, an.cleaned.text)
    an.article = dated.article
    extractor = ClaimExtractor(date_of=dated.date_of)
    claims = extractor.extract(an)
    return ArticleResult(dated.article, an.mentions, an.acronyms, claims)


RESOLVE_CHUNK = 256  # analysed articles stored and resolved at a time during an ingest


class Graph:
    """A factiongraph database with the operations of the product."""

    def __init__(self, store: Store, *, view_cache_chars: int = queries.DEFAULT_VIEW_CACHE_CHARS):
        """``view_cache_chars``: how much of the facts' stored views :meth:`asof` keeps decoded between
        questions, in characters of their JSON (decoded, ~5 bytes each); 0 keeps none."""
        self.store = store
        self._views = queries.ViewCache(view_cache_chars)

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self._views.clear()
        self.store.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest
    def ingest(self, paths: Iterable[str | Path], *, progress: Callable[[int], None] | None = None,
               batch_size: int = 16, analyse: Callable[[Sequence[Article]], list[ArticleResult]] | None = None,
               max_bytes: int = 20_000_000, workers: int = 1, engine: str = "local",
               scheduler: str | None = None) -> IngestReport:
        """Read articles from files and folders into the graph; the same article twice changes nothing.

        The per-article analysis runs here (``workers=1``), in ``workers`` processes
        (:mod:`factiongraph.parallel`), or on a Dask cluster (``engine="dask"``, at
        ``scheduler`` or a local cluster; :mod:`factiongraph.distributed`). Whatever
        runs it, the results are stored, resolved and consolidated here, in input
        order, so the graph does not depend on how many workers there were.
        """
        if engine not in ENGINES:
            raise BadQuery(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
        if workers < 1:
            raise BadQuery(f"workers must be at least 1, not {workers}")
        report = IngestReport()
        known = self.store.article_ids()

        def fresh() -> Iterator[Article]:
            """The articles not stored yet, read as the workers ask for them (reading overlaps analysis)."""
            seen: set[str] = set()
            for item in read_paths(list(paths), max_bytes=max_bytes):
                if isinstance(item, Skipped):
                    report.skipped.append(item)
                    continue
                report.read += 1
                if item.id in known or item.id in seen:
                    report.unchanged += 1
                    continue
                seen.add(item.id)
                yield item

        # Results are stored and resolved a chunk at a time while the workers analyse the next ones;
        # facts and events are consolidated once, at the end.
        pending: list[ArticleResult] = []
        resolver: Resolver | None = None
        added = False
        # workers also cluster each article's mentions (resolve.local), with the context of the run's start
        context = self._cluster_context() if workers > 1 or engine == "dask" else None
        for outcomes in self._analysed(fresh(), batch_size, analyse, workers, engine, scheduler, context):
            for o in outcomes:
                if isinstance(o, Skipped):
                    report.skipped.append(o)
                else:
                    pending.append(o)
            if progress:
                progress(len(outcomes))
            if len(pending) >= RESOLVE_CHUNK:
                resolver, stored = self._store_and_resolve(pending, report, resolver)
                added, pending = added or stored, []
        resolver, stored = self._store_and_resolve(pending, report, resolver)
        self._finish(report, consolidate=added or stored)
        return report

    def _store_and_resolve(self, results: Sequence[ArticleResult], report: IngestReport,
                           resolver: Resolver | None) -> tuple[Resolver | None, bool]:
        """Store a chunk of analysed articles and resolve their mentions with one resolver kept for the
        whole ingest (loading it is the part of resolution that grows with the graph)."""
        stored = self._store(results, report)
        if not stored:
            return resolver, False
        if resolver is None:
            resolver = self._resolver()
        self._resolve(stored, resolver)
        return resolver, True

    def _cluster_context(self) -> dict[str, Any]:
        """What local clustering reads (alias table, pairs user splits keep apart), as plain data."""
        return self._resolver(known=False).cluster_context().to_dict()

    @staticmethod
    def _analysed(fresh: Iterable[Article], batch_size: int,
                  analyse: Callable[[Sequence[Article]], list[ArticleResult]] | None,
                  workers: int, engine: str, scheduler: str | None,
                  context: dict[str, Any] | None = None) -> Iterator[list[ArticleResult | Skipped]]:
        """Per batch, in input order, the analysed articles (or why one was skipped); with ``context``
        (:class:`~factiongraph.resolve.local.ClusterContext` as a dict) their local clusters too."""
        from . import parallel

        if engine == "dask":
            from .distributed import analyse_on_dask

            yield from analyse_on_dask(fresh, scheduler=scheduler, workers=workers if workers > 1 else None,
                                       batch_size=batch_size, analyse=analyse, ahead=RESOLVE_CHUNK,
                                       context=context)
        elif workers > 1:
            yield from parallel.analyse_in_processes(fresh, workers=workers, batch_size=batch_size, analyse=analyse,
                                                     ahead=RESOLVE_CHUNK, context=context)
        else:
            for batch in parallel.batches(fresh, batch_size):
                yield parallel.analyse_batch(batch, analyse)

    def add_results(self, results: Sequence[ArticleResult], report: IngestReport | None = None) -> IngestReport:
        """Store analysed articles, resolve their mentions and re-consolidate (the serial part of ingest)."""
        report = report or IngestReport()
        stored = self._store(results, report)
        if stored:
            self._resolve(stored)
        self._finish(report, consolidate=bool(stored))
        return report

    def _store(self, results: Sequence[ArticleResult], report: IngestReport) -> list[ArticleResult]:
        """Write each new article with its mentions, claims and notes: one transaction for the chunk, and
        in it a savepoint per article, so that an article the database refuses is skipped alone."""
        stored: list[ArticleResult] = []
        with self.store.transaction():
            for r in results:
                try:
                    with self.store.savepoint():
                        if not self.store.add_article(r.article):
                            report.unchanged += 1
                            continue
                        self.store.add_mentions(r.mentions)
                        self.store.add_claims(r.claims)
                        self.store.put_note(r.article.id, {"acronyms": [list(x) for x in r.acronyms]})
                except StoreError as exc:  # this article only (e.g. text PostgreSQL cannot hold); rolled back
                    report.skipped.append(Skipped(r.article.source, f"could not be stored: {exc}", "StoreError"))
                    continue
                stored.append(r)
                report.added += 1
        return stored

    def _finish(self, report: IngestReport, *, consolidate: bool) -> None:
        """Consolidate (when something was added), date undated articles by the corpus, count."""
        if consolidate:
            self._consolidate_pending()
            if self._corpus_dates():
                self._consolidate_pending()
        report.entities = self.store.count("entities")
        report.claims = self.store.count("claims")
        report.facts = self.store.count("facts")
        report.events = self.store.count("events")

    def _resolver(self, *, known: bool = True) -> Resolver:
        """A resolver with the user's aliases and decisions, and the stored entities unless ``known`` is
        False (it then starts from no entity)."""
        decisions = [Decision.from_dict(d) for d in self.store.decisions()]
        if not known:
            return Resolver(aliases=user_aliases(), decisions=decisions)
        return Resolver(self.store.entities(), aliases=user_aliases(), decisions=decisions, stored=self.store)

    def rebuild_entities(self) -> None:
        """Resolve every stored article again, in ingest order, with the user's decisions and aliases.

        Used after a split: a resolver restored from entities cannot move mentions it never saw.
        """
        resolver = self._resolver(known=False)
        notes = self.store.notes()
        mapping: dict[str, str] = {}
        for a in self.store.articles():
            acronyms = [(x, y) for x, y in notes.get(a.id, {}).get("acronyms", [])]
            mapping.update(resolver.add_article(a, self.store.mentions(a.id), acronyms))
        before = {e.id for e in self.store.entities()}
        self._save_resolver(resolver, before, mapping, everything=True)

    def _resolve(self, results: Sequence[ArticleResult], resolver: Resolver | None = None) -> None:
        resolver = resolver or self._resolver()
        before = set(resolver.ids())
        resolver.clear_changed()
        mapping: dict[str, str] = {}
        for r in results:
            mapping.update(resolver.add_article(r.article, r.mentions, r.acronyms, r.clusters))
        self._save_resolver(resolver, before, mapping)

    def _save_resolver(self, resolver: Resolver, before: set[str], mapping: dict[str, str], *,
                       everything: bool = False) -> None:
        """Write what resolution changed: entities created, changed or merged away, and mention links."""
        ids = resolver.ids()
        now = set(ids)
        changed = now if everything else (resolver.changed() | (now - before)) & now
        gone = sorted(before - now)
        with self.store.transaction():
            self.store.delete_entities(gone)
            order = {eid: i for i, eid in enumerate(ids)}
            self.store.put_entities(resolver.entities(changed), order=order)
            if everything:
                mapping = {**resolver.mapping(), **mapping}
            else:  # the mentions of merged-away entities follow them; new mentions are in ``mapping``
                self.store.move_mentions({g: resolver.successor(g) for g in gone})
            self.store.set_mention_entities(mapping)

    def _corpus_dates(self) -> bool:
        """Undated articles that report what dated ones report get a narrower interval (basis corpus)."""
        marks = self.store.pending().get("date", set())
        if not marks:
            return False
        if "*" in marks:
            undated = self.store.article_dates(undated_only=True)
        else:  # only articles that state a fact changed since they were last looked at can change
            undated = {k: a for k, a in self.store.article_dates_of(marks).items() if scope.undated(a)}
        with self.store.transaction():
            self.store.clear_pending(["date"])
        if not undated:
            return False
        # only the undated articles' own claims, and the facts they state, are read
        claims = self.store.claims_of_articles(undated, kind="relation", status="occurred")  # all it reads
        entity_of = self.store.mention_entities_of(m for c in claims for m in (c.subject, c.object) if m)
        types = self.store.entity_types()
        facts = self.store.facts_by_id(corpus_dating.wanted_facts(claims, entity_of, types))
        enders = self.store.claims_by_id({x for f in facts.values() for x in f.ended_by})
        changed = corpus_dating.corpus_dates(undated.values(), claims, facts,
                                             {c.id: c.article_id for c in enders.values()}, entity_of, types)
        with self.store.transaction():
            for a in changed:
                stored = self.store.article(a.id)
                assert stored is not None
                self.store.update_article(replace(stored, published=a.published, basis=a.basis,
                                                  basis_evidence=a.basis_evidence))
        return bool(changed)

    def reconsolidate(self) -> None:
        """Rebuild facts and events from all claims (deterministic: the same claims give the same graph).

        The reference for :meth:`_consolidate_pending`, and what user decisions run; it also rebuilds
        the claim index and the derived keys the incremental path reads."""
        self._consolidate_all(None)

    @_without_gc
    def _consolidate_all(self, dirty: set[str] | None) -> None:
        """Every fact and event from every claim; the claim index is brought up to date for the claims of
        the articles in ``dirty`` (the others' entities and dates did not change), or for all when None."""
        ctx = Context(self.store.mention_entities(), self.store.entity_types(), self.store.article_dates())
        claims = self.store.claims()
        events, index, made_of = cons.group_reports(cons.reports(claims, ctx), ctx)
        tallies = cons.tallies(claims, ctx)
        base = {k: f for k, t in tallies.items() if (f := t.fact(k)) is not None}
        facts = cons.finish_facts(base, events, ctx)
        by_id = {c.id: c for c in claims}
        with self.store.transaction():
            self.store.put_tallies({cons.key_text(k): t.to_dict() for k, t in tallies.items()}, everything=True)
            self.store.sync_facts(sorted(facts.values(), key=lambda f: f.id),
                                  render=lambda f: queries.fact_dict(f, by_id))
            self.store.sync_events(events)
            if dirty is None:
                self.store.sync_claim_index({c.id: (c.article_id, cons.claim_index(c, ctx)) for c in claims})
            else:
                self.store.index_claims({c.id: (c.article_id, cons.claim_index(c, ctx)) for c in claims
                                         if c.article_id in dirty})
            self.store.sync_derived_keys(scope.derived_rows(events, index))
            self.store.put_event_reports(scope.report_rows(made_of), everything=True)
            self.store.mark_pending("date", ["*"])  # every undated article is looked at again
            self.store.clear_pending()

    @_without_gc
    def _consolidate_pending(self) -> None:
        """Re-consolidate only what the changes recorded since the last consolidation can reach.

        The same as :meth:`reconsolidate` (the equivalence tests hold it to that), at a cost that depends on
        what the changes touch (new claims, the event groups they link to, the facts whose result differs),
        not on the number of claims: see :mod:`factiongraph.graph.scope` for what is built again.
        Changes that reach more than ``scope.SCOPE_SHARE`` of the articles (a first ingest) are done in one
        pass over every claim, which is cheaper then.
        """
        pend = self.store.pending()
        if not pend.keys() & {"article", "entity", "full"}:
            return
        if "full" in pend:
            self.reconsolidate()
            return
        sc = scope.Scope(self.store)
        try:
            base, (events, index, made_of) = sc.run(pend.get("article", set()), pend.get("entity", set()))
        except scope.TooWide:
            log.info("the changes reach a large part of the graph: re-consolidating all of it")
            self._consolidate_all(sc.arts)
            return
        texts = {cons.key_text(k): t for k, t in base.items()}
        every = {cons.text_key(k): cons.Tally.from_dict(d) for k, d in self.store.tallies().items() if k not in texts}
        every.update((k, t) for k, t in base.items() if t is not None)
        rules = set(self.store.derived_with_keys("rule", ["agreement", "merger"])) - sc.old_events
        rule_events = list(self.store.events_by_id(rules).values()) + [e for e in events if cons.is_rule_event(e)]
        facts = cons.finish_facts({k: f for k, t in every.items() if (f := t.fact(k)) is not None}, rule_events, sc.ctx)
        with self.store.transaction():
            self.store.put_tallies({k: t.to_dict() if t is not None else None for k, t in texts.items()})
            fresh, gone = self.store.stale_facts(sorted(facts.values(), key=lambda f: f.id))
            before = self.store.fact_views(f.id for f in fresh)
            views = self._fact_views(fresh, sc.claims, before)
            self.store.replace_facts(fresh, remove=gone, render=lambda f: views[f.id])
            writes = sc.event_writes((events, index, made_of))
            self.store.sync_events(writes.events, writes.stale)
            self.store.index_claims({c.id: (c.article_id, cons.claim_index(c, sc.ctx)) for c in sc.dirty})
            # corpus dating reads how facts end: the undated articles stating a fact that now ends earlier are
            # looked at again, those whose claims were read again here (new ones among them), and those
            # of the claims that ended a fact alone before others did
            olds = {f.id: before.get(f.id, (None, None))[0] for f in fresh}
            earlier = [cons.key_text(cons.fact_key_of(f)) for f in fresh if corpus_dating.ends_earlier(olds[f.id], f)]
            self.store.mark_pending("date", self.store.articles_with_keys("fact", earlier, undated_only=True))
            self.store.mark_pending("date", {c.article_id for c in sc.dirty})
            enders = {x for f in fresh for x in corpus_dating.former_enders(olds[f.id], f)}
            self.store.mark_pending("date", {c.article_id for c in self.store.claim_citations(enders).values()})
            self.store.put_derived_keys(writes.derived, remove=writes.stale)
            self.store.put_derived_keys(writes.groups, kind="group")
            self.store.put_event_reports(writes.reports, remove=writes.stale)
            self.store.clear_pending()

    def _fact_views(self, facts: list[Fact], claims: Mapping[str, Claim],
                    before: Mapping[str, tuple[Fact, dict[str, Any] | None]]) -> dict[str, dict[str, Any]]:
        """The views of these facts (changed ones): a fact stored with a view that only gains claims has the
        entries of its new claims merged into it, so only those claims are read (a fact a party's every
        article restates has thousands); any other is rendered from all its claims. ``claims`` are those
        read already; ``before``: the stored versions of these facts and their views."""
        cites: dict[str, Claim | Citation] = dict(claims)
        wanted: set[str] = set()
        for f in facts:
            old, view = before.get(f.id, (None, None))
            new = queries.gained(f, old) if old is not None and view is not None else None
            wanted.update(new if new is not None else (*f.evidence, *f.against))
        cites.update(self.store.claim_citations(wanted - cites.keys()))
        out: dict[str, dict[str, Any]] = {}
        for f in facts:
            old, view = before.get(f.id, (None, None))
            d = queries.updated_fact_dict(f, old, view, cites) if old is not None and view is not None else None
            out[f.id] = d if d is not None else queries.fact_dict(f, cites)
        return out

    # ------------------------------------------------------------------ user decisions
    def merge(self, a: str, b: str) -> Decision:
        resolver = self._resolver()
        before = set(resolver.ids())
        try:
            # kept by name, so that later mentions of either name join too
            d = resolver.merge(self.find_entity(a).name, self.find_entity(b).name)
        except KeyError as exc:
            raise NotFound(str(exc).strip("'")) from exc
        with self.store.transaction():
            self.store.add_decision(f"{d.kind}:{d.a}:{d.b}", d.to_dict())
        self._save_resolver(resolver, before, {})
        self.reconsolidate()
        return d

    def split(self, entity: str, alias: str) -> Decision:
        resolver = self._resolver()
        try:
            d = resolver.split(self.find_entity(entity).name, alias)
        except KeyError as exc:
            raise NotFound(str(exc).strip("'")) from exc
        with self.store.transaction():
            self.store.add_decision(f"{d.kind}:{d.a}:{d.b}", d.to_dict())
        self.rebuild_entities()
        self.reconsolidate()
        return d

    def _ref(self, name: str) -> str:
        return self.find_entity(name).id

    # ------------------------------------------------------------------ queries
    def find_entity(self, name: str) -> Entity:
        found = self.store.find_entities(name)
        if not found:
            raise NotFound(f"no entity named {name!r}; try 'factiongraph entities' to list them")
        return found[0]

    def export(self) -> dict[str, Any]:
        with self.store.snapshot():
            return queries.export(self.store)

    def asof(self, date: str | dt.date, *, types: Iterable[str] | None = None,
             entity: str | None = None) -> dict[str, Any]:
        """The relations that hold on ``date``; ``types`` (``member_of`` takes in ``leader_of``) and
        ``entity`` (a name, alias or id: its relations as subject or object) narrow them.

        The views decoded for one question are kept for the next ones (``view_cache_chars``) for as long
        as the facts in the database do not change, whoever changes them, and answers share them: each
        relation is read-only (a ``dict`` whose changes raise ``TypeError``; ``copy.deepcopy`` gives a
        plain one to change), the same whether it came from the cache, the database or the claims.
        The outer dict and the ``relations`` list are the caller's own.
        """
        day = parse_day(date)
        with self.store.snapshot():
            eid = self.find_entity(entity).id if entity is not None else None
            return queries.asof(self.store, day, types=types, entity=eid, cache=self._views)

    def asof_json(self, date: str | dt.date, *, types: Iterable[str] | None = None,
                  entity: str | None = None) -> str:
        """:meth:`asof` as JSON text, one relation per line, assembled from the stored views."""
        day = parse_day(date)
        with self.store.snapshot():
            eid = self.find_entity(entity).id if entity is not None else None
            return queries.asof_json(self.store, day, types=types, entity=eid)

    def timeline(self, entity: str) -> dict[str, Any]:
        with self.store.snapshot():
            return queries.timeline(self.store, self.find_entity(entity))

    def entity(self, name: str) -> dict[str, Any]:
        with self.store.snapshot():
            return queries.profile(self.store, self.find_entity(name))

    def changes(self, start: str | dt.date, end: str | dt.date) -> dict[str, Any]:
        first, last = parse_day(start), parse_day(end)
        with self.store.snapshot():
            return queries.changes(self.store, first, last)

    def documents(self) -> list[dict[str, Any]]:
        with self.store.snapshot():
            return queries.documents(self.store)

    def path(self, a: str, b: str, on: str | dt.date | None = None) -> dict[str, Any]:
        day = parse_day(on) if on else None
        with self.store.snapshot():
            return queries.path(self.store, self.find_entity(a), self.find_entity(b), day)

    def conflicts(self) -> list[dict[str, Any]]:
        with self.store.snapshot():
            return queries.conflicts(self.store)

    def to_networkx(self, on: str | dt.date | None = None) -> Any:
        day = parse_day(on) if on else None
        with self.store.snapshot():
            return queries.to_networkx(self.store, day)


def user_aliases() -> AliasTable:
    """The package's alias table plus the user's files (``FACTIONGRAPH_ALIASES``, paths separated by
    ``os.pathsep``; YAML ``canonical name: [alias, alias]``)."""
    paths = [p for p in os.environ.get("FACTIONGRAPH_ALIASES", "").split(os.pathsep) if p]
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        raise BadQuery(f"aliases file not found: {missing[0]} (set by FACTIONGRAPH_ALIASES)")
    return AliasTable.load(*paths)


def parse_day(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadQuery(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2023-06-01") from None


def open(db: str | Path | None = None) -> Graph:
    """Open (or create) a factiongraph database: a path, ``sqlite:///...`` or ``postgresql://...``."""
    return Graph(Store.open(str(db) if db is not None else None))


__all__ = ["ArticleResult", "Graph", "IngestReport", "analyse_articles", "open", "parse_day"]
