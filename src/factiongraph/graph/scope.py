"""The part of the graph a batch of changes can reach, for incremental re-consolidation.

:class:`Scope` starts from what the store recorded as changed (``pending``: articles, entities) and
closes the set of claims, fact keys and event groups a consolidation of those changes must look at, so
that consolidating the scope alone gives what consolidating every claim gives for it. When the scope
grows past :data:`SCOPE_SHARE` of the graph it gives up (:class:`TooWide`): one full pass is cheaper.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Article, Claim, Event, Fact
from ..store import Store
from . import consolidate as cons
from .consolidate import Context


class TooWide(Exception):
    """The scope of a change grew past :data:`SCOPE_SHARE` of the graph: a full re-consolidation is cheaper."""


SCOPE_SHARE = 0.25  # past this share of the articles (events) or facts, the incremental path gives up
SCOPE_MIN = 64  # ... but a scope this small is always done incrementally


class Scope:
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
        if len(articles) > self._max_articles:  # too wide already: do not read the claims a full pass reads again
            raise TooWide
        by_entity = self.store.claims_with_keys("entity", entities) if entities else {}
        dirty = {c.id: c for c in self.store.claims_of_articles(articles)}
        dirty.update(self.store.claims_by_id(set(by_entity) - set(dirty)))
        self.dirty = sorted(dirty.values(), key=lambda c: c.id)
        if len({c.article_id for c in self.dirty} | set(articles)) > self._max_articles:
            raise TooWide
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
                    raise TooWide
                self._load_ids(cids)
                more |= {self.claims[x].article_id for e in data.values() for x in e.evidence if x in self.claims}
            events, buckets = cons.derive_events(ev_claims, self.ctx)
            offered = set().union(*buckets.values()) if buckets else set()
            more |= set(self.store.claims_with_keys("look", offered).values())
            if more <= arts:
                return events, buckets
            arts |= more
            if len(arts) > self._max_articles:
                raise TooWide

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
                    pair = agreement_pair(e, self.ctx)
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
                    raise TooWide
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
               and agreement_pair(e, self.ctx) in pairs}
        stored = set(self.store.derived_with_keys("agree", pairs)) - self.old_events - set(out)
        out.update(self.store.events_by_id(stored))
        return [out[k] for k in sorted(out)]

    def merger_entities(self, facts: list[Fact], events: list[Event]) -> dict[str, set[str]]:
        """The entities of the mergers in play (from the new facts) and of the regrouped ones (kept)."""
        out = all_merger_entities(self.in_play.values(), facts)
        rest = [e.id for e in events if e.id not in out and cons.is_rule_event(e) and e.type == "merger"]
        for mid, es in self.store.derived_keys_of(rest, "ent").items():
            out[mid] = set(es)
        return out

    def fact_scope_ids(self) -> set[str]:
        return {cons.stable_id("f", *k) for k in self.keys}


def undated(a: Article) -> bool:
    """What :meth:`Store.article_dates` keeps with ``undated_only``: a date inferred and not exact."""
    pub = a.published
    return a.basis not in ("header", "metadata") and (pub.earliest is None or pub.latest is None
                                                       or pub.earliest != pub.latest)


def derived_rows(facts: Iterable[Fact], events: Iterable[Event], buckets: dict[str, set[str]],
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
        pair = agreement_pair(ev, ctx) if cons.is_rule_event(ev) and ev.type == "agreement" else None
        if pair is not None:
            rows.append((ev.id, "agree", pair))
    return rows


def all_merger_entities(events: Iterable[Event], facts: Iterable[Fact]) -> dict[str, set[str]]:
    by_subject: dict[str, list[Fact]] = {}
    for f in facts:
        by_subject.setdefault(f.subject, []).append(f)
    return {ev.id: cons.merger_entities(ev, [f for p in ev.participants for f in by_subject.get(p, ())])
            for ev in events if cons.is_rule_event(ev) and ev.type == "merger"}


def agreement_pair(ev: Event, ctx: Context) -> str | None:
    gs = [p for p in ev.participants if ctx.entity_type.get(p) in ("party", "faction")]
    return cons.key_text(("allied_with", *sorted(gs), None)) if len(gs) == 2 else None  # type: ignore[arg-type]
