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


def derive_events(claims: Iterable[Claim], ctx: Context) -> tuple[list[Event], dict[str, set[str]]]:
    """The events of these claims and, per event id, the lookup keys (:func:`lookup_keys`) under which its
    groups were offered to claims of other articles: what re-consolidating a part of the graph must check.

    Run on a set of claims closed under those keys and under articles (see ``Graph._consolidate_pending``),
    it gives exactly the events a run over every claim gives for them."""
    claims = sorted(claims, key=lambda c: c.id)
    events, buckets = _event_groups(claims, ctx)
    _assume_recent(events, {c.id: c for c in claims}, ctx)
    return events, buckets


def derive_facts(claims: Iterable[Claim], events: Iterable[Event], ctx: Context) -> dict[FactKey, Fact]:
    """The facts of these claims by key, after the event rules of ``events`` and succession.

    Exact for a set of keys closed under succession chains and under the entities of the mergers
    among ``events`` (:func:`merger_entities`), given every claim of those keys."""
    facts = _facts(sorted(claims, key=lambda c: c.id), ctx)
    _apply_event_rules(facts, list(events), ctx)
    _succession(facts)
    return facts


FactKey = tuple[str, str, str | None, str | None]
MERGER_READS = ("part_of", "member_of", "leader_of")  # the facts of its participants a merger reads


def key_text(k: FactKey) -> str:
    """A fact key as one string (the claim index stores it)."""
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


def lookup_keys(c: Claim, ctx: Context) -> list[str]:
    """The (type, participant, month) keys under which an event claim looks for reports of the same
    happening in other articles (status left out: a superset is safe); none when it is not closely dated."""
    if c.kind != "event":
        return []
    parts = sorted({ctx.entity_of[m] for m in c.participants if m in ctx.entity_of})
    date = _event_date(c, ctx)
    if not parts or not _close(date):
        return []
    return [_bucket_key(c.type, p, m) for p in parts for m in _months(date)]


def _bucket_key(t: str, p: str, month: tuple[int, int]) -> str:
    return f"{t}|{p}|{month[0]:04d}-{month[1]:02d}"


def claim_index(c: Claim, ctx: Context) -> list[tuple[str, str]]:
    """What a claim is found by when part of the graph is re-consolidated, as (kind, key) rows:
    ``fact`` its fact key, ``chain`` the succession chain its role would put the fact in, ``entity`` every
    entity it names, ``look`` its event lookup keys."""
    rows: list[tuple[str, str]] = []
    k = fact_key(c, ctx)
    if k is not None:
        rows.append(("fact", key_text(k)))
        ch = chain_of(k[0], c.role, k[2])
        if ch is not None:
            rows.append(("chain", ch))
    ents = {ctx.entity_of[m] for m in (c.subject, c.object, c.place, *c.participants) if m and m in ctx.entity_of}
    rows.extend(("entity", e) for e in sorted(ents))
    rows.extend(("look", x) for x in sorted(set(lookup_keys(c, ctx))))
    return rows


def merger_entities(ev: Event, facts: Iterable[Fact]) -> set[str]:
    """Every entity a merger event's rule can read or write a fact of: its participants and the groups
    they belong to (``facts`` must hold at least every fact whose subject is a participant)."""
    parts = set(ev.participants)
    return parts | {f.object for f in facts if f.type in MERGER_READS and f.subject in parts and f.object}


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


def _facts(claims: list[Claim], ctx: Context) -> dict[tuple[str, str, str | None, str | None], Fact]:
    groups: dict[tuple[str, str, str | None, str | None], list[Claim]] = defaultdict(list)
    for c in claims:
        k = fact_key(c, ctx)
        if k is not None:
            groups[k].append(c)
    facts = {}
    for key, cs in groups.items():
        support = [c for c in cs if c.status in FACT_STATUSES]
        if not support:
            continue
        against = [c.id for c in cs if c.status == "negated"]
        t, s, o, _ = key
        f = Fact(id=stable_id("f", *key), type=t, subject=s, object=o)
        roles = [c.role for c in support if c.role]
        f.role = max(sorted(set(roles)), key=lambda r: (roles.count(r), len(r))) if roles else None
        seen: list[dt.date] = []
        for c in support:
            iv = claim_date(c, ctx)
            if c.aspect == "begins":
                f.start = _narrow(f.start, iv)
            elif c.aspect == "ends":
                f.end, f.ended = _narrow(f.end, iv), True
                f.ended_by.append(c.id)
            elif c.aspect == "formerly":
                a = ctx.articles.get(c.article_id)
                before = Interval(None, a.published.latest if a else None, "unknown")
                f.end, f.ended = _narrow(f.end, before), True
                f.ended_by.append(c.id)
            else:
                p = known_point(iv)
                if p is not None:
                    seen.append(p)
        if seen:
            f.first_seen, f.last_confirmed = min(seen), max(seen)
        elif f.start is not None:
            f.first_seen = f.start.latest
        f.evidence = [c.id for c in support]
        f.against = against
        conf = 1.0
        for c in support:
            conf *= 1.0 - c.confidence
        f.confidence = round(1.0 - conf, 3)
        facts[key] = f
    return facts


def _narrow(old: Interval | None, new: Interval) -> Interval:
    if old is None:
        return new
    both = old.intersect(new)
    return both if both is not None else old


def _events(claims: list[Claim], ctx: Context) -> list[Event]:
    return _event_groups(claims, ctx)[0]


def _event_groups(claims: list[Claim], ctx: Context) -> tuple[list[Event], dict[str, set[str]]]:
    """Group event claims that report the same happening.

    Claims are taken in (article, position) order and each joins the first earlier event it
    matches, else starts one. The candidates are looked up, not scanned: the events its own
    article already reports, and, across articles, events of the same type and status that share a
    participant and a month (only narrowly dated reports can match across articles, see :func:`_same`).
    """
    out: list[_Group] = []
    home: dict[str, _Group] = {}  # claim id -> the event it went into
    in_article: dict[str, list[_Group]] = defaultdict(list)  # article id -> events it reports
    across: dict[tuple[str, str, str, tuple[int, int]], list[_Group]] = defaultdict(list)
    for c in sorted((c for c in claims if c.kind == "event"), key=lambda c: (c.article_id, c.evidence, c.id)):
        parts = sorted({ctx.entity_of[m] for m in c.participants if m in ctx.entity_of})
        if not parts:
            continue
        date = _event_date(c, ctx)
        place = ctx.entity_of.get(c.place) if c.place else None
        referred = home.get(c.same_as) if c.same_as is not None else None
        candidates = {id(g): g for g in in_article[c.article_id]}
        if _close(date):
            for p in parts:
                for month in _months(date):
                    for g in across.get((c.type, c.status, p, month), ()):
                        candidates[id(g)] = g
        if referred is not None:
            candidates[id(referred)] = referred
        for g in sorted(candidates.values(), key=lambda g: g.n):
            ev, arts = g.event, g.articles
            if g is referred or (ev.type == c.type and _compatible(ev.status, c.status, c.article_id in arts)
                                 and _same(ev, parts, date, c.article_id in arts)):
                home[c.id] = g
                if g is referred and c.status == "cancelled":
                    ev.status = "cancelled"  # "the protest was called off"
                ev.participants = sorted(set(ev.participants) | set(parts))
                ev.evidence.append(c.id)
                if c.article_id not in arts:
                    arts.add(c.article_id)
                    in_article[c.article_id].append(g)
                if ev.date is not None:
                    ev.date = ev.date.intersect(date) or ev.date
                ev.place = ev.place or place
                break
        else:
            ev = Event(id="", type=c.type, status=c.status, participants=parts, place=place, date=date,
                       evidence=[c.id], confidence=c.confidence)
            g = _Group(len(out), ev, {c.article_id})
            home[c.id] = g
            out.append(g)
            in_article[c.article_id].append(g)
        if g.event.date is not None and _close(g.event.date):
            for p in g.event.participants:
                for month in _months(g.event.date):
                    bucket = across[(g.event.type, g.event.status, p, month)]
                    if not bucket or bucket[-1] is not g:
                        bucket.append(g)
                        g.keys.add(_bucket_key(g.event.type, p, month))
    kept = _plans_called_off(out)
    events = [g.event for g in kept]
    keys: dict[str, set[str]] = {}
    for ev in events:
        ev.id = stable_id("v", ev.type, ev.status, *sorted(ev.evidence))
        keys[ev.id] = set().union(*(home[c].keys for c in ev.evidence))
    return sorted(events, key=lambda e: (e.date.earliest or dt.date.min if e.date else dt.date.min, e.id)), keys


@dataclass
class _Group:
    """An event being built, its creation number and the articles that report it."""

    n: int
    event: Event
    articles: set[str]
    keys: set[str] = field(default_factory=set)  # the lookup keys it was offered under


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


def _compatible(a: str, b: str, same_article: bool) -> bool:
    """Statuses two reports of one happening may carry: equal, or within one article both not yet
    happened (planned and hedged: "efforts to unite", "reportedly trying to unite")."""
    return a == b or (same_article and {a, b} <= {"planned", "uncertain"})


def _plans_called_off(out: list[_Group]) -> list[_Group]:
    """A planned happening that the same article later says was called off is one cancelled event."""
    plans: dict[tuple[str, str], list[_Group]] = defaultdict(list)  # (type, article) -> planned events
    for g in out:
        if g.event.status == "planned":
            for a in sorted(g.articles):
                plans[(g.event.type, a)].append(g)
    gone: set[int] = set()
    for g in out:
        ev = g.event
        if ev.status != "cancelled" or g.n in gone:
            continue
        found = {p.n: p for a in sorted(g.articles) for p in plans.get((ev.type, a), ())}
        for n in sorted(found):
            plan = found[n].event
            if n in gone or plan.status != "planned":
                continue
            ev.participants = sorted(set(ev.participants) | set(plan.participants))
            ev.evidence = plan.evidence + ev.evidence
            if plan.date is not None and not plan.date.is_unknown:
                ev.date = plan.date if ev.date is None else (plan.date.intersect(ev.date) or plan.date)
            ev.place = ev.place or plan.place
            gone.add(n)
    return [g for g in out if g.n not in gone]


def _event_date(c: Claim, ctx: Context) -> Interval:
    if c.date is not None and not c.date.is_unknown:
        return c.date
    a = ctx.articles.get(c.article_id)
    pub = a.published if a is not None else Interval.unknown()
    if c.status == "planned":
        return Interval(pub.earliest, None, "unknown", pub.latest)
    return Interval(None, pub.latest, "unknown", pub.latest)


def _assume_recent(events: list[Event], by_id: Mapping[str, Claim], ctx: Context) -> None:
    """A happening no report dates lies in the days before its first report's publication
    (``undated_event_days`` of data/temporal/dating.yaml), marked ``assumed``. Only an unbounded start is
    narrowed, after grouping, so the assumption never decides which reports tell the same happening."""
    days = default_dating_rules().undated_event_days
    if days is None:
        return
    for ev in events:
        if ev.status != "occurred" or ev.date is None or ev.date.earliest is not None or ev.date.precision != "unknown":
            continue
        first = by_id.get(ev.evidence[0])
        a = ctx.articles.get(first.article_id) if first is not None else None
        if a is None or a.published.earliest is None:
            continue
        start = a.published.earliest - dt.timedelta(days=days)
        ev.date = Interval(start, ev.date.latest, "assumed", a.published.earliest)


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
        if len(common) / len(a | b) < 0.5:
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
