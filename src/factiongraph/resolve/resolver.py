"""Mentions -> entities, one article at a time.

:class:`Resolver` keeps the known entities and an in-memory index of
blocking keys (folded name, spelling without spaces, given-name initial +
surname prefix, Metaphone codes, acronym + suffix, word-prefix signature,
alias-table canonical name). An article is first clustered on its own
(:mod:`factiongraph.resolve.local`); each local cluster then looks up only
the entities that share a blocking key with one of its names, so the cost of
an article does not grow with the number of entities (buckets larger than
:data:`MAX_BUCKET` are too common to decide anything and are skipped).

A cluster joins the candidate with the best score at or above
:data:`~factiongraph.resolve.similarity.MERGE_THRESHOLD`. Scores come from
:mod:`factiongraph.resolve.similarity`, plus context for persons: +0.05 for a
shared role ("Governor") and +0.05 for a party or faction that appears both
in this article and in an article of the candidate. A rule weaker than the
threshold (a bare surname, a partial name) only counts when it points at a
single candidate; a cluster made only of one-word person names ("Sharif")
scores at most :data:`SINGLE_NAME` even when spelled exactly like an alias,
so it needs both a shared role and a shared party to join. Types must agree; party and faction only meet through the
alias table. When a cluster matches several entities with a strong rule
(exact key, acronym), they are merged; the older entity's id survives.

Entity ids come from the first mention that created the entity
(``stable_id("e", article_id, start, end)``; the end keeps a place "Gulberg" and
the faction "Gulberg group", which start at the same character, apart). The canonical name is chosen by
:func:`canonical_name`. The state is rebuilt from ``entities()`` (in the
order given, which is the age order) and the user's decisions, so a resolver
restored from its output continues exactly as the original would. A resolver
restored from a store need not hold the restored entities' mentions: given the
store (:class:`StoredMentions`), it asks it which articles name an entity and
which of an article's mentions are resolved already, when it needs to know.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol

import jellyfish

from factiongraph.errors import NotFound
from factiongraph.model import Article, Entity, Mention, MergeReason, stable_id
from factiongraph.resolve.aliases import AliasTable
from factiongraph.resolve.decisions import Decision
from factiongraph.resolve.local import (
    PARTY_LIKE,
    ClusterContext,
    LocalCluster,
    Precomputed,
    cluster_article,
    conflicts,
    decode_clusters,
)
from factiongraph.resolve.names import NameForm, alias_norm, name_form
from factiongraph.resolve.similarity import MERGE_THRESHOLD, STRONG, Match, names_match

MAX_BUCKET = 64
FREQUENT_SHARE = 0.25
ROLE_BONUS = 0.05
PARTY_BONUS = 0.05
SINGLE_NAME = 0.8  # the most a one-word person name scores against another article's entity
MEMO_SIZE = 200_000  # remembered name-pair comparisons; the memos start afresh when full
_UNSEEN = Match("not compared yet", -1.0)  # a memo miss (None is a remembered "no match")


def canonical_name(aliases: dict[str, int], type_: str) -> str:
    """The entity's display name: the most complete among the most frequent aliases.

    "Most frequent" are the aliases seen at least a quarter as often as the
    most frequent one; among them wins the one with most words once
    honorifics are removed ("Shehbaz Sharif" over "Sharif", but
    "Shehbaz Sharif" and "Mian Shehbaz Sharif" tie on words), then the more
    frequent, then the longer, then the alphabetically first. Aliases known
    only from a definition (count 0) are used only when nothing else is.
    """
    seen = {a: c for a, c in aliases.items() if c > 0} or dict(aliases)
    if not seen:
        return ""
    top = max(seen.values())
    frequent = [a for a, c in seen.items() if c >= FREQUENT_SHARE * top]
    return min(frequent, key=lambda a: (-len(name_form(a, type_).tokens), -seen[a], -len(a), a))


def block_keys(form: NameForm, table: AliasTable, query: bool = False) -> set[str]:
    """The index keys under which a name is filed (``query=False``) or looked up (``query=True``).

    A multi-word person name does not look up the bare-surname keys (``s|``):
    those buckets are large and only one-word names need them.
    """
    t = form.type
    keys = {f"k|{t}|{form.key}", f"j|{t}|{form.joined}"}
    entry = table.lookup(form.display, t) if t != "person" else None
    if entry is not None:
        keys.add(f"a|{entry.canonical}|{entry.type}")
    k = form.keys
    if t == "person":
        if len(k) == 1 or not query:
            keys.add(f"s|{k[-1]}")
            keys.add(f"s4|{k[-1][:4]}")
        if len(k) >= 2:
            keys.add(f"m|{jellyfish.metaphone(k[0])}|{jellyfish.metaphone(k[-1])}")
            keys.update(f"p|{a[:1]}|{b[:4]}" for a, b in combinations(k, 2))
    else:
        keys.add(f"t|{t}|{' '.join(w[:3] for w in k)}")
        if form.compound is not None:
            keys.add(f"c|{form.compound}")
    return keys


def _article_of(mention_id: str) -> str:
    return mention_id.rsplit(":", 2)[0]


class StoredMentions(Protocol):
    """Where the mentions of restored entities are kept (the store), for a resolver that does not hold them."""

    def mention_entities_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Mention id -> entity id, for those of these mentions that are resolved."""
        ...

    def share_an_article(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """Whether one article names both an entity of ``a`` and an entity of ``b``."""
        ...


@dataclass(frozen=True)
class _Candidate:
    eid: str
    score: float
    base: float
    match: Match
    alias: str
    other: str


class Resolver:
    """Incremental entity resolution with user decisions (see the module docstring)."""

    def __init__(
        self,
        entities: Iterable[Entity] = (),
        *,
        aliases: AliasTable | None = None,
        decisions: Iterable[Decision] = (),
        stored: StoredMentions | None = None,
    ) -> None:
        """``entities`` in age order; ``stored``: where their mentions are, if their ``mentions`` lists do
        not hold them (see the module docstring)."""
        self.table = aliases if aliases is not None else AliasTable.load()
        self._entities: dict[str, Entity] = {}
        self._age: dict[str, int] = {}
        self._next_age = 0
        self._forms: dict[str, dict[str, NameForm]] = {}  # entity id -> alias -> form
        self._keys: dict[str, set[str]] = {}  # entity id -> its index keys
        self._index: dict[str, set[str]] = defaultdict(set)  # block key -> entity ids
        self._by_alias: dict[str, set[str]] = defaultdict(set)  # alias norm -> entity ids
        self._mention_entity: dict[str, str] = {}
        self._mention_info: dict[str, tuple[str, str | None]] = {}  # mention id -> (alias norm, role)
        # entity id -> the articles this resolver resolved that name it, made when first asked for
        # (:meth:`_articles_of`); a restored resolver asks the store about the others (:meth:`_stored_share`)
        # would otherwise go through every mention of every entity
        self._ent_articles: dict[str, set[str]] = {}
        self._stored = stored
        # entity id -> the ids under which ``stored`` files mentions that are now this entity's: its own,
        # and those of the restored entities merged into it (the store moves them only when saved)
        self._origins: dict[str, set[str]] = {}
        self._share_memo: dict[tuple[str, str], bool] = {}  # what the store said, until a merge changes it
        self._forbidden: dict[str, set[str]] = defaultdict(set)
        self._forbidden_count = 0
        self._context_key: tuple[int, str] | None = None  # (table version, key of cluster_context())
        self._must: list[tuple[str, str]] = []
        self._decisions: list[Decision] = []
        self._changed: set[str] = set()
        self._unnamed: set[str] = set()  # entities whose display name is out of date (see _named)
        self._merged_into: dict[str, str] = {}  # merged-away id -> the id that absorbed it
        # Memos of pure functions of (names, alias table), dropped when the table changes or grows too big:
        # the same names are filed, looked up and compared again and again as they recur across articles.
        self._memo_version = self.table.version
        self._block_memo: dict[tuple[NameForm, bool], frozenset[str]] = {}
        # keyed by (name, its type, entity alias, entity type) as strings: a form is a function of its display
        # and type (name_form), and strings hash in C where a NameForm's hash is a Python call (millions per ingest)
        self._pair_memo: dict[tuple[str, str, str, str], Match | None] = {}
        for e in entities:
            self._install(_copy(e))
            if stored is not None:
                self._origins[e.id] = {e.id}
        for d in decisions:
            self._apply(d)
        self._changed.clear()

    # ------------------------------------------------------------------ public API

    def add_article(
        self, article: Article, mentions: Sequence[Mention], acronyms: Sequence[tuple[str, str]] = (),
        precomputed: Precomputed | None = None,
    ) -> dict[str, str]:
        """Resolve one article's mentions against the known entities; returns mention id -> entity id.

        Mentions already resolved (the same article added twice) keep their
        entity. A nominal mention that names nobody in its article is left out
        of the mapping. ``precomputed``: the article's local clusters computed
        elsewhere (:func:`~factiongraph.resolve.local.precompute`, over these
        ``mentions`` in this order); used only when they were computed with this
        resolver's current context (:meth:`context_key`) and none of the mentions
        is resolved yet, otherwise the clusters are computed here.
        """
        known = self._resolved(mentions)
        fresh = [m for m in mentions if m.id not in known and m.article_id == article.id]
        if precomputed is not None and not known and precomputed.key == self.context_key():
            clusters = decode_clusters(precomputed.clusters, mentions)
        else:
            clusters = cluster_article(fresh, acronyms, self.table, self._forbidden)
        context: set[str] = set()
        out: dict[str, str] = {}
        for persons in (False, True):
            for c in clusters:
                if (c.type == "person") != persons:
                    continue
                eid = self._resolve(article.id, c, context)
                if c.type in PARTY_LIKE:
                    context.add(eid)
                for m in c.mentions:
                    out[m.id] = eid
        self._enforce_merges()
        return {mid: self._current(eid) for mid, eid in {**known, **out}.items()}

    def _resolved(self, mentions: Sequence[Mention]) -> dict[str, str]:
        """Mention id -> entity id for the mentions resolved already, here or in the store."""
        known = {m.id: self._mention_entity[m.id] for m in mentions if m.id in self._mention_entity}
        if self._stored is not None and self._origins and len(known) < len(mentions):
            stored = self._stored.mention_entities_of(m.id for m in mentions if m.id not in known)
            known.update((m, e) for m, e in stored.items() if e in self._entities or e in self._merged_into)
        return known

    def entities(self, ids: Iterable[str] | None = None) -> list[Entity]:
        """Copies of all entities (or of those with these ids), oldest first (the order a new
        Resolver should be given them in). A resolver restored with ``stored`` lists only the mentions
        it resolved itself."""
        wanted = self.ids() if ids is None else sorted(set(ids) & self._entities.keys(), key=self._age.__getitem__)
        return [_copy(self._named(e)) for e in wanted]

    def ids(self) -> list[str]:
        """The ids of all entities, oldest first (cheaper than :meth:`entities`)."""
        return sorted(self._entities, key=self._age.__getitem__)

    def successor(self, eid: str) -> str:
        """The entity that now holds what ``eid`` held (``eid`` itself unless it was merged away)."""
        return self._current(eid)

    def entity(self, ref: str) -> Entity:
        """A copy of the entity with this id, or of the oldest one carrying this alias."""
        eid = self._find(ref)
        if eid is None:
            raise NotFound(f"no entity with id or alias {ref!r}; check the spelling or list entities()")
        return _copy(self._named(eid))

    def mapping(self) -> dict[str, str]:
        """Every resolved mention id -> entity id (for a resolver restored with ``stored``: every mention
        it resolved itself)."""
        return dict(self._mention_entity)

    def changed(self) -> set[str]:
        """Ids of entities created, changed or merged away since the last :meth:`clear_changed`."""
        return set(self._changed)

    def clear_changed(self) -> None:
        self._changed.clear()

    def cluster_context(self) -> ClusterContext:
        """A copy of what local clustering reads here now (the alias table, the pairs user splits forbid)."""
        return ClusterContext(self.table, {a: set(b) for a, b in self._forbidden.items() if b})

    def context_key(self) -> str:
        """The key of :meth:`cluster_context`; it changes with every decision that changes the forbidden
        pairs and whenever the alias table grows (remembered until then)."""
        memo = self._context_key
        if memo is None or memo[0] != self.table.version:
            memo = self._context_key = (self.table.version, self.cluster_context().key())
        return memo[1]

    def decisions(self) -> list[Decision]:
        """The decisions this resolver was given or took, in order."""
        return list(self._decisions)

    def merge(self, a: str, b: str) -> Decision:
        """The user says ``a`` and ``b`` (names, aliases or ids) are one entity."""
        if self._find(a) is None and self._find(b) is None:
            raise NotFound(f"neither {a!r} nor {b!r} names a known entity; check the spelling")
        return self._apply(Decision.make("merge", a, b))

    def split(self, entity: str, alias: str) -> Decision:
        """The user says ``alias`` is NOT the entity ``entity`` (a name, alias or id)."""
        eid = self._find(entity)
        if eid is None:
            raise NotFound(f"no entity with id or alias {entity!r}; check the spelling or list entities()")
        ent = self._named(eid)
        anchor = ent.name
        if alias_norm(anchor) == alias_norm(alias):
            others = [a for a in ent.aliases if alias_norm(a) != alias_norm(alias)]
            if not others:
                raise NotFound(f"{alias!r} is the only name of {eid}; there is nothing to split it from")
            anchor = max(others, key=lambda a: (ent.aliases[a], a))
        return self._apply(Decision.make("split", anchor, alias))

    # ------------------------------------------------------------------ decisions

    def _apply(self, d: Decision) -> Decision:
        na, nb = alias_norm(d.a), alias_norm(d.b)
        if d.kind == "merge":
            self._forbidden[na].discard(nb)
            self._forbidden[nb].discard(na)
            self._must.append((d.a, d.b))
            ea, eb = self._find(d.a), self._find(d.b)
            if ea is not None and eb is not None and ea != eb:
                self._merge(ea, eb, MergeReason(d.b, "user-merge", 1.0, d.a))
        else:
            self._forbidden[na].add(nb)
            self._forbidden[nb].add(na)
            # a later split of an alias overrides the earlier merges that brought it in
            self._must = [p for p in self._must if nb not in {alias_norm(p[0]), alias_norm(p[1])}]
            eid = self._find(d.a)
            if eid is not None:
                self._split(eid, d.b, d.a)
        self._forbidden_count = sum(len(v) for v in self._forbidden.values())
        self._context_key = None
        self._decisions.append(d)
        return d

    def _enforce_merges(self) -> None:
        """Every entity named by either side of a user's merge becomes one (new mentions included)."""
        for a, b in self._must:
            found = set()
            for ref in (a, b):
                if ref in self._entities:
                    found.add(ref)
                found.update(self._by_alias.get(alias_norm(ref), ()))
            eids = sorted(found, key=self._age.__getitem__)
            for other in eids[1:]:
                keep = self._current(eids[0])
                if other in self._entities and other != keep:
                    self._merge(keep, other, MergeReason(b, "user-merge", 1.0, a))

    def _split(self, eid: str, alias: str, anchor: str) -> None:
        ent = self._entities[eid]
        norm = alias_norm(alias)
        moved = [m for m in ent.mentions if self._mention_info.get(m, ("", None))[0] == norm]
        names = {a: c for a, c in ent.aliases.items() if alias_norm(a) == norm}
        if not names and not moved:
            return
        self._unindex(eid)
        for a in names:
            del ent.aliases[a]
        gone = set(moved)
        ent.mentions = [m for m in ent.mentions if m not in gone]
        self._ent_articles.pop(eid, None)
        ent.reasons = [r for r in ent.reasons if norm not in (alias_norm(r.alias), alias_norm(r.other or ""))]
        roles = Counter(r for r in (self._mention_info[m][1] for m in moved) if r)
        ent.roles = {r: c - roles[r] for r, c in ent.roles.items() if c - roles[r] > 0}
        ent.name = canonical_name(ent.aliases, ent.type)
        self._reindex(eid)
        self._changed.add(eid)
        if not moved:
            return
        art, start, end = moved[0].rsplit(":", 2)
        new = Entity(
            id=self._new_id(art, int(start), int(end), "split"),
            type=ent.type,
            name="",
            aliases={a: c for a, c in names.items() if c} or {alias: len(moved)},
            mentions=moved,
            reasons=[MergeReason(alias, "user-split", 1.0, anchor)],
            roles=dict(roles),
        )
        new.name = canonical_name(new.aliases, new.type)
        self._install(new)
        self._changed.add(new.id)

    # ------------------------------------------------------------------ state

    def _install(self, ent: Entity) -> None:
        """Add an entity to the state (id, age, index, mention and article maps)."""
        self._entities[ent.id] = ent
        self._age[ent.id] = self._next_age
        self._next_age += 1
        # one pass in C per map: a restored party has tens of thousands of mentions
        self._mention_entity.update(dict.fromkeys(ent.mentions, ent.id))
        self._ent_articles.pop(ent.id, None)
        self._reindex(ent.id)

    def _reindex(self, eid: str) -> None:
        self._unindex(eid)
        ent = self._entities[eid]
        forms = {a: name_form(a, ent.type) for a in ent.aliases}
        self._forms[eid] = {a: f for a, f in forms.items() if f.keys}
        keys: set[str] = set()
        for a, f in self._forms[eid].items():
            keys |= self._block_keys(f, False)
            self._by_alias[alias_norm(a)].add(eid)
        for k in keys:
            self._index[k].add(eid)
        self._keys[eid] = keys

    def _index_new_aliases(self, eid: str) -> None:
        """File the aliases an entity gained since it was last indexed (aliases were only added).

        Leaves the same state as :meth:`_reindex` (forms in alias order, the same keys) without
        taking out and filing again the names already there.
        """
        ent = self._entities[eid]
        forms = self._forms.setdefault(eid, {})
        keys = self._keys.setdefault(eid, set())
        if len(forms) == len(ent.aliases):
            return
        for a in ent.aliases:
            if a in forms:
                continue
            f = name_form(a, ent.type)
            if not f.keys:
                continue
            forms[a] = f
            new_keys = self._block_keys(f, False) - keys
            for k in new_keys:
                self._index[k].add(eid)
            keys |= new_keys
            self._by_alias[alias_norm(a)].add(eid)

    def _unindex(self, eid: str) -> None:
        for k in self._keys.pop(eid, set()):
            self._index[k].discard(eid)
            if not self._index[k]:
                del self._index[k]
        for a in self._forms.pop(eid, {}):
            self._by_alias[alias_norm(a)].discard(eid)

    def _find(self, ref: str) -> str | None:
        if ref in self._entities:
            return ref
        eids = self._by_alias.get(alias_norm(ref))
        return min(eids, key=self._age.__getitem__) if eids else None

    def _current(self, eid: str) -> str:
        while eid not in self._entities:  # merged away while the article was resolved
            eid = self._merged_into[eid]
        return eid

    def _any_forbidden(self) -> bool:
        return self._forbidden_count > 0

    def _norms(self, eid: str) -> set[str]:
        return {alias_norm(a) for a in self._entities[eid].aliases}

    def _merge(self, a: str, b: str, reason: MergeReason) -> str:
        """Merge two entities; the older id survives and is returned."""
        keep, drop = sorted((a, b), key=self._age.__getitem__)
        k, d = self._entities[keep], self._entities.pop(drop)
        self._unindex(drop)
        self._unindex(keep)
        for alias, c in d.aliases.items():
            k.aliases[alias] = k.aliases.get(alias, 0) + c
        for role, c in d.roles.items():
            k.roles[role] = k.roles.get(role, 0) + c
        had = set(k.mentions)
        k.mentions.extend(m for m in d.mentions if m not in had)
        _add_reasons(k, [*d.reasons, reason])
        self._mention_entity.update(dict.fromkeys(d.mentions, keep))
        if keep in self._origins or drop in self._origins:
            self._origins[keep] = {keep, *self._origins.get(keep, ()), *self._origins.pop(drop, ())}
            self._share_memo.clear()
        self._ent_articles.pop(keep, None)  # made again from the mentions when next asked for
        self._ent_articles.pop(drop, None)
        del self._age[drop]
        self._merged_into[drop] = keep
        k.name = canonical_name(k.aliases, k.type)
        self._reindex(keep)
        self._changed |= {keep, drop}
        return keep

    # ------------------------------------------------------------------ matching

    def _check_memos(self) -> None:
        """Forget the memos if the alias table changed since they were filled (or they grew large)."""
        if self._memo_version != self.table.version or len(self._pair_memo) > MEMO_SIZE:
            self._memo_version = self.table.version
            self._block_memo.clear()
            self._pair_memo.clear()

    def _block_keys(self, form: NameForm, query: bool) -> frozenset[str]:
        """:func:`block_keys`, remembered per name."""
        self._check_memos()
        memo_key = (form, query)
        keys = self._block_memo.get(memo_key)
        if keys is None:
            keys = self._block_memo[memo_key] = frozenset(block_keys(form, self.table, query=query))
        return keys

    def _candidates(self, forms: Sequence[NameForm]) -> set[str]:
        out: set[str] = set()
        for f in forms:
            for k in self._block_keys(f, True):
                bucket = self._index.get(k)
                if bucket and len(bucket) <= MAX_BUCKET:
                    out |= bucket
        return out

    def _pair(self, a: NameForm, b: NameForm, etype: str) -> Match | None:
        """How cluster name ``a`` matches entity name ``b`` (of an entity of type ``etype``)."""
        if a.type != "person":
            ea = self.table.lookup(a.display, a.type)
            eb = self.table.lookup(b.display, etype)
            if ea is not None and ea == eb:
                return Match("alias-table", 1.0)
        if a.type != etype:
            return None
        return names_match(a, b)

    def _score(
        self, eid: str, c: LocalCluster, forms: Sequence[NameForm], context: set[str]
    ) -> _Candidate | None:
        ent = self._entities[eid]
        if ent.type != c.type and not (ent.type in PARTY_LIKE and c.type in PARTY_LIKE):
            return None
        if self._any_forbidden() and conflicts(c.norms, self._norms(eid), self._forbidden):
            return None
        best: tuple[Match, str, str] | None = None
        self._check_memos()
        etype = ent.type
        memo = self._pair_memo
        names = self._forms.get(eid, {}).items()
        for f in forms:
            display, ftype = f.display, f.type
            for alias, g in names:
                pair = (display, ftype, g.display, etype)
                m = memo.get(pair, _UNSEEN)
                if m is _UNSEEN:
                    m = memo[pair] = self._pair(f, g, etype)
                if m is not None and (best is None or m.score > best[0].score):
                    best = (m, display, alias)
        if best is None:
            return None
        match, alias, other = best
        if ent.type != c.type and match.rule != "alias-table":
            return None
        if c.type == "person" and all(len(f.keys) == 1 for f in forms) and match.score > SINGLE_NAME:
            match = Match("single-name", SINGLE_NAME)  # a bare name needs context, even spelled alike
        bonus = 0.0
        if c.type == "person":
            if {r.casefold() for r in c.roles} & {r.casefold() for r in ent.roles}:
                bonus += ROLE_BONUS
            if self._shares_article(eid, context):
                bonus += PARTY_BONUS
        return _Candidate(eid, round(min(1.0, match.score + bonus), 4), match.score, match, alias, other)

    def _shares_article(self, eid: str, parties: set[str]) -> bool:
        """Whether one of these parties or factions was named in an article that names this entity."""
        if not parties:
            return False
        mine = self._articles_of(eid)
        present = [p for p in parties if p in self._entities]
        return any(not mine.isdisjoint(self._articles_of(p)) for p in present) or any(
            self._stored_share(eid, p) for p in present)

    def _stored_share(self, eid: str, party: str) -> bool:
        """Whether an article resolved before this resolver was restored names both entities.

        The store is asked the question itself rather than for each entity's articles: a party named in
        thousands of articles would otherwise be read whole, and the answer mostly comes from the first
        few. Articles this resolver resolved are in :meth:`_articles_of`.
        """
        if self._stored is None or eid not in self._origins or party not in self._origins:
            return False
        key = (eid, party)
        found = self._share_memo.get(key)
        if found is None:
            found = self._share_memo[key] = self._stored.share_an_article(self._origins[eid], self._origins[party])
        return found

    def _articles_of(self, eid: str) -> set[str]:
        """The articles that name this entity among those this resolver resolved (all of them unless it
        was restored from a store)."""
        arts = self._ent_articles.get(eid)
        if arts is None:
            arts = self._ent_articles[eid] = set(map(_article_of, self._entities[eid].mentions))
        return arts

    def _resolve(self, article_id: str, c: LocalCluster, context: set[str]) -> str:
        # one form per distinct name: a cluster repeats its names once per mention, and a repeated name
        # cannot change the best match (the first one found wins ties)
        forms = list(dict.fromkeys([*c.forms, *c.extra]))
        found = [
            s for s in (self._score(e, c, forms, context) for e in self._candidates(forms)) if s is not None
        ]
        accepted = [s for s in found if s.score >= MERGE_THRESHOLD]
        accepted.sort(key=lambda s: (-s.score, self._age[s.eid]))
        if accepted and accepted[0].base < MERGE_THRESHOLD and len(found) > 1:
            accepted = []  # a weak rule must point at a single candidate
        if not accepted:
            eid = self._create(article_id, c)
        else:
            best = accepted[0]
            eid = best.eid
            self._attach(eid, c, MergeReason(best.alias, best.match.rule, best.score, best.other))
            for s in accepted[1:]:
                if (
                    s.base >= STRONG
                    and s.eid in self._entities
                    and eid in self._entities
                    and not conflicts(self._norms(eid), self._norms(s.eid), self._forbidden)
                ):
                    eid = self._merge(eid, s.eid, MergeReason(s.alias, s.match.rule, s.score, s.other))
        return eid

    def _create(self, article_id: str, c: LocalCluster) -> str:
        first = c.mentions[0]
        ent = Entity(id=self._new_id(article_id, first.start, first.end), type=c.type, name="")
        self._entities[ent.id] = ent
        self._age[ent.id] = self._next_age
        self._next_age += 1
        self._attach(ent.id, c, None)
        return ent.id

    def _new_id(self, *parts: object) -> str:
        """A deterministic id from the creating mention; a counter is added on the rare collision."""
        eid, n = stable_id("e", *parts), 0
        while eid in self._entities or eid in self._merged_into:
            n += 1
            eid = stable_id("e", *parts, n)
        return eid

    def _attach(self, eid: str, c: LocalCluster, reason: MergeReason | None) -> None:
        """Add a local cluster's mentions, aliases, roles and reasons to an entity."""
        ent = self._entities[eid]
        for m in c.mentions:
            mid = m.id  # a property that formats the id: once per mention
            if self._mention_entity.get(mid) == eid:
                continue
            ent.mentions.append(mid)
            self._mention_entity[mid] = eid
            if eid in self._ent_articles:
                self._ent_articles[eid].add(m.article_id)
            if m.kind != "nominal":
                display = name_form(m.text, m.type).display
                ent.aliases[display] = ent.aliases.get(display, 0) + 1
                self._mention_info[mid] = (alias_norm(display), m.role)
            else:
                self._mention_info[mid] = ("", m.role)
            if m.role:
                ent.roles[m.role] = ent.roles.get(m.role, 0) + 1
        for x in c.extra:
            ent.aliases.setdefault(x.display, 0)
        new = [
            MergeReason(link.alias, link.rule, link.score, link.other)
            for link in c.links
            if link.alias != link.other
        ]
        _add_reasons(ent, [*new, *([reason] if reason is not None and reason.alias != reason.other else [])])
        self._unnamed.add(eid)  # named when next read (_named): an entity gains mentions far more often
        self._index_new_aliases(eid)
        self._changed.add(eid)

    def _named(self, eid: str) -> Entity:
        """The entity, its display name brought up to date with the aliases it gained since last named."""
        ent = self._entities[eid]
        if eid in self._unnamed:
            ent.name = canonical_name(ent.aliases, ent.type)
            self._unnamed.discard(eid)
        return ent


def _copy(ent: Entity) -> Entity:
    """A copy that shares nothing mutable with ``ent`` (its merge reasons are frozen values)."""
    return Entity(ent.id, ent.type, ent.name, dict(ent.aliases), list(ent.mentions), list(ent.reasons),
                  dict(ent.roles))


def _add_reasons(ent: Entity, reasons: Sequence[MergeReason]) -> None:
    """Append reasons not already recorded (the same alias, rule and other alias)."""
    if not reasons:  # most mentions join an entity by a name it already has: nothing to look up
        return
    seen = {(r.alias, r.rule, r.other) for r in ent.reasons}
    for r in reasons:
        if (r.alias, r.rule, r.other) not in seen:
            ent.reasons.append(r)
            seen.add((r.alias, r.rule, r.other))


__all__ = ["Resolver", "StoredMentions", "block_keys", "canonical_name"]
