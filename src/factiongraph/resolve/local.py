"""Within one article: group its mentions into local clusters, one per actor.

An article names its actors in full once and then shortens them, so the
short forms are resolved against the article's own full names before anything
is compared across articles. The rules, in the order they run (each link is
recorded with its rule and score, later copied into ``Entity.reasons``):

1. ``acronym-defined``  an acronym defined in the text ("Pak Sarzameen Party (PSP)")
                        joins its expansion; the definition overrides the alias
                        table for that acronym in this article
2. ``alias-table``      names the alias table maps to the same canonical name
3. ``same-key``         the same folded name and type (persons: full names only)
4. ``acronym-suffix``   "PML-N" ~ "PML-Nawaz" (see :mod:`similarity`)
5. ``initials``         an acronym equal to the initials of exactly one longer
                        name of the same type ("PML-N" ~ "Pakistan Muslim League-Nawaz")
6. groups and places    ``token-stems``/``token-typo``; ``name-suffix``: a name of 2+
                        words ending another name of the same type ("governor house"
                        ~ "Sindh governor house"); ``name-prefix``: a single word that
                        starts exactly one longer party name ("Muttahida")
7. persons, full names  any person rule scoring at least the merge threshold
                        ("Shehbaz Shareef" ~ "Shehbaz Sharif")
8. persons, short forms a surname, given name or partial name joins the one full
                        name of the article that contains it ("Zardari",
                        "Khalid Maqbool", "Tessor" after "Kamran Tesori"). When two
                        people share it ("Rahul Gandhi", "Sonia Gandhi", then
                        "Gandhi"), the nearest full name BEFORE the short form
                        wins (``nearest-full-name``); with none before, it stays apart.
9. ``role-nominal``     "the governor" (kind nominal, role Governor) joins the one
                        person of the article who carries that role; otherwise it
                        is left unresolved.

Different types never join, except party and faction through rule 1 or 2.
A cluster's type is the type of its most complete name.

The clustering reads only the article (its mentions and acronym definitions)
and a :class:`ClusterContext`: the alias table and the pairs of names user
splits keep apart. Both are fixed for a resolver between two user decisions,
so an ingest can cluster its articles in the worker processes that analyse
them and send the clusters back as plain data (:func:`encode_clusters`,
:class:`Precomputed`), stamped with :meth:`ClusterContext.key`; the resolver
uses them only when that key is still its own (:meth:`Resolver.add_article`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from factiongraph.model import Mention
from factiongraph.resolve.aliases import AliasTable
from factiongraph.resolve.names import GROUP_TYPES, NameForm, alias_norm, name_form
from factiongraph.resolve.similarity import MERGE_THRESHOLD, names_match, phonetic, truncated

#: a lone surname spelt another way joins a full name only when it is at least this long ("Wickramasinghe")
MIN_SPELLING = 7

PARTY_LIKE = frozenset({"party", "faction"})
Forbidden = Mapping[str, set[str]]  # alias norm -> alias norms it may never share an entity with


@dataclass(frozen=True)
class Link:
    """Why one name of a cluster was joined to another."""

    alias: str
    other: str
    rule: str
    score: float


@dataclass
class LocalCluster:
    """The mentions of one actor in one article."""

    mentions: list[Mention]
    forms: list[NameForm]  # one per name mention (not nominals), in text order
    type: str
    links: list[Link] = field(default_factory=list)
    extra: list[NameForm] = field(default_factory=list)  # defined expansions without a mention
    roles: Counter[str] = field(default_factory=Counter)

    @property
    def norms(self) -> set[str]:
        return {alias_norm(f.display) for f in [*self.forms, *self.extra]}


class _UnionFind:
    """Union-find over the article's mentions that refuses joins the user forbade."""

    def __init__(self, forms: Sequence[NameForm | None], forbidden: Forbidden) -> None:
        self.parent = list(range(len(forms)))
        self.norms: dict[int, set[str]] = {
            i: ({alias_norm(f.display)} if f is not None else set()) for i, f in enumerate(forms)
        }
        self.forbidden = forbidden
        self.links: list[tuple[int, int, str, float]] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int, rule: str, score: float) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        if conflicts(self.norms[ri], self.norms[rj], self.forbidden):
            return False
        ri, rj = min(ri, rj), max(ri, rj)
        self.parent[rj] = ri
        self.norms[ri] |= self.norms.pop(rj)
        self.links.append((i, j, rule, score))
        return True


def conflicts(a: set[str], b: set[str], forbidden: Forbidden) -> bool:
    """True when a user split forbids some name of ``a`` to share an entity with some name of ``b``."""
    if not forbidden:
        return False
    return any(forbidden.get(x, set()) & b for x in a)


def _acronym_letters(f: NameForm) -> str | None:
    """The letters of an acronym name: "PML-N" -> "pmln"; None when the name is no acronym."""
    if f.acronym is None:
        return None
    if not f.suffix:
        return f.acronym
    return f.acronym + f.suffix if f.suffix_abbreviated else None


class _Article:
    """The clustering of one article's mentions (see the module docstring)."""

    def __init__(
        self,
        mentions: Sequence[Mention],
        acronyms: Sequence[tuple[str, str]],
        table: AliasTable,
        forbidden: Forbidden,
    ) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.forms: list[NameForm | None] = [
            None if m.kind == "nominal" else name_form(m.text, m.type) for m in self.mentions
        ]
        self.acronyms = acronyms
        self.table = table
        self.uf = _UnionFind(self.forms, forbidden)
        self.extra: dict[int, list[NameForm]] = defaultdict(list)  # mention index -> defined expansions
        self.defined: set[str] = set()  # acronym keys defined in this text

    def named(
        self, pred: Callable[[Mention, NameForm], bool] = lambda m, f: True
    ) -> list[tuple[int, NameForm]]:
        return [
            (i, f) for i, f in enumerate(self.forms) if f is not None and f.keys and pred(self.mentions[i], f)
        ]

    def join_all(self, idx: Sequence[int], rule: str, score: float) -> None:
        for j in idx[1:]:
            self.uf.union(idx[0], j, rule, score)

    # 1
    def definitions(self) -> None:
        groups = self.named(lambda m, f: f.type in GROUP_TYPES)
        for acr, exp in self.acronyms:
            acr_key, exp_key = name_form(acr, "organization").key, name_form(exp, "organization").key
            self.defined.add(acr_key)
            acr_idx = [i for i, f in groups if f.key == acr_key]
            exp_idx = [i for i, f in groups if f.key == exp_key]
            if acr_idx and not exp_idx:
                self.extra[acr_idx[0]].append(name_form(exp, self.mentions[acr_idx[0]].type))
            self.join_all(exp_idx + acr_idx, "acronym-defined", 1.0)

    # 2
    def alias_table(self) -> None:
        by_canonical: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        for i, f in self.named(lambda m, f: f.type != "person" and f.key not in self.defined):
            entry = self.table.lookup(f.display, f.type)
            if entry is not None:
                by_canonical[(entry.canonical, entry.type)].append(i)
        for idx in by_canonical.values():
            self.join_all(idx, "alias-table", 1.0)

    # 3
    def same_key(self, short_persons: set[int]) -> None:
        by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, f in self.named(lambda m, f: True):
            if i not in short_persons:
                by_key[(f.type, f.key)].append(i)
        for idx in by_key.values():
            self.join_all(idx, "same-key", 1.0)

    # 4, 6
    def group_pairs(self) -> None:
        groups = self.named(lambda m, f: f.type != "person")
        for n, (i, a) in enumerate(groups):
            for j, b in groups[n + 1 :]:
                if a.type != b.type:
                    continue
                match = names_match(a, b)  # group_match, remembered: the same pairs recur across articles
                if match is not None:
                    self.uf.union(i, j, match.rule, match.score)

    # 5
    def initials(self) -> None:
        groups = self.named(lambda m, f: f.type in GROUP_TYPES)
        for i, f in groups:
            letters = _acronym_letters(f)
            if letters is None:
                continue
            roots = {
                self.uf.find(j)
                for j, g in groups
                if g.acronym is None and g.type == f.type and letters in g.initials()
            }
            if len(roots) == 1:
                self.uf.union(i, roots.pop(), "initials", 0.95)

    # 6
    def group_parts(self) -> None:
        groups = self.named(lambda m, f: f.type != "person")
        for i, f in groups:
            n = len(f.keys)
            if n >= 2:
                roots = {
                    self.uf.find(j)
                    for j, g in groups
                    if g.type == f.type and len(g.keys) > n and g.keys[-n:] == f.keys
                }
                rule = "name-suffix"
            elif f.acronym is None and f.type in GROUP_TYPES:
                roots = {
                    self.uf.find(j)
                    for j, g in groups
                    if g.type == f.type and len(g.keys) > 1 and g.keys[0] == f.keys[0]
                }
                rule = "name-prefix"
            else:
                continue
            roots.discard(self.uf.find(i))
            if len(roots) == 1:
                self.uf.union(i, roots.pop(), rule, 0.85)

    # 7
    def person_full_names(self) -> None:
        persons = self.named(lambda m, f: f.type == "person" and len(f.keys) >= 2)
        for n, (i, a) in enumerate(persons):
            for j, b in persons[n + 1 :]:
                match = names_match(a, b)  # person_match, remembered
                if match is not None and match.score >= MERGE_THRESHOLD:
                    self.uf.union(i, j, match.rule, match.score)

    def short_persons(self) -> set[int]:
        persons = self.named(lambda m, f: f.type == "person")
        return {i for i, f in persons if any(_part_of(f, g) for _, g in persons)}

    # 8
    def person_short_forms(self, shorts: set[int]) -> None:
        persons = self.named(lambda m, f: f.type == "person")
        for i, f in sorted(
            ((i, f) for i, f in persons if i in shorts), key=lambda p: (-len(p[1].keys), p[0])
        ):
            longer = [j for j, g in persons if _part_of(f, g)]
            roots = {self.uf.find(j) for j in longer}
            if len(roots) == 1:
                self.uf.union(i, longer[0], _short_rule(f), 0.85)
                continue
            before = [j for j in longer if self.mentions[j].start < self.mentions[i].start]
            if before:
                self.uf.union(i, before[-1], "nearest-full-name", 0.7)
        # short forms left alone join each other by their key
        size = Counter(self.uf.find(i) for i in range(len(self.mentions)))
        by_key: dict[str, list[int]] = defaultdict(list)
        for i in sorted(shorts):
            form = self.forms[i]
            if form is not None and size[self.uf.find(i)] == 1:
                by_key[form.key].append(i)
        for idx in by_key.values():
            self.join_all(idx, "same-key", 1.0)

    # 9
    def nominals(self) -> None:
        holders: dict[str, list[int]] = defaultdict(list)
        for i, _ in self.named(lambda m, f: f.type == "person" and bool(m.role)):
            role = self.mentions[i].role
            if role:
                holders[role.casefold()].append(i)
        for i, m in enumerate(self.mentions):
            if m.kind != "nominal" or not m.role:
                continue
            cands = [
                j
                for j in holders.get(m.role.casefold(), [])
                if not (m.role_of and self.mentions[j].role_of and m.role_of != self.mentions[j].role_of)
            ]
            roots = {self.uf.find(j) for j in cands}
            if len(roots) == 1:
                self.uf.union(cands[0], i, "role-nominal", 0.8)

    def run(self) -> list[LocalCluster]:
        self.definitions()
        self.alias_table()
        shorts = self.short_persons()
        self.same_key(shorts)
        self.group_pairs()
        self.initials()
        self.group_parts()
        self.person_full_names()
        self.person_short_forms(shorts)
        self.nominals()
        return self.clusters()

    def clusters(self) -> list[LocalCluster]:
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.mentions)):
            members[self.uf.find(i)].append(i)
        link_by_root: dict[int, list[Link]] = defaultdict(list)
        for i, j, rule, score in self.uf.links:
            fi, fj = self.forms[i], self.forms[j]
            a = fi.display if fi is not None else self.mentions[i].text
            b = fj.display if fj is not None else self.mentions[j].text
            if fj is None:
                a, b = b, a
            link_by_root[self.uf.find(i)].append(Link(a, b, rule, score))
        out = []
        for root, idx in members.items():
            forms = [f for f in (self.forms[i] for i in idx) if f is not None]
            if not forms:
                continue  # a nominal that names nobody in this article
            main = max(forms, key=lambda f: (len(f.tokens), -forms.index(f)))
            roles: Counter[str] = Counter(r for r in (self.mentions[i].role for i in idx) if r)
            extra = [x for i in idx for x in self.extra.get(i, [])]
            out.append(
                LocalCluster(
                    [self.mentions[i] for i in idx], forms, main.type, link_by_root[root], extra, roles
                )
            )
        return sorted(out, key=lambda c: (c.mentions[0].start, c.mentions[0].end))


def _part_of(short: NameForm, long_: NameForm) -> bool:
    """``short`` is a shorter form of the person name ``long_`` (a surname, a given name, a part)."""
    s, l_ = short.keys, long_.keys
    if len(s) >= len(l_) or not s:
        return False
    if len(s) == 1:
        # the word itself, the surname with its last letters cut or spelt another way ("Qadeerz" of "Qadeerzai",
        # "Oxleigh" of "Tavish Oxley"), or another word cut short ("Zarv" of "Zarvan Oxley"; only shorter:
        # "Hamidi" is a surname of its own, not "Hamid" of "Hamid Sheikh" lengthened)
        w = s[0]
        return (w in l_ or truncated(w, l_[-1]) or any(len(w) < len(x) and truncated(w, x) for x in l_[:-1])
                or (len(w) >= MIN_SPELLING and phonetic(w, l_[-1])))
    i = 0
    for j, w in enumerate(l_):
        if i < len(s) and (s[i] == w or (j == len(l_) - 1 and truncated(s[i], w))):
            i += 1
    return i == len(s)


def _short_rule(f: NameForm) -> str:
    return "partial-name" if len(f.keys) > 1 else "short-name"


def cluster_article(
    mentions: Sequence[Mention],
    acronyms: Sequence[tuple[str, str]] = (),
    table: AliasTable | None = None,
    forbidden: Forbidden | None = None,
) -> list[LocalCluster]:
    """Group one article's mentions into local clusters, in text order."""
    return _Article(mentions, acronyms, table or AliasTable(), forbidden or {}).run()


# ---------------------------------------------------------------------- clusters computed elsewhere
@dataclass(frozen=True)
class ClusterContext:
    """What :func:`cluster_article` reads besides the article: the alias table and the forbidden pairs.

    Sent to the worker processes of an ingest as plain data (:meth:`to_dict`); :meth:`key` names its
    content, so that clusters computed with one context are never used by a resolver with another.
    """

    table: AliasTable
    forbidden: Mapping[str, set[str]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "aliases": self.table.to_rows(),
            "forbidden": [[a, sorted(b)] for a, b in sorted(self.forbidden.items()) if b],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClusterContext:
        return cls(AliasTable.from_rows(d["aliases"]), {a: set(b) for a, b in d["forbidden"]})

    def key(self) -> str:
        """A digest of the table and the forbidden pairs (equal contexts, equal keys)."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Precomputed:
    """An article's local clusters as plain data, with the key of the context they were computed in."""

    key: str
    clusters: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "clusters": self.clusters}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Precomputed:
        return cls(str(d["key"]), list(d["clusters"]))


def _form_row(f: NameForm) -> list[Any]:
    return [f.display, f.type, list(f.tokens), list(f.keys), f.acronym, f.suffix, f.suffix_abbreviated]


def _form_of(row: Sequence[Any]) -> NameForm:
    display, type_, tokens, keys, acronym, suffix, abbreviated = row
    return NameForm(display, type_, tuple(tokens), tuple(keys), acronym, suffix, bool(abbreviated))


def encode_clusters(clusters: Sequence[LocalCluster], mentions: Sequence[Mention]) -> list[dict[str, Any]]:
    """Clusters as plain dicts; a mention is its position in ``mentions`` (the list given to decode).

    A cluster's names are not sent: each is ``name_form`` of its mention, made again on decoding;
    its roles are counted again from its mentions.
    """
    position = {id(m): i for i, m in enumerate(mentions)}
    return [
        {
            "mentions": [position[id(m)] for m in c.mentions],
            "type": c.type,
            "links": [[x.alias, x.other, x.rule, x.score] for x in c.links],
            "extra": [_form_row(f) for f in c.extra],
        }
        for c in clusters
    ]


def decode_clusters(data: Sequence[Mapping[str, Any]], mentions: Sequence[Mention]) -> list[LocalCluster]:
    """The inverse of :func:`encode_clusters`, given the same ``mentions`` in the same order."""
    out = []
    for d in data:
        members = [mentions[i] for i in d["mentions"]]
        out.append(
            LocalCluster(
                members,
                [name_form(m.text, m.type) for m in members if m.kind != "nominal"],
                d["type"],
                [Link(a, b, rule, float(score)) for a, b, rule, score in d["links"]],
                [_form_of(row) for row in d["extra"]],
                Counter(r for r in (m.role for m in members) if r),
            )
        )
    return out


def precompute(
    article_id: str,
    mentions: Sequence[Mention],
    acronyms: Sequence[tuple[str, str]],
    context: ClusterContext,
    key: str | None = None,
) -> Precomputed:
    """An article's clusters as a worker computes them: over its own mentions, as the resolver would."""
    own = [m for m in mentions if m.article_id == article_id]
    clusters = cluster_article(own, acronyms, context.table, context.forbidden)
    return Precomputed(key if key is not None else context.key(), encode_clusters(clusters, mentions))
