"""Claims -> facts and events over time.

A fact is one relation between two entities (or a person and an office),
concluded from every claim that states it. Its time semantics:

- ``start``: when it began, from claims that say so ("joined in January
  2023", an agreement event); ``None`` when no evidence dates the beginning.
- ``first_seen`` / ``last_confirmed``: the earliest and latest dates at
  which some article says it held (the claim's own date, else its
  article's publication date: a fact stated in a 2024 article held at least
  then).
- ``end`` and ``ended``: ``ended`` is True only when evidence ends it (a
  "left", a "former", a merger of the party); an open fact with no end is
  merely "not confirmed since ``last_confirmed``" and the graph says so.

Only claims whose status is ``occurred`` make facts: planned, cancelled,
negated and hedged statements stay claims (and count as evidence against).
Events are claims of happenings grouped across sentences and articles: same
type and status, overlapping participants and compatible dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ..model import SYMMETRIC_RELATIONS, Article, Claim, Event, Fact, Interval, stable_id
from ..temporal.dating import default_dating_rules

FACT_STATUSES = ("occurred",)


@dataclass(frozen=True)
class Context:
    """What consolidation needs besides the claims."""

    entity_of: Mapping[str, str]  # mention id -> entity id
    entity_type: Mapping[str, str]  # entity id -> type
    articles: Mapping[str, Article]


def claim_date(c: Claim, ctx: Context) -> Interval:
    """When the claim's statement is about: its own date, else its article's publication interval."""
    if c.date is not None and not c.date.is_unknown:
        return c.date
    a = ctx.articles.get(c.article_id)
    return a.published if a is not None else Interval.unknown()


def known_point(iv: Interval) -> dt.date | None:
    """A date at which a statement is certainly past: the interval's latest end, else its earliest."""
    return iv.latest or iv.earliest


def fact_key(c: Claim, ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    if c.kind != "relation" or c.subject is None:
        return None
    s = ctx.entity_of.get(c.subject)
    o = ctx.entity_of.get(c.object) if c.object else None
    if s is None or (c.object and o is None) or s == o:
        return None
    role = None
    if c.type == "holds_office":
        role = (c.role or "").split(" of ")[0].strip().lower() or None
    if c.type in SYMMETRIC_RELATIONS and o is not None and o < s:
        s, o = o, s
    return (c.type, s, o, role)


@functools.lru_cache(maxsize=1)
def single_valued_roles() -> dict[str, frozenset[str]]:
    """Roles one person holds at a time, per relation type, and the national ones (``data/graph/rules.yaml``)."""
    text = (resources.files("factiongraph") / "data" / "graph" / "rules.yaml").read_text("utf-8")
    doc = yaml.safe_load(text)
    out = {t: frozenset(str(r).lower() for r in roles) for t, roles in doc.get("single_valued", {}).items()}
    out["national"] = frozenset(str(r).lower() for r in doc.get("national", []))
    return out


def consolidate(claims: Iterable[Claim], ctx: Context) -> tuple[list[Fact], list[Event]]:
    claims = sorted(claims, key=lambda c: c.id)
    events, _ = derive_events(claims, ctx)
    facts = derive_facts(claims, events, ctx)
    return sorted(facts.values(), key=lambda f: f.id), events


def derive_events(claims: Iterable[Claim], ctx: Context) -> tuple[list[Event], dict[str, set[tuple[str, str]]]]:
    """The events of these claims and, per event id, what finds it when part of the graph is grouped
    again, as (kind, key): ``bucket`` the lookup keys of its reports (:func:`report_keys`), ``group`` the
    linked group of reports it came from (see :func:`_event_groups`).

    Run on every event claim of a set of articles closed under those (see
    :mod:`factiongraph.graph.scope`), it gives exactly the events a run over every claim gives for them."""
    events, index, _ = group_reports(reports(sorted(claims, key=lambda c: c.id), ctx), ctx)
    return events, index


Grouped = tuple[list[Event], dict[str, set[tuple[str, str]]], dict[str, list["Report"]]]


def group_reports(rs: list[Report], ctx: Context) -> Grouped:
    """:func:`derive_events` from the reports of the event claims (:func:`reports`, in that order), with,
    per event id, the reports it is made of: kept with the graph, they are grouped again without reading
    or analysing their claims (a report depends only on its article's claims, entities and date). Only
    the dates of the reports' articles are read from ``ctx``."""
    events, index, told = _event_groups(rs)
    _assume_recent(events, told, ctx)
    return events, index, told


def derive_facts(claims: Iterable[Claim], events: Iterable[Event], ctx: Context) -> dict[FactKey, Fact]:
    """The facts of these claims by key, after the event rules of ``events`` and succession."""
    return finish_facts(base_facts(claims, ctx), events, ctx)


def base_facts(claims: Iterable[Claim], ctx: Context) -> dict[FactKey, Fact]:
    """The facts these claims state, each from its own key's claims alone (before any rule, see
    :class:`Tally`): a fact whose claims did not change need not be built again."""
    return {k: f for k, t in tallies(claims, ctx).items() if (f := t.fact(k)) is not None}


def finish_facts(base: Mapping[FactKey, Fact], events: Iterable[Event], ctx: Context) -> dict[FactKey, Fact]:
    """``base`` (every base fact of the graph) after the rules of ``events`` (mergers and agreements, see
    :func:`_apply_event_rules`) and succession. ``base`` is left as it was.

    The rules read across the whole graph (a merger ends every membership of the party that merges, a
    new governor ends the previous one's term), so they run over every base fact: few and small next to
    the claims they come from."""
    facts = {k: _copy(f) for k, f in sorted(base.items(), key=lambda kv: kv[1].id)}
    _apply_event_rules(facts, list(events), ctx)
    _succession(facts)
    return facts


def _copy(f: Fact) -> Fact:
    """A shallow copy (``copy.copy`` goes through ``__reduce_ex__``: the rules copy every fact of the graph)."""
    g = object.__new__(Fact)
    g.__dict__.update(f.__dict__)
    return g


FactKey = tuple[str, str, str | None, str | None]


@functools.lru_cache(maxsize=1 << 16)
def key_text(k: FactKey) -> str:
    """A fact key as one string (the claim index stores it); remembered, as a key is stated by many claims."""
    return json.dumps(list(k))


def text_key(s: str) -> FactKey:
    t, subj, obj, role = json.loads(s)
    return (t, subj, obj, role)


def fact_key_of(f: Fact) -> FactKey:
    """The key a fact was built under (its id is the hash of it)."""
    role = (f.role or "").split(" of ")[0].strip().lower() or None if f.type == "holds_office" else None
    return (f.type, f.subject, f.object, role)


def chain_of(t: str, role: str | None, o: str | None) -> str | None:
    """The succession chain a fact of type ``t`` with ``role`` for ``o`` belongs to (see :func:`_succession`)."""
    roles = single_valued_roles()
    r = (role or "").split(" of ")[0].strip().lower()
    if r not in roles.get(t, frozenset()) or (o is None and r not in roles["national"]):
        return None
    return f"{t}|{r}|{o or ''}"


def _bucket_key(t: str, p: str, month: tuple[int, int]) -> str:
    return f"{t}|{p}|{month[0]:04d}-{month[1]:02d}"


def claim_index(c: Claim, ctx: Context) -> list[tuple[str, str]]:
    """What a claim is found by when part of the graph is re-consolidated, as (kind, key) rows:
    ``fact`` its fact key, ``entity`` every entity it names."""
    rows: list[tuple[str, str]] = []
    k = fact_key(c, ctx)
    if k is not None:
        rows.append(("fact", key_text(k)))
    ents = {ctx.entity_of[m] for m in (c.subject, c.object, c.place, *c.participants) if m and m in ctx.entity_of}
    rows.extend(("entity", e) for e in sorted(ents))
    return rows


def is_rule_event(ev: Event) -> bool:
    """An event :func:`_apply_event_rules` acts on."""
    if ev.status != "occurred" or ev.date is None:
        return False
    return ev.type == "agreement" or (ev.type == "merger" and ev.date.latest is not None)


def _begin(f: Fact) -> dt.date | None:
    if f.start is not None and (f.start.earliest or f.start.latest):
        return f.start.earliest or f.start.latest
    return f.first_seen


def _succession(facts: dict[tuple[str, str, str | None, str | None], Fact]) -> None:
    """Single-valued roles replace each other in time: a new governor ends the previous one's term.

    Holders of the same role for the same place or body are put in the order they are first
    seen; an earlier holder whose term no evidence has ended ends between its last confirmation
    and the next holder's first appearance.
    """
    chains: dict[str, list[Fact]] = defaultdict(list)
    for (t, _s, o, _), f in facts.items():
        ch = chain_of(t, f.role, o)
        if ch is not None:
            chains[ch].append(f)
    for chain in chains.values():
        chain.sort(key=lambda f: (_begin(f) or dt.date.min, f.id))
        for prev, nxt in itertools.pairwise(chain):
            b = _begin(nxt)
            if prev.ended or b is None or prev.subject == nxt.subject:
                continue
            if prev.last_confirmed is not None and prev.last_confirmed >= b:
                continue  # both confirmed at once: the sources disagree, keep both
            prev.end, prev.ended = Interval(prev.last_confirmed, b, "unknown"), True
            prev.ended_by = sorted(set(prev.ended_by) | set(nxt.evidence))


@dataclass
class Tally:
    """What one key's claims say, kept with the graph so that new claims are added without reading the
    old ones: a base fact is :meth:`fact` of its tally, whichever way the tally was put together."""

    support: list[str] = field(default_factory=list)  # claims stating it (ids, sorted)
    against: list[str] = field(default_factory=list)  # claims denying it
    roles: dict[str, int] = field(default_factory=dict)  # role named -> how many claims name it
    confidences: dict[str, int] = field(default_factory=dict)  # a supporting claim's confidence -> how many
    points: dict[str, str] = field(default_factory=dict)  # supporting claim -> the day it says the fact held, ISO
    changes: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # begins/ends: (id, aspect, date)

    def add(self, claims: Iterable[Claim], ctx: Context) -> Tally:
        """This tally with these claims (of its key, none counted before) added."""
        support, against, changes = set(self.support), set(self.against), list(self.changes)
        roles, confs, points = dict(self.roles), dict(self.confidences), dict(self.points)
        for c in claims:
            if c.status == "negated":
                against.add(c.id)
            if c.status not in FACT_STATUSES:
                continue
            support.add(c.id)
            if c.role:
                roles[c.role] = roles.get(c.role, 0) + 1
            confs[repr(c.confidence)] = confs.get(repr(c.confidence), 0) + 1
            iv = claim_date(c, ctx)
            if c.aspect == "formerly":
                a = ctx.articles.get(c.article_id)
                iv = Interval(None, a.published.latest if a else None, "unknown")
            if c.aspect in ("begins", "ends", "formerly"):
                changes.append((c.id, c.aspect, iv.to_dict()))
            elif (p := known_point(iv)) is not None:
                points[c.id] = p.isoformat()
        return Tally(sorted(support), sorted(against), roles, confs, points, sorted(changes))

    def remove(self, claims: Iterable[Claim]) -> Tally:
        """This tally with these claims (counted in it before) taken out: the inverse of :meth:`add`, so that
        a claim whose date or key changed is counted again without reading its key's other claims. What a
        claim's status, role and confidence added is known from the claim (they never change); what its date
        added (``changes``, ``points``) is kept by claim id."""
        gone = {c.id for c in claims}
        if not gone:
            return self
        roles, confs = dict(self.roles), dict(self.confidences)
        supported = set(self.support)
        for c in claims:
            if c.id not in supported:
                continue
            if c.role:
                roles[c.role] -= 1
            confs[repr(c.confidence)] -= 1
        return Tally([x for x in self.support if x not in gone], [x for x in self.against if x not in gone],
                     {r: n for r, n in roles.items() if n > 0}, {c: n for c, n in confs.items() if n > 0},
                     {k: d for k, d in self.points.items() if k not in gone},
                     [x for x in self.changes if x[0] not in gone])

    @property
    def seen(self) -> list[str]:
        """[earliest, latest] day a supporting claim says the fact held (ISO), or [] when none says."""
        days = self.points.values()
        return [min(days), max(days)] if days else []

    def fact(self, key: FactKey) -> Fact | None:
        """The base fact of ``key``; None when no claim states it (only denials, plans...)."""
        if not self.support:
            return None
        t, s, o, _ = key
        f = Fact(id=stable_id("f", *key), type=t, subject=s, object=o)
        f.role = max(sorted(self.roles), key=lambda r: (self.roles[r], len(r))) if self.roles else None
        for cid, aspect, d in self.changes:
            iv = Interval.from_dict(d)
            if aspect == "begins":
                f.start = _narrow(f.start, iv)
            else:
                f.end, f.ended = _narrow(f.end, iv), True
                f.ended_by.append(cid)
        seen = self.seen
        if seen:
            f.first_seen, f.last_confirmed = dt.date.fromisoformat(seen[0]), dt.date.fromisoformat(seen[1])
        elif f.start is not None:
            f.first_seen = f.start.latest
        f.evidence = list(self.support)
        f.against = list(self.against)
        conf = 1.0
        for c, n in sorted(self.confidences.items(), key=lambda kv: float(kv[0])):
            conf *= (1.0 - float(c)) ** n
        f.confidence = round(1.0 - conf, 3)
        return f

    def to_dict(self) -> dict[str, Any]:
        return {"support": self.support, "against": self.against, "roles": self.roles,
                "confidences": self.confidences, "points": self.points, "changes": list(map(list, self.changes))}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Tally:
        return cls(d["support"], d["against"], d["roles"], d["confidences"], d["points"],
                   [(x[0], x[1], x[2]) for x in d["changes"]])


def tallies(claims: Iterable[Claim], ctx: Context) -> dict[FactKey, Tally]:
    """The tally of every key these claims state (claims of no key are left out)."""
    groups: dict[FactKey, list[Claim]] = defaultdict(list)
    for c in claims:
        k = fact_key(c, ctx)
        if k is not None:
            groups[k].append(c)
    return {k: Tally().add(cs, ctx) for k, cs in groups.items()}


def _narrow(old: Interval | None, new: Interval) -> Interval:
    if old is None:
        return new
    both = old.intersect(new)
    return both if both is not None else old


def _events(claims: list[Claim], ctx: Context) -> list[Event]:
    return derive_events(claims, ctx)[0]


def _event_groups(rs: list[Report]) -> Grouped:
    """Group event claims that report the same happening, in two steps, so that an event depends only on
    the reports it is made of (adding an article regroups only the events its reports reach):

    1. **Reports**: within an article, claims in reading order each join the first earlier report of the
       article they match (or the one they refer back to: "the meeting"), else start one; a plan the
       article later says was called off is one cancelled report.
    2. **Events**: two reports in different articles tell the same happening when they have the same type
       and status, are both dated closely (:func:`_close`), overlap in time and share at least half their
       participants (:func:`_same`); an event is a connected group of such reports.

    Step 1 is :func:`reports`; this is step 2, over ``rs`` in the order :func:`reports` gives. Also returns,
    per event id, its index rows (see :func:`derive_events`: a new report can only link to a report offered
    under one of its own keys, and then regroups the whole linked group) and its reports.
    """
    events: list[Event] = []
    index: dict[str, set[tuple[str, str]]] = {}
    made_of: dict[str, list[Report]] = {}
    for linked in _linked(rs):
        group = stable_id("g", *sorted(x for i in linked for x in rs[i].event.evidence))
        for ev, told in _told([rs[i] for i in linked]):
            ev.id = stable_id("v", ev.type, ev.status, *sorted(ev.evidence))
            index[ev.id] = {("bucket", k) for r in told for k in r.keys} | {("group", group)}
            made_of[ev.id] = told
            events.append(ev)
    events.sort(key=lambda e: (e.date.earliest or dt.date.min if e.date else dt.date.min, e.id))
    return events, index, made_of


@dataclass(frozen=True)
class Kept:
    """Where a report kept with the graph was read from (see :mod:`factiongraph.graph.scope`): the stored
    event it was told in, that event's linked group, whether every report of that group was kept (none of
    its articles changed: the group is still one connected group) and the report's stored JSON text."""

    event: str
    group: str
    whole: bool
    text: str


@dataclass
class Report:
    """What one article says of one happening: an event of that article alone (``seq``: its place among
    the article's reports). ``kept``: where it was read from when it was kept with the graph, None when
    made from its claims. A report is not changed once made (its lookup keys are computed once)."""

    article_id: str
    event: Event
    seq: int = 0
    kept: Kept | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def keys(self) -> list[str]:
        """Its lookup keys (:func:`report_keys`), computed once: grouping, the index and the scope read them."""
        return report_keys(self.event)

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "seq": self.seq, "event": self.event.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(d["article_id"], Event.from_dict(d["event"]), d["seq"])

    def order(self) -> tuple[str, int]:
        """Where it comes in :func:`reports`: by article id, then in the article's reading order."""
        return self.article_id, self.seq


def article_reports(claims: Iterable[Claim], ctx: Context) -> list[Report]:
    """The reports of one article's event claims (step 1 of :func:`_event_groups`), in reading order."""
    out: list[Event] = []
    home: dict[str, Event] = {}  # claim id -> the report it went into
    article = ""
    for c in sorted(claims, key=lambda c: (c.evidence, c.id)):
        article = c.article_id
        parts = sorted({ctx.entity_of[m] for m in c.participants if m in ctx.entity_of})
        if not parts:
            continue
        date = _event_date(c, ctx)
        place = ctx.entity_of.get(c.place) if c.place else None
        referred = home.get(c.same_as) if c.same_as is not None else None
        for ev in out:
            if ev is referred or (ev.type == c.type and _compatible(ev.status, c.status)
                                  and _same(ev, parts, date, True)):
                if ev is referred and c.status == "cancelled":
                    ev.status = "cancelled"  # "the protest was called off"
                _absorb(ev, parts, [c.id], date, place)
                break
        else:
            ev = Event(id="", type=c.type, status=c.status, participants=parts, place=place, date=date,
                       evidence=[c.id], confidence=c.confidence)
            out.append(ev)
        home[c.id] = ev
    return [Report(article, ev, i) for i, ev in enumerate(_plans_called_off(out))]


def _absorb(ev: Event, parts: list[str], evidence: list[str], date: Interval, place: str | None) -> None:
    """One more report of the happening ``ev``: its participants and evidence added, the dates' common part
    kept (a date that contradicts the earlier ones is left out), the first place named."""
    ev.participants = sorted(set(ev.participants) | set(parts))
    ev.evidence.extend(evidence)
    if ev.date is not None:
        ev.date = ev.date.intersect(date) or ev.date
    ev.place = ev.place or place


def reports(claims: Iterable[Claim], ctx: Context) -> list[Report]:
    """The reports of these event claims, article by article (in id order), each article's in reading order."""
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind == "event":
            by_article[c.article_id].append(c)
    return [r for a in sorted(by_article) for r in article_reports(by_article[a], ctx)]


def report_keys(ev: Event) -> list[str]:
    """The (type, participant, month) keys a report is offered and looked up under; none when it is not
    closely dated (it can then only be told by its own article)."""
    if ev.date is None or not _close(ev.date):
        return []
    return [_bucket_key(ev.type, p, m) for p in ev.participants for m in _months(ev.date)]


def _linked(reports: list[Report]) -> list[list[int]]:
    """The connected groups of reports of one happening across articles (step 2), each in report order,
    ordered by their first report.

    Reports kept with the graph (:attr:`Report.kept`) came from groups that were connected groups of all
    the reports there were: two kept reports of different stored groups do not link (else they would have
    been one group), and the kept reports of a whole stored group (none of its articles changed) are one
    group without comparing them again. So a kept report is compared only with the reports made again and
    with the kept reports of its own group when that group lost or changed a report (it may split). The
    groups are those of comparing every pair."""
    parent = list(range(len(reports)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}  # a whole stored group -> its first report, which the others join
    for i, r in enumerate(reports):
        if r.kept is not None and r.kept.whole:
            parent[i] = first.setdefault(r.kept.group, i)
    every: dict[tuple[str, str], list[int]] = defaultdict(list)  # all reports offered under a key
    made: dict[tuple[str, str], list[int]] = defaultdict(list)  # only those made again
    mates: dict[tuple[str, str, str], list[int]] = defaultdict(list)  # kept ones of a changed group, by group
    for i, r in enumerate(reports):
        kept = r.kept
        tried: set[int] = set()  # a report offered under several of its keys is compared once
        for k in r.keys:
            key = (r.event.status, k)
            if kept is None:
                near = every[key]
            elif kept.whole:
                near = made[key]
            else:
                near = made[key] + mates[(*key, kept.group)]
            for j in near:
                if j in tried:
                    continue
                tried.add(j)
                top = root(i)
                if top != root(j) and links(reports[j], r):
                    parent[top] = root(j)
            every[key].append(i)
            if kept is None:
                made[key].append(i)
            elif not kept.whole:
                mates[(*key, kept.group)].append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def links(a: Report, b: Report) -> bool:
    """Two reports of different articles that may tell the same happening (step 2 of :func:`_event_groups`;
    they share a lookup key)."""
    return a.article_id != b.article_id and a.event.type == b.event.type and a.event.status == b.event.status \
        and b.event.date is not None and _same(a.event, b.event.participants, b.event.date, False)


def may_link(a: dict[str, Any], b: Report) -> bool:
    """What :func:`links` asks of a report's record (``Report.to_dict``) and another report that reading the
    record's fields gives at once: False when the two cannot link, so the record need not be decoded."""
    ev = a["event"]
    if a["article_id"] == b.article_id or ev["type"] != b.event.type or ev["status"] != b.event.status:
        return False
    theirs, mine = set(ev["participants"]), b.event.participants
    common = len(theirs.intersection(mine))
    return common > 0 and _half_shared(common, len(theirs.union(mine)))


def _told(reports: list[Report]) -> list[tuple[Event, list[Report]]]:
    """The happenings a linked group of reports tells, with their reports: each report, in order, joins
    the first earlier happening of the group it matches as a whole (half of all its participants shared,
    the dates' common part overlapping), else starts one. Links alone would chain reports a month apart
    into one happening; taken as a whole the happening keeps one date. Only the group's own reports are
    compared, so the outcome depends on nothing outside it."""
    out: list[tuple[Event, list[Report], set[str]]] = []  # with the articles that told each
    for r in reports:
        for ev, told, seen in out:
            if r.event.date is not None and r.article_id not in seen \
                    and _same(ev, r.event.participants, r.event.date, False):
                _absorb(ev, r.event.participants, r.event.evidence, r.event.date, r.event.place)
                told.append(r)
                seen.add(r.article_id)
                break
        else:
            first = r.event
            out.append((Event(id="", type=first.type, status=first.status, participants=list(first.participants),
                              place=first.place, date=first.date, evidence=list(first.evidence),
                              confidence=first.confidence), [r], {r.article_id}))
    return [(ev, told) for ev, told, _ in out]


def _close(iv: Interval) -> bool:
    """Dated closely enough (both ends known, at most a month apart) to be matched across articles."""
    w = iv.width_days()
    return w is not None and w <= 31


def _months(iv: Interval) -> list[tuple[int, int]]:
    assert iv.earliest is not None and iv.latest is not None
    a, b = iv.earliest, iv.latest
    out = [(a.year, a.month)]
    while out[-1] < (b.year, b.month):
        y, m = out[-1]
        out.append((y + m // 12, m % 12 + 1))
    return out


def _compatible(a: str, b: str) -> bool:
    """Statuses two reports of one happening in one article may carry: equal, or both not yet happened
    (planned and hedged: "efforts to unite", "reportedly trying to unite")."""
    return a == b or {a, b} <= {"planned", "uncertain"}


def _plans_called_off(out: list[Event]) -> list[Event]:
    """A planned happening that the same article later says was called off is one cancelled report."""
    gone: set[int] = set()
    for ev in out:
        if ev.status != "cancelled":
            continue
        for i, plan in enumerate(out):
            if i in gone or plan.status != "planned" or plan.type != ev.type:
                continue
            ev.participants = sorted(set(ev.participants) | set(plan.participants))
            ev.evidence = plan.evidence + ev.evidence
            if plan.date is not None and not plan.date.is_unknown:
                ev.date = plan.date if ev.date is None else (plan.date.intersect(ev.date) or plan.date)
            ev.place = ev.place or plan.place
            gone.add(i)
    return [ev for i, ev in enumerate(out) if i not in gone]


def _event_date(c: Claim, ctx: Context) -> Interval:
    if c.date is not None and not c.date.is_unknown:
        return c.date
    a = ctx.articles.get(c.article_id)
    pub = a.published if a is not None else Interval.unknown()
    if c.status == "planned":
        return Interval(pub.earliest, None, "unknown", pub.latest)
    return Interval(None, pub.latest, "unknown", pub.latest)


def _assume_recent(events: list[Event], made_of: Mapping[str, list[Report]], ctx: Context) -> None:
    """A happening no report dates lies in the days before its first report's publication
    (``undated_event_days`` of data/temporal/dating.yaml), marked ``assumed``. Only an unbounded start is
    narrowed, after grouping, so the assumption never decides which reports tell the same happening."""
    days = default_dating_rules().undated_event_days
    if days is None:
        return
    for ev in events:
        if ev.status != "occurred" or ev.date is None or ev.date.earliest is not None or ev.date.precision != "unknown":
            continue
        first = made_of.get(ev.id)
        a = ctx.articles.get(first[0].article_id) if first else None
        if a is None or a.published.earliest is None:
            continue
        start = a.published.earliest - dt.timedelta(days=days)
        ev.date = Interval(start, ev.date.latest, "assumed", a.published.earliest)


def _half_shared(common: int, together: int) -> bool:
    """Two reports in different articles share enough participants to tell one happening: at least half of
    all they name (:func:`_same`, and :func:`may_link` before a kept report is decoded)."""
    return 2 * common >= together


def _same(ev: Event, parts: list[str], date: Interval, same_article: bool) -> bool:
    """Two reports of one happening: overlapping participants and dates. Within one article a
    shared participant is enough when one report's participants contain the other's or two are
    shared; across articles half of them must be."""
    a, b = set(ev.participants), set(parts)
    common = a & b
    if not common:
        return False
    if same_article:
        if not (len(common) >= 2 or a <= b or b <= a):
            return False
    else:
        if not _half_shared(len(common), len(a | b)):
            return False
        # across articles only dated reports can be the same happening
        if ev.date is None or any(w is None or w > 31 for w in (ev.date.width_days(), date.width_days())):
            return False
    return ev.date is None or ev.date.overlaps(date)


def _apply_event_rules(facts: dict[tuple[str, str, str | None, str | None], Fact], events: list[Event],
                       ctx: Context) -> None:
    """Rules of political life that events imply for facts.

    - An agreement between two groups starts (or confirms) their alliance at its date.
    - A merger ends the memberships of the party that merges and starts them in the party it
      merges into, at the merger's date; it also makes a ``merged_into`` fact. The party that
      merges is one a participating person belonged to before the merger (or a participating
      party) that is not the surviving party; the surviving party is the participating party
      (or the party of a participating faction) confirmed latest.
    """
    groups = {"party", "faction"}
    index = _FactIndex(facts)
    for ev in sorted(events, key=lambda e: (e.date.latest or dt.date.max if e.date else dt.date.max, e.id)):
        if ev.status != "occurred" or ev.date is None:
            continue
        if ev.type == "agreement":
            gs = [p for p in ev.participants if ctx.entity_type.get(p) in groups]
            if len(gs) == 2:
                s, o = sorted(gs)
                f = facts.get(("allied_with", s, o, None))
                if f is not None:
                    start = Interval(ev.date.earliest, ev.date.latest, ev.date.precision)
                    if f.start is None or (start.latest and f.start.latest and start.latest < f.start.latest):
                        f.start = start
        elif ev.type == "merger" and ev.date.latest is not None:
            _merger(facts, ev, ctx, index)


class _FactIndex:
    """The keys of a facts dict by subject and by object, each in the dict's order (the rules read the
    facts of a few entities; scanning every fact per merger made them quadratic)."""

    def __init__(self, facts: dict[FactKey, Fact]):
        self.facts = facts
        self.by_subject: dict[str, list[FactKey]] = defaultdict(list)
        self.by_object: dict[str, list[FactKey]] = defaultdict(list)
        for k in facts:
            self._add(k)

    def _add(self, k: FactKey) -> None:
        self.by_subject[k[1]].append(k)
        if k[2] is not None:
            self.by_object[k[2]].append(k)

    def put(self, k: FactKey, f: Fact) -> None:
        if k not in self.facts:
            self._add(k)
        self.facts[k] = f

    def of(self, eid: str) -> list[FactKey]:
        """The keys with ``eid`` as subject or object, in the dict's order."""
        seen = set(self.by_subject.get(eid, ()))
        return self.by_subject.get(eid, []) + [k for k in self.by_object.get(eid, ()) if k not in seen]


def _parent_party(index: _FactIndex, eid: str, ctx: Context) -> str | None:
    if ctx.entity_type.get(eid) == "party":
        return eid
    for t, _s, o, _ in index.by_subject.get(eid, ()):
        if t == "part_of" and o is not None and ctx.entity_type.get(o) == "party":
            return o
    return None


def _merger(facts: dict[tuple[str, str, str | None, str | None], Fact], ev: Event, ctx: Context,
            index: _FactIndex | None = None) -> None:
    assert ev.date is not None and ev.date.latest is not None
    index = index or _FactIndex(facts)
    when = Interval(ev.date.earliest, ev.date.latest, ev.date.precision)
    end: dt.date = ev.date.latest
    parties = {p for p in (_parent_party(index, x, ctx) for x in ev.participants) if p is not None}
    if not parties:
        return

    def last_seen(pid: str) -> dt.date:
        ds = [d for k in index.of(pid) if (d := facts[k].last_confirmed)]
        return max(ds, default=dt.date.min)

    target = max(sorted(parties), key=last_seen)
    merging = {p for p in parties if p != target}
    persons = [x for x in ev.participants if ctx.entity_type.get(x) == "person"]
    for x in persons:
        for k in list(index.by_subject.get(x, ())):
            t, _s, o, _ = k
            f = facts[k]
            if t in ("member_of", "leader_of") and o is not None and o != target \
                    and ctx.entity_type.get(o) == "party" and (f.first_seen is None or f.first_seen <= end):
                merging.add(o)
    for q in sorted(merging):
        key = ("merged_into", q, target, None)
        mf = facts.get(key) or Fact(id=stable_id("f", *key), type="merged_into", subject=q, object=target)
        mf.start = mf.start or when
        mf.first_seen = mf.first_seen or when.latest
        mf.last_confirmed = max(d for d in (mf.last_confirmed, when.latest) if d is not None)
        mf.evidence = sorted(set(mf.evidence) | set(ev.evidence))
        mf.confidence = max(mf.confidence, 0.5)
        index.put(key, mf)
        for k in list(index.by_object.get(q, ())):
            t, s, _o, _r = k
            f = facts[k]
            # an undated statement of the membership counts as before the merger
            if t not in ("member_of", "leader_of") or (f.first_seen is not None and f.first_seen > end):
                continue
            if not f.ended:
                f.end, f.ended = when, True
                f.ended_by = sorted(set(f.ended_by) | set(ev.evidence))
            nkey = ("member_of", s, target, None)
            nf = facts.get(nkey) or Fact(id=stable_id("f", *nkey), type="member_of", subject=s, object=target,
                                         first_seen=when.latest, last_confirmed=when.latest,
                                         evidence=list(ev.evidence), confidence=0.5)
            if nf.start is None or (nf.start.latest and when.latest and when.latest < nf.start.latest):
                nf.start = when
            index.put(nkey, nf)
