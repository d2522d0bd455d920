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
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import BadQuery, NotFound, StoreError
from .extract.claims import ClaimExtractor
from .graph import consolidate as cons
from .graph import dating as corpus_dating
from .graph import queries
from .graph.consolidate import Context
from .ingest import Skipped, read_paths
from .model import Article, Claim, Entity, Event, Fact, Mention
from .nlp.pipeline import Analysis, Pipeline, default_pipeline
from .resolve import AliasTable, Decision, Resolver
from .store import Store
from .temporal import dating

log = logging.getLogger("factiongraph")

ENGINES = ("local", "dask")  # where the per-article analysis of an ingest runs


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
    claims: list[Claim]

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article.to_dict(), "mentions": [m.to_dict() for m in self.mentions],
                "acronyms": [list(a) for a in self.acronyms], "claims": [c.to_dict() for c in self.claims]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleResult:
        return cls(Article.from_dict(d["article"]), [Mention.from_dict(m) for m in d["mentions"]],
                   [(a, b) for a, b in d["acronyms"]], [Claim.from_dict(c) for c in d["claims"]])


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

    def __init__(self, store: Store):
        self.store = store

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
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
        fresh: list[Article] = []
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
            fresh.append(item)
        # Results are stored and resolved a chunk at a time while the workers analyse the next ones;
        # facts and events are consolidated once, at the end.
        pending: list[ArticleResult] = []
        resolver: Resolver | None = None
        added = False
        for outcomes in self._analysed(fresh, batch_size, analyse, workers, engine, scheduler):
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

    @staticmethod
    def _analysed(fresh: Sequence[Article], batch_size: int,
                  analyse: Callable[[Sequence[Article]], list[ArticleResult]] | None,
                  workers: int, engine: str, scheduler: str | None) -> Iterator[list[ArticleResult | Skipped]]:
        """Per batch, in input order, the analysed articles (or why one was skipped)."""
        from . import parallel

        if engine == "dask":
            from .distributed import analyse_on_dask

            yield from analyse_on_dask(fresh, scheduler=scheduler, workers=workers if workers > 1 else None,
                                       batch_size=batch_size, analyse=analyse)
        elif workers > 1:
            yield from parallel.analyse_in_processes(fresh, workers=workers, batch_size=batch_size, analyse=analyse)
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
        """Write each new article with its mentions, claims and notes (one transaction each)."""
        stored: list[ArticleResult] = []
        for r in results:
            try:
                with self.store.transaction():
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

    def _resolver(self) -> Resolver:
        decisions = [Decision.from_dict(d) for d in self.store.decisions()]
        return Resolver(self.store.entities(), aliases=user_aliases(), decisions=decisions)

    def rebuild_entities(self) -> None:
        """Resolve every stored article again, in ingest order, with the user's decisions and aliases.

        Used after a split: a resolver restored from entities cannot move mentions it never saw.
        """
        decisions = [Decision.from_dict(d) for d in self.store.decisions()]
        resolver = Resolver(aliases=user_aliases(), decisions=decisions)
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
            mapping.update(resolver.add_article(r.article, r.mentions, r.acronyms))
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
            undated = {k: a for k, a in self.store.article_dates_of(marks).items() if _undated(a)}
        with self.store.transaction():
            self.store.clear_pending(["date"])
        if not undated:
            return False
        # only the undated articles' own claims, and the facts they state, are read
        claims = [c for aid in undated for c in self.store.claims(aid)]
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

    def _consolidate_all(self, dirty: set[str] | None) -> None:
        """Every fact and event from every claim; the claim index is brought up to date for the claims in
        ``dirty`` (the others' entities and dates did not change), or for all when it is None."""
        ctx = Context(self.store.mention_entities(), self.store.entity_types(), self.store.article_dates())
        claims = self.store.claims()
        events, buckets = cons.derive_events(claims, ctx)
        facts = cons.derive_facts(claims, events, ctx)
        by_id = {c.id: c for c in claims}
        changed: set[str] = set()
        ents = _all_merger_entities(events, facts.values())
        with self.store.transaction():
            self.store.sync_derived(sorted(facts.values(), key=lambda f: f.id), events,
                                    render=lambda f: queries.fact_dict(f, by_id), changed=changed)
            if dirty is None:
                self.store.sync_claim_index({c.id: (c.article_id, cons.claim_index(c, ctx)) for c in claims})
                self.store.sync_derived_keys(_derived_rows(facts.values(), events, buckets, ents, ctx))
            else:  # only what changed: the records written, the events of changed claims, the rule events
                self.store.index_claims({c.id: (c.article_id, cons.claim_index(c, ctx)) for c in claims
                                         if c.id in dirty})
                owners = changed | {e.id for e in events if cons.is_rule_event(e)
                                    or any(x in dirty for x in e.evidence)}
                rows = _derived_rows([f for f in facts.values() if f.id in owners],
                                     [e for e in events if e.id in owners], buckets, ents, ctx)
                self.store.put_derived_keys(rows, remove=owners)
            self.store.mark_pending("date", ["*"])  # every undated article is looked at again
            self.store.clear_pending()

    def _consolidate_pending(self) -> None:
        """Re-consolidate only what the changes recorded since the last consolidation can reach.

        The same as :meth:`reconsolidate` (the equivalence tests hold it to that), at a cost that depends on
        the scope, not on the graph: see :class:`_Scope` for how the scope is closed. A scope that grows
        past :data:`SCOPE_SHARE` of the graph (densely connected news: every article names the same party
        in the same months) is given up for one pass over every claim, which is cheaper then.
        """
        pend = self.store.pending()
        if not pend.keys() & {"article", "entity", "full"}:
            return
        if "full" in pend:
            self.reconsolidate()
            return
        sc = _Scope(self.store)
        try:
            facts, events, buckets = sc.run(pend.get("article", set()), pend.get("entity", set()))
        except _TooWide:
            log.info("the changes reach a large part of the graph: re-consolidating all of it")
            self._consolidate_all({c.id for c in sc.dirty})
            return
        claims = dict(sc.claims)
        wanted = {x for f in facts for x in (*f.evidence, *f.against)} - set(claims)
        claims.update(self.store.claims_by_id(wanted))
        ents = sc.merger_entities(facts, events)
        in_scope = {e.id for e in events}
        changed: set[str] = set()
        with self.store.transaction():
            self.store.sync_scope(facts, sc.fact_scope_ids(), events, sc.old_events,
                                  render=lambda f: queries.fact_dict(f, claims), changed_facts=changed)
            self.store.index_claims({c.id: (c.article_id, cons.claim_index(c, sc.ctx)) for c in sc.dirty})
            # corpus dating reads facts: the articles stating a changed one are looked at again
            texts = [cons.key_text(k) for k in sc.keys if cons.stable_id("f", *k) in changed]
            self.store.mark_pending("date", set(self.store.claims_with_keys("fact", texts).values()))
            rows = _derived_rows(facts, events, buckets, ents, sc.ctx)
            self.store.put_derived_keys(rows, remove=sc.old_events | sc.fact_scope_ids())
            self.store.put_derived_keys([(m, "ent", e) for m, es in ents.items() if m not in in_scope for e in es],
                                        remove=set(ents) - in_scope, kind="ent")
            self.store.clear_pending()

    # ------------------------------------------------------------------ user decisions
    def merge(self, a: str, b: str) -> Decision:
        resolver = self._resolver()
        before = {e.id for e in resolver.entities()}
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
        ``entity`` (a name, alias or id: its relations as subject or object) narrow them."""
        day = parse_day(date)
        with self.store.snapshot():
            eid = self.find_entity(entity).id if entity is not None else None
            return queries.asof(self.store, day, types=types, entity=eid)

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


class _TooWide(Exception):
    """The scope of a change grew past :data:`SCOPE_SHARE` of the graph: a full re-consolidation is cheaper."""


SCOPE_SHARE = 0.25  # past this share of the articles (events) or facts, the incremental path gives up
SCOPE_MIN = 64  # ... but a scope this small is always done incrementally


class _Scope:
    """The part of the graph a set of changes can reach, closed so that consolidating it alone gives what
    consolidating every claim gives for it.

    - **Events**: the articles of the changed claims, closed under the old events their event claims
      belonged to, the old events whose lookup keys they hit, and the claims of other articles that would
      look up a regrouped event (the greedy grouping only ever compares a claim with events of its own
      article or offered under a shared (type, participant, month) key, so outside such a closed set of
      articles the grouping cannot change, and inside it runs in the same order).
    - **Facts**: the keys of the changed claims (old and new), closed under succession chains (every
      holder of a single-valued role) and under mergers (a merger touches only facts whose subject or
      object is one of its entities, :func:`~factiongraph.graph.consolidate.merger_entities`; every such
      fact and every merger sharing one is taken in); agreements bring every agreement of their pair.
    """

    def __init__(self, store: Store):
        self.store = store
        self.entity_of: dict[str, str] = {}
        self.articles: dict[str, Article] = {}
        self.ctx = Context(self.entity_of, store.entity_types(), self.articles)
        self.claims: dict[str, Claim] = {}
        self.dirty: list[Claim] = []
        self.keys: set[cons.FactKey] = set()
        self.old_events: set[str] = set()
        self._old_data: dict[str, Event] = {}
        self._asked: set[str] = set()
        self._seed_ents: set[str] = set()
        self._changed_rules: dict[str, Event] = {}
        self.in_play: dict[str, Event] = {}
        self._max_articles = max(SCOPE_MIN, int(SCOPE_SHARE * store.count("articles")))
        self._max_keys = max(SCOPE_MIN, int(SCOPE_SHARE * store.count("facts")))

    def _load(self, claims: Iterable[Claim]) -> None:
        new = [c for c in claims if c.id not in self.claims]
        ments = {m for c in new for m in (c.subject, c.object, c.place, *c.participants) if m} - self._asked
        self._asked |= ments
        self.entity_of.update(self.store.mention_entities_of(ments))
        self.articles.update(self.store.article_dates_of({c.article_id for c in new} - set(self.articles)))
        self.claims.update((c.id, c) for c in new)

    def _load_ids(self, ids: Iterable[str]) -> None:
        self._load(self.store.claims_by_id(set(ids) - set(self.claims)).values())

    def run(self, articles: set[str], entities: set[str]) -> tuple[list[Fact], list[Event], dict[str, set[str]]]:
        by_entity = self.store.claims_with_keys("entity", entities) if entities else {}
        dirty = {c.id: c for c in self.store.claims_of_articles(articles)}
        dirty.update(self.store.claims_by_id(set(by_entity) - set(dirty)))
        self.dirty = sorted(dirty.values(), key=lambda c: c.id)
        if len({c.article_id for c in self.dirty} | set(articles)) > self._max_articles:
            raise _TooWide
        self._load(self.dirty)
        for ks in self.store.claim_keys_of(dirty, "fact").values():
            self.keys.update(map(cons.text_key, ks))
        self.keys.update(k for k in (cons.fact_key(c, self.ctx) for c in self.dirty) if k is not None)
        events, buckets = self._events(set(articles) | {c.article_id for c in self.dirty})
        self._rules_changed(events)
        return self._facts(events), events, buckets

    # ------------------------------------------------------------ events
    def _events(self, arts: set[str]) -> tuple[list[Event], dict[str, set[str]]]:
        loaded: set[str] = set()
        while True:
            self._load(self.store.claims_of_articles(arts - loaded))
            loaded |= arts
            ev_claims = [c for c in self.claims.values() if c.kind == "event" and c.article_id in arts]
            olds = set(self.store.derived_with_keys("claim", [c.id for c in ev_claims]))
            look = {k for c in ev_claims for k in cons.lookup_keys(c, self.ctx)}
            olds |= set(self.store.derived_with_keys("bucket", look))
            more: set[str] = set()
            newly = olds - self.old_events
            if newly:
                self.old_events |= newly
                data = self.store.events_by_id(newly)
                self._old_data.update(data)
                cids = {x for e in data.values() for x in e.evidence}
                if len(arts | set(self.store.articles_of_claims(cids))) > self._max_articles:
                    raise _TooWide
                self._load_ids(cids)
                more |= {self.claims[x].article_id for e in data.values() for x in e.evidence if x in self.claims}
            events, buckets = cons.derive_events(ev_claims, self.ctx)
            offered = set().union(*buckets.values()) if buckets else set()
            more |= set(self.store.claims_with_keys("look", offered).values())
            if more <= arts:
                return events, buckets
            arts |= more
            if len(arts) > self._max_articles:
                raise _TooWide

    def _rules_changed(self, events: list[Event]) -> None:
        """Rule events added, removed or changed by the regrouping: their facts join the scope."""
        new = {e.id: e for e in events}
        old = {i: self._old_data[i] for i in self.old_events if i in self._old_data}
        old_ents = self.store.derived_keys_of(list(old), "ent")
        for i in sorted(set(old) | set(new)):
            o, n = old.get(i), new.get(i)
            if not any(e is not None and cons.is_rule_event(e) for e in (o, n)):
                continue
            if o is not None and n is not None and o.to_dict() == n.to_dict():
                continue
            for e in (o, n):
                if e is None or not cons.is_rule_event(e):
                    continue
                if e.type == "agreement":
                    pair = _agreement_pair(e, self.ctx)
                    if pair is not None:
                        self.keys.add(cons.text_key(pair))
                else:
                    self._seed_ents |= set(e.participants) | set(old_ents.get(e.id, ()))
            if n is not None and cons.is_rule_event(n) and n.type == "merger":
                self._changed_rules[i] = n

    # ------------------------------------------------------------ facts
    def _facts(self, events: list[Event]) -> list[Fact]:
        new_events = {e.id: e for e in events}
        ents_done: set[str] = set()
        keys_done: set[cons.FactKey] = set()
        chains_done: set[str] = set()
        ents_todo = set(self._seed_ents)
        self.in_play = dict(self._changed_rules)
        while True:
            grew = True
            while grew:
                grew = False
                todo = ents_todo - ents_done
                if todo:
                    grew = True
                    ents_done |= todo
                    found = self.store.claim_keys_of(self.store.claims_with_keys("entity", todo), "fact")
                    self.keys |= {k for ks in found.values() for k in map(cons.text_key, ks)
                                  if k[1] in todo or k[2] in todo}
                    self.keys |= {cons.fact_key_of(f) for f in self.store.facts_with_entities(todo)}
                newk = self.keys - keys_done
                if newk:
                    grew = True
                    keys_done |= newk
                    self._load_ids(self.store.claims_with_keys("fact", map(cons.key_text, newk)))
                    chains = {ch for c in self.claims.values() if (k := cons.fact_key(c, self.ctx)) in newk
                              and (ch := cons.chain_of(k[0], c.role, k[2])) is not None}
                    ids = [cons.stable_id("f", *k) for k in newk]
                    chains |= {ch for chs in self.store.derived_keys_of(ids, "chain").values() for ch in chs}
                    chains -= chains_done
                    if chains:
                        chains_done |= chains
                        found = self.store.claim_keys_of(self.store.claims_with_keys("chain", chains), "fact")
                        self.keys |= {k for ks in found.values() for k in map(cons.text_key, ks)}
                        held = self.store.facts_by_id(self.store.derived_with_keys("chain", chains))
                        self.keys |= {cons.fact_key_of(f) for f in held.values()}
                ents = {e for k in self.keys for e in (k[1], k[2]) if e}
                for mid in self.store.derived_with_keys("ent", ents):
                    if mid in new_events:
                        ev: Event | None = new_events[mid]
                    elif mid in self.old_events:
                        ev = None  # regrouped away
                    else:
                        ev = self.in_play.get(mid) or self.store.events_by_id([mid]).get(mid)
                    if ev is not None and mid not in self.in_play:
                        self.in_play[mid] = ev
                for e in new_events.values():
                    if cons.is_rule_event(e) and e.type == "merger" and e.id not in self.in_play \
                            and set(e.participants) & ents:
                        self.in_play[e.id] = e
                stored_ents = self.store.derived_keys_of(list(self.in_play), "ent")
                for mid, ev in self.in_play.items():
                    parts = set(ev.participants)
                    near = {k[2] for k in self.keys if k[0] in cons.MERGER_READS and k[1] in parts and k[2]}
                    ents_todo |= parts | near | set(stored_ents.get(mid, ()))
                if ents_todo - ents_done:
                    grew = True
                if len(self.keys) > self._max_keys:
                    raise _TooWide
            claims = [c for c in self.claims.values() if cons.fact_key(c, self.ctx) in self.keys]
            rule_events = list(self.in_play.values()) + self._agreements(new_events)
            facts = cons.derive_facts(claims, rule_events, self.ctx)
            out = list(facts.values())
            # a merger whose entities grew with the new facts, or a fact a rule made, reaches more: close again
            ents_now = set().union(*self.merger_entities(out, []).values()) if self.in_play else set()
            if ents_now <= ents_done and set(facts) <= self.keys:
                return sorted(out, key=lambda f: f.id)
            ents_todo |= ents_now
            self.keys |= set(facts)

    def _agreements(self, new_events: dict[str, Event]) -> list[Event]:
        pairs = [cons.key_text(k) for k in self.keys if k[0] == "allied_with"]
        out = {e.id: e for e in new_events.values() if cons.is_rule_event(e) and e.type == "agreement"
               and _agreement_pair(e, self.ctx) in pairs}
        stored = set(self.store.derived_with_keys("agree", pairs)) - self.old_events - set(out)
        out.update(self.store.events_by_id(stored))
        return [out[k] for k in sorted(out)]

    def merger_entities(self, facts: list[Fact], events: list[Event]) -> dict[str, set[str]]:
        """The entities of the mergers in play (from the new facts) and of the regrouped ones (kept)."""
        out = _all_merger_entities(self.in_play.values(), facts)
        rest = [e.id for e in events if e.id not in out and cons.is_rule_event(e) and e.type == "merger"]
        for mid, es in self.store.derived_keys_of(rest, "ent").items():
            out[mid] = set(es)
        return out

    def fact_scope_ids(self) -> set[str]:
        return {cons.stable_id("f", *k) for k in self.keys}


def _undated(a: Article) -> bool:
    """What :meth:`Store.article_dates` keeps with ``undated_only``: a date inferred and not exact."""
    pub = a.published
    return a.basis not in ("header", "metadata") and (pub.earliest is None or pub.latest is None
                                                       or pub.earliest != pub.latest)


def _derived_rows(facts: Iterable[Fact], events: Iterable[Event], buckets: dict[str, set[str]],
                  ents: dict[str, set[str]], ctx: Context) -> list[tuple[str, str, str]]:
    """The derived keys of facts (their succession chain) and events (their claims, the lookup keys they
    were offered under, the pair of an agreement, and from ``ents`` the entities of a merger)."""
    rows: list[tuple[str, str, str]] = []
    for f in facts:
        ch = cons.chain_of(f.type, f.role, f.object)
        if ch is not None:
            rows.append((f.id, "chain", ch))
    for ev in events:
        rows.extend((ev.id, "claim", c) for c in ev.evidence)
        rows.extend((ev.id, "bucket", k) for k in buckets.get(ev.id, ()))
        rows.extend((ev.id, "ent", e) for e in sorted(ents.get(ev.id, ())))
        pair = _agreement_pair(ev, ctx) if cons.is_rule_event(ev) and ev.type == "agreement" else None
        if pair is not None:
            rows.append((ev.id, "agree", pair))
    return rows


def _all_merger_entities(events: Iterable[Event], facts: Iterable[Fact]) -> dict[str, set[str]]:
    by_subject: dict[str, list[Fact]] = {}
    for f in facts:
        by_subject.setdefault(f.subject, []).append(f)
    return {ev.id: cons.merger_entities(ev, [f for p in ev.participants for f in by_subject.get(p, ())])
            for ev in events if cons.is_rule_event(ev) and ev.type == "merger"}


def _agreement_pair(ev: Event, ctx: Context) -> str | None:
    gs = [p for p in ev.participants if ctx.entity_type.get(p) in ("party", "faction")]
    return cons.key_text(("allied_with", *sorted(gs), None)) if len(gs) == 2 else None  # type: ignore[arg-type]


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
