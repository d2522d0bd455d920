"""The questions the graph answers, as plain dicts in the export's shapes (shared/spec/EXPORT.md).

Relations and events are written exactly as in the export (``id``, ``type``,
``subject``, ``object``, ``role``, ``start``, ``end``, ``evidence``...) plus
fields of our own (``confidence``, ``last_confirmed``, ``state``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from ..errors import BadQuery, NotFound
from ..model import RELATION_TYPES, Claim, Entity, Event, Fact, Interval
from ..store import _gc_paused, _loads, record_json
from .frozen import FrozenDict, freeze_views

if TYPE_CHECKING:
    from ..store import Citation, Store


def _iv(iv: Interval | None) -> dict[str, str | None] | None:
    if iv is None:
        return None
    return {"earliest": iv.earliest.isoformat() if iv.earliest else None,
            "latest": iv.latest.isoformat() if iv.latest else None}


def _claims_by_id(store: Store) -> dict[str, Claim]:
    return {c.id: c for c in store.claims()}


Span = tuple[str, int, int]  # (document, start, end)
Cue = tuple[bool, str, bool, str]  # what ranks the claims citing one span (see _cue)


def _cue(trigger: str | None, source: str | None) -> Cue:
    """Of the claims citing one span, the entry shows the one with a trigger, then a source, then the least."""
    return (trigger is None, trigger or "", source is None, source or "")


def _entry(span: Span, cue: Cue, with_text: dict[str, str] | None) -> dict[str, Any]:
    doc, start, end = span
    ev: dict[str, Any] = {"document": doc, "start": start, "end": end}
    if not cue[0]:
        ev["trigger"] = cue[1]
    if not cue[2]:
        ev["source"] = cue[3]
    if with_text is not None and doc in with_text:
        ev["text"] = with_text[doc][start:end]
    return ev


def _evidence(claim_ids: Iterable[str], claims: Mapping[str, Claim | Citation],
              with_text: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The evidence entries of these claims (``claims``: the claims, or only what an entry shows of them,
    ``Store.claim_citations``): one per distinct span, in the order of the documents and of their text.

    The entries depend on the set of claims only, not on their order, so a fact's entries are brought up to
    date by merging in those of its new claims (:func:`merge_evidence`) without reading the old ones."""
    best: dict[Span, Cue] = {}
    for cid in claim_ids:
        c = claims.get(cid)
        if c is None:
            continue
        span = (c.article_id, c.evidence[0], c.evidence[1])
        cue = _cue(c.trigger, c.source)
        old = best.get(span)
        if old is None or cue < old:
            best[span] = cue
    return [_entry(span, best[span], with_text) for span in sorted(best)]


def _span(e: dict[str, Any]) -> Span:
    return e["document"], e["start"], e["end"]


def merge_evidence(entries: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two evidence entry lists (without text, each in :func:`_evidence`'s order) as one, as :func:`_evidence`
    gives for all their claims together. Each of ``more`` is put in its place by bisection: a fact restated
    in thousands of articles gains a few entries at a time."""
    out = list(entries)
    for e in more:
        span = _span(e)
        i = bisect.bisect_left(out, span, key=_span)
        if i < len(out) and _span(out[i]) == span:
            if _cue(e.get("trigger"), e.get("source")) < _cue(out[i].get("trigger"), out[i].get("source")):
                out[i] = e
        else:
            out.insert(i, e)
    return out


def gained(f: Fact, old: Fact) -> set[str] | None:
    """The claims ``f`` cites (as evidence or against) that ``old`` did not; None when ``f`` no longer cites
    one of ``old``'s."""
    if not set(old.evidence) <= set(f.evidence) or not set(old.against) <= set(f.against):
        return None
    return (set(f.evidence) - set(old.evidence)) | (set(f.against) - set(old.against))


def updated_fact_dict(f: Fact, old: Fact, view: dict[str, Any], claims: Mapping[str, Claim | Citation]
                      ) -> dict[str, Any] | None:
    """The view of ``f`` from ``view``, that of the fact as it was stored (``old``): its evidence merged with
    that of the claims ``f`` cites and ``old`` did not (which ``claims`` must hold). None when ``f`` no longer
    cites one of ``old``'s claims: an entry may then have to go, and the view is made again from all of them."""
    if gained(f, old) is None:
        return None
    return _fact_dict(
        f, merge_evidence(view["evidence"], _evidence(set(f.evidence) - set(old.evidence), claims)),
        merge_evidence(view.get("against", []), _evidence(set(f.against) - set(old.against), claims)))


def fact_dict(f: Fact, claims: Mapping[str, Claim | Citation], texts: dict[str, str] | None = None) -> dict[str, Any]:
    return _fact_dict(f, _evidence(f.evidence, claims, texts), _evidence(f.against, claims, texts))


def _fact_dict(f: Fact, evidence: list[dict[str, Any]], against: list[dict[str, Any]]) -> dict[str, Any]:
    d = {
        "id": f.id, "type": f.type, "subject": f.subject, "object": f.object, "role": f.role,
        "start": _iv(f.start), "end": _iv(f.end) if f.ended else None,
        "evidence": evidence,
        "confidence": f.confidence,
        "first_seen": f.first_seen.isoformat() if f.first_seen else None,
        "last_confirmed": f.last_confirmed.isoformat() if f.last_confirmed else None,
        "state": "ended" if f.ended else "open",
    }
    if f.against:
        d["against"] = against
    return d


def event_dict(e: Event, claims: Mapping[str, Claim | Citation], texts: dict[str, str] | None = None) -> dict[str, Any]:
    date = _iv(e.date)
    if date is not None and e.date is not None:
        date["basis"] = _date_basis(e.date)
    return {
        "id": e.id, "type": e.type, "status": e.status, "date": date, "participants": e.participants,
        "place": e.place, "evidence": _evidence(e.evidence, claims, texts), "confidence": e.confidence,
    }


def _date_basis(iv: Interval) -> str:
    """Where an event's date comes from: ``text`` (a date the articles state), ``publication`` (only
    bounded by when its reports appeared) or ``assumed`` (undated: the days before its first report)."""
    if iv.precision == "assumed":
        return "assumed"
    return "publication" if iv.precision == "unknown" else "text"


def entity_dict(e: Entity, mentions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    aliases = sorted((a for a in e.aliases if a != e.name), key=lambda a: (-e.aliases[a], a))
    d: dict[str, Any] = {"id": e.id, "type": e.type, "name": e.name, "aliases": aliases}
    if mentions is not None:
        d["mentions"] = mentions
    return d


def export(store: Store) -> dict[str, Any]:
    """The whole graph in the JSON interface of shared/spec/EXPORT.md."""
    claims = _claims_by_id(store)
    docs = []
    for a in store.articles():
        p = a.published
        docs.append({
            "id": a.id, "source": a.source, "title": a.title, "text": a.text,
            "published": {"earliest": p.earliest.isoformat() if p.earliest else None,
                          "latest": p.latest.isoformat() if p.latest else None, "basis": a.basis,
                          "evidence": a.basis_evidence},
            "url": a.url,
        })
    by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ment_ent = store.mention_entities()
    for m in store.mentions():
        eid = ment_ent.get(m.id)
        if eid is not None:
            by_entity[eid].append({"document": m.article_id, "start": m.start, "end": m.end,
                                   **({"role": m.role} if m.role else {})})
    entities = [entity_dict(e, by_entity.get(e.id, [])) for e in store.entities()]
    relations = [fact_dict(f, claims) for f in store.facts()]
    events = [event_dict(e, claims) for e in store.events()]
    claim_list = [_claim_dict(c, ment_ent) for c in claims.values()]
    return {"format": "factiongraph", "version": 1, "documents": docs, "entities": entities,
            "relations": relations, "events": events, "claims": claim_list}


def _claim_dict(c: Claim, ment_ent: dict[str, str]) -> dict[str, Any]:
    return {
        "id": c.id, "document": c.article_id, "kind": c.kind, "type": c.type, "status": c.status,
        "subject": ment_ent.get(c.subject) if c.subject else None,
        "object": ment_ent.get(c.object) if c.object else None, "role": c.role,
        "participants": sorted({ment_ent[m] for m in c.participants if m in ment_ent}),
        "source": c.source, "reported": c.reported, "trigger": c.trigger,
        "evidence": {"document": c.article_id, "start": c.evidence[0], "end": c.evidence[1]},
        "date": _iv(c.date), "aspect": c.aspect, "rule": c.rule,
    }


def _claims_for(store: Store, records: list[Fact] | list[Event]) -> dict[str, Claim]:
    """Only the claims these facts or events cite (a query never decodes every claim)."""
    ids: set[str] = set()
    for r in records:
        ids.update(r.evidence)
        if isinstance(r, Fact):
            ids.update(r.against)
    return store.claims_by_id(ids)


IMPLIED_TYPES: dict[str, tuple[str, ...]] = {"member_of": ("leader_of",)}  # a leader is a member


def relation_types(types: Iterable[str] | None) -> set[str] | None:
    """The stored relation types a filter on ``types`` selects (``member_of`` takes in ``leader_of``);
    None (no filter) for None. An unknown type is a :class:`BadQuery`."""
    if types is None:
        return None
    out: set[str] = set()
    for t in types:
        if t not in RELATION_TYPES:
            raise BadQuery(f"{t!r} is not a relation type: use one of {', '.join(RELATION_TYPES)}")
        out.add(t)
        out.update(IMPLIED_TYPES.get(t, ()))
    return out


def asof(store: Store, day: dt.date, *, types: Iterable[str] | None = None,
         entity: str | None = None, cache: ViewCache | None = None) -> dict[str, Any]:
    """The relations that hold on ``day``, in the export's shape, ordered by id; ``types`` and
    ``entity`` (an id, as subject or object) narrow them.

    Each relation is read-only (a :class:`~factiongraph.graph.frozen.FrozenDict`, its intervals and
    evidence frozen too: a change raises ``TypeError``), whichever way it was got: with a ``cache``
    (call inside ``Store.snapshot``) the views it holds for the store's current revision are shared
    by every answer that needs them, and only the others are read and decoded. The answer's outer
    dict and its ``relations`` list are the caller's own; ``copy.deepcopy`` a relation to change it.
    """
    wanted = relation_types(types)
    # rendered when consolidated: no claim is read
    views = (cache.views_asof(store, day, wanted, entity) if cache is not None
             else _frozen(store.fact_views_asof(day, types=wanted, entity=entity)))
    if views is None:
        views = freeze_views([fact_dict(f, claims) for f, claims in _asof_facts(store, day, wanted, entity)])
    return {"date": day.isoformat(), "relations": views}


def _frozen(views: list[dict[str, Any]] | None) -> list[FrozenDict] | None:
    if views is None:
        return None
    with _gc_paused():
        return freeze_views(views)


DEFAULT_VIEW_CACHE_CHARS = 16_000_000  # of stored JSON; decoded, ~5 bytes per character: ~80 MB


class ViewCache:
    """The decoded views of facts (the dicts :func:`asof` answers with), by fact id, for one revision
    of the store's facts: a Graph that answers many as-of questions decodes each view once.

    Valid for one value of ``Store.facts_revision`` (a counter that database triggers bump with every
    write to the facts, whichever process writes): a query that reads another value, in the snapshot
    it reads the ids in, drops everything first, so that an answer is never older than the database.
    Bounded by the size of the views' JSON text (``max_chars``), least recently used out first.

    Views are frozen when decoded (:func:`~factiongraph.graph.frozen.freeze_views`) and every answer
    shares them: nothing is copied per answer, and no caller can change what a later answer holds
    (a change raises ``TypeError``). Freezing costs about one dict copy per dict, once per view.
    """

    def __init__(self, max_chars: int = DEFAULT_VIEW_CACHE_CHARS) -> None:
        self.max_chars = max_chars
        self.revision: int | None = None
        # fact id -> (its frozen view, the size of its stored text in characters)
        self._entries: OrderedDict[str, tuple[FrozenDict, int]] = OrderedDict()
        self._chars = 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self._chars = 0

    def views_asof(self, store: Store, day: dt.date, types: set[str] | None,
                   entity: str | None) -> list[FrozenDict] | None:
        """The views ``Store.fact_views_asof`` returns, frozen, from the cache where it can (None
        likewise when a fact selected has no view yet), in a new list each time."""
        revision = store.facts_revision()
        if revision is None or self.max_chars <= 0:
            return _frozen(store.fact_views_asof(day, types=types, entity=entity))
        if revision != self.revision:
            self.clear()
            self.revision = revision
        if not self._entries:  # nothing to reuse: the ids and views in one read, as without a cache
            pairs = store.fact_view_pairs_asof(day, types=types, entity=entity)
            if any(text is None for _, text in pairs):
                return None
            views = self._add(pairs)
            self._trim()
            return views
        ids = store.fact_ids_asof(day, types=types, entity=entity)
        entries = self._entries
        missing = [i for i in ids if i not in entries]
        if missing:
            if len(missing) * 2 > len(ids):  # a range read costs less than many reads by id
                wanted = set(missing)
                pairs = [p for p in store.fact_view_pairs_asof(day, types=types, entity=entity) if p[0] in wanted]
            else:
                pairs = sorted(store.fact_view_texts_by_id(missing).items())
            if len(pairs) < len(missing) or any(text is None for _, text in pairs):
                return None  # not rendered yet: the caller renders from the claims
            self._add(pairs)
        out = []
        move = entries.move_to_end
        for fid in ids:
            out.append(entries[fid][0])
            move(fid)
        self._trim()  # after the answer: what it needs is not dropped while it is built
        return out

    def _add(self, pairs: list[tuple[str, str | None]]) -> list[FrozenDict]:
        """Decode, freeze and keep the views of these (id, text) pairs (each text is given); the views.
        The caller trims the cache after using them."""
        texts = cast(list[str], [text for _, text in pairs])
        with _gc_paused():
            views = freeze_views([_loads(text) for text in texts])
        entries = self._entries
        for (fid, _), text, view in zip(pairs, texts, views, strict=True):
            entries[fid] = (view, len(text))
        self._chars += sum(map(len, texts))
        return views

    def _trim(self) -> None:
        """Drop the least recently used views until the rest fit in ``max_chars``."""
        while self._chars > self.max_chars and self._entries:
            _, (_, size) = self._entries.popitem(last=False)
            self._chars -= size


def asof_json(store: Store, day: dt.date, *, types: Iterable[str] | None = None,
              entity: str | None = None) -> str:
    """:func:`asof` as JSON text, one relation per line, for the CLI and the web API.

    The stored views are joined as they are: a big answer is neither decoded nor encoded again.
    """
    wanted = relation_types(types)
    texts = store.fact_view_texts_asof(day, types=wanted, entity=entity)
    if texts is None:
        texts = [record_json(fact_dict(f, claims)) for f, claims in _asof_facts(store, day, wanted, entity)]
    head = json.dumps({"date": day.isoformat()})[:-1]
    return f'{head}, "relations": [' + ("\n" + ",\n".join(texts) + "\n" if texts else "") + "]}"


def _asof_facts(store: Store, day: dt.date, types: set[str] | None,
                entity: str | None) -> list[tuple[Fact, dict[str, Claim]]]:
    """The facts :func:`asof` selects, with their claims: for a store whose facts have no views yet."""
    facts = [f for f in store.facts_asof(day)
             if (types is None or f.type in types) and (entity is None or entity in (f.subject, f.object))]
    claims = _claims_for(store, facts)
    return [(f, claims) for f in facts]


def timeline(store: Store, e: Entity) -> dict[str, Any]:
    """The events ``e`` took part in, oldest first, rendered from their stored records (as
    :func:`event_dict` renders the events)."""
    records = sorted(store.event_records_of(e.id), key=_record_sort_date)
    cites = store.claim_citations(cid for r in records for cid in r.get("evidence", ()))
    return {"entity": entity_dict(e), "events": [event_record_dict(r, cites) for r in records]}


def event_record_dict(d: dict[str, Any], claims: Mapping[str, Claim] | Mapping[str, Citation]) -> dict[str, Any]:
    """:func:`event_dict` of a stored event record (``Event.to_dict``), built without the generic
    ``Event.from_dict`` (a timeline renders thousands of events)."""
    date = d.get("date")
    e = Event(id=d["id"], type=d["type"], status=d["status"], participants=d.get("participants", []),
              place=d.get("place"), date=None if date is None else Interval.from_dict(date),
              evidence=d.get("evidence", []), confidence=d.get("confidence", 0.5))
    return event_dict(e, claims)


_LAST_DAY = dt.date.max.isoformat()


def _record_sort_date(d: dict[str, Any]) -> tuple[str, str]:
    """:func:`_sort_date` of a stored event record, on its ISO dates (which sort as the days do)."""
    iv = d.get("date")
    if iv is None:
        return (_LAST_DAY, _LAST_DAY)
    lo = iv.get("earliest") or iv.get("latest") or _LAST_DAY
    return (lo, iv.get("latest") or lo)


def _sort_date(iv: Interval | None) -> tuple[dt.date, dt.date]:
    if iv is None:
        return (dt.date.max, dt.date.max)
    lo = iv.earliest or iv.latest or dt.date.max
    return (lo, iv.latest or lo)


def profile(store: Store, e: Entity) -> dict[str, Any]:
    """An entity's profile: aliases (with why they were merged), relations over time, events."""
    claims = _claims_by_id(store)
    facts = store.facts_of(e.id)
    names = {x.id: x.name for x in store.entities()}
    rel = []
    for f in facts:
        d = fact_dict(f, claims)
        d["subject_name"] = names.get(f.subject)
        d["object_name"] = names.get(f.object) if f.object else None
        rel.append(d)
    def others(kind: str) -> list[str]:
        return sorted({x for f in facts if f.type == kind for x in (f.subject, f.object) if x and x != e.id})

    allies, rivals = others("allied_with"), others("opposed_to")
    return {
        "entity": entity_dict(e),
        "alias_counts": dict(sorted(e.aliases.items(), key=lambda kv: (-kv[1], kv[0]))),
        "merge_reasons": [r.to_dict() for r in e.reasons],
        "roles": e.roles,
        "relations": rel,
        "allies": [{"id": x, "name": names.get(x)} for x in allies],
        "rivals": [{"id": x, "name": names.get(x)} for x in rivals],
        "events": [event_dict(v, claims) for v in sorted(store.events_of(e.id), key=lambda v: _sort_date(v.date))],
    }


def changes(store: Store, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Facts that began or ended between two dates, with their evidence."""
    claims = _claims_by_id(store)
    began, ended = [], []
    for f in store.facts():
        s = f.start.latest if f.start is not None and f.start.latest else f.first_seen
        if s is not None and start <= s <= end:
            began.append(fact_dict(f, claims))
        if f.ended and f.end is not None:
            x = f.end.earliest or f.end.latest
            if x is not None and start <= x <= end:
                ended.append(fact_dict(f, claims))
    return {"from": start.isoformat(), "to": end.isoformat(), "began": began, "ended": ended}


def documents(store: Store) -> list[dict[str, Any]]:
    out = []
    for a in store.articles():
        p = a.published
        out.append({"id": a.id, "source": a.source, "title": a.title,
                    "published": {"earliest": p.earliest.isoformat() if p.earliest else None,
                                  "latest": p.latest.isoformat() if p.latest else None, "basis": a.basis},
                    "evidence": a.basis_evidence})
    return out


def to_networkx(store: Store, day: dt.date | None = None) -> Any:
    import networkx as nx

    g = nx.MultiDiGraph()
    for e in store.entities():
        g.add_node(e.id, name=e.name, type=e.type)
    facts = store.facts_asof(day) if day is not None else store.facts()
    for f in facts:
        if f.object is None:
            continue
        g.add_edge(f.subject, f.object, key=f.id, type=f.type, role=f.role or "", confidence=f.confidence)
    return g


def path(store: Store, a: Entity, b: Entity, day: dt.date | None) -> dict[str, Any]:
    """The shortest chain of relations between two actors (on a date, when given)."""
    import networkx as nx

    g = to_networkx(store, day).to_undirected(as_view=False)
    try:
        nodes = nx.shortest_path(g, a.id, b.id)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        raise NotFound(f"no connection between {a.name} and {b.name}"
                       + (f" on {day.isoformat()}" if day else "")) from None
    claims = _claims_by_id(store)
    facts = {f.id: f for f in (store.facts_asof(day) if day else store.facts())}
    steps = []
    for x, y in itertools.pairwise(nodes):
        edge = sorted(g.get_edge_data(x, y).keys())[0]
        steps.append(fact_dict(facts[edge], claims))
    names = {e.id: e.name for e in store.entities()}
    return {"from": a.id, "to": b.id, "date": day.isoformat() if day else None,
            "nodes": [{"id": n, "name": names.get(n)} for n in nodes], "relations": steps}


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Facts the sources disagree on: supported by some claims and denied by others."""
    claims = _claims_by_id(store)
    return [fact_dict(f, claims) for f in store.facts() if f.against]


# ---------------------------------------------------------------------- views for the web and the exports
# The functions below serve pictures (the graph over time, the timeline, the entity and article pages)
# and the file exports. They add names and evidence text so that a view needs one call.

GRAPH_RELATIONS = ("member_of", "leader_of", "holds_office", "part_of", "allied_with", "opposed_to",
                   "merged_into", "split_from")


def fact_span(f: Fact) -> tuple[dt.date | None, dt.date | None]:
    """The days a fact holds for :func:`asof`: ``(valid_from, valid_to)``, the store's rule.

    ``valid_from`` is the latest possible start (else the first article stating it): ``None`` means
    the fact is never known to hold. ``valid_to`` is the last day it holds, ``None`` while open.
    """
    start = f.start.latest if f.start is not None and f.start.latest is not None else f.first_seen
    end: dt.date | None = None
    if f.ended and f.end is not None:
        d = f.end.earliest or f.end.latest
        if d is not None:
            end = d - dt.timedelta(days=1) if f.end.earliest else d
    return start, end


def holds_on(span: tuple[dt.date | None, dt.date | None], day: dt.date) -> bool:
    """Whether a :func:`fact_span` covers ``day`` (what ``Store.facts_asof`` selects)."""
    start, end = span
    return start is not None and start <= day and (end is None or end >= day)


def _texts(store: Store) -> dict[str, str]:
    return {a.id: a.text for a in store.articles()}


def graph_at(store: Store, day: dt.date | None = None) -> dict[str, Any]:
    """The graph as nodes and edges: the relations that hold on ``day``, or every relation when ``None``.

    Edges carry ``valid_from``/``valid_to`` (see :func:`fact_span`) so that a client can cut the full
    graph at any day itself; nodes are the entities the edges touch, with their aliases for search.
    Relations without an object (an office with no place) have no edge.
    """
    facts = store.facts_asof(day) if day is not None else store.facts()
    ents = {e.id: e for e in store.entities()}
    edges = []
    touched: dict[str, int] = defaultdict(int)
    for f in facts:
        if f.object is None or f.subject not in ents or f.object not in ents:
            continue
        vf, vt = fact_span(f)
        edges.append({
            "id": f.id, "source": f.subject, "target": f.object, "type": f.type, "role": f.role,
            "start": _iv(f.start), "end": _iv(f.end) if f.ended else None,
            "state": "ended" if f.ended else "open", "confidence": f.confidence,
            "valid_from": vf.isoformat() if vf else None, "valid_to": vt.isoformat() if vt else None,
            "evidence": len(f.evidence),
        })
        touched[f.subject] += 1
        touched[f.object] += 1
    nodes = []
    counts = store.mention_counts()
    for eid, e in ents.items():
        if eid in touched:
            nodes.append({**entity_dict(e), "degree": touched[eid], "mentions": counts.get(eid, 0)})
    return {"date": day.isoformat() if day else None, "nodes": nodes, "edges": edges}


def date_range(store: Store) -> dict[str, str | None]:
    """The first and last day the graph knows something about (publication dates, fact spans, events)."""
    days: list[dt.date] = []
    for a in store.articles():
        days += [d for d in (a.published.earliest, a.published.latest) if d is not None]
    for f in store.facts():
        days += [d for d in fact_span(f) if d is not None]
    for v in store.events():
        if v.date is not None:
            days += [d for d in (v.date.earliest, v.date.latest) if d is not None]
    if not days:
        return {"min": None, "max": None}
    return {"min": min(days).isoformat(), "max": max(days).isoformat()}


def search_entities(store: Store, q: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Entities whose name or an alias contains ``q`` (exact matches first); every entity without ``q``."""
    if q is None or not q.strip():
        found = sorted(store.entities(), key=lambda e: e.name.lower())[:limit]
    else:
        found = store.find_entities(q, limit=limit)
    counts = store.mention_counts()
    return [{**entity_dict(e), "mentions": counts.get(e.id, 0)} for e in found]


def _named_event(v: Event, claims: dict[str, Claim], texts: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    d = event_dict(v, claims, texts)
    d["participant_names"] = [names.get(p, p) for p in v.participants]
    d["place_name"] = names.get(v.place) if v.place else None
    return d


def events_view(store: Store, entity: Entity | None = None) -> dict[str, Any]:
    """Events oldest first (those of ``entity`` when given), with participant names and evidence text."""
    claims = _claims_by_id(store)
    texts = _texts(store)
    names = {e.id: e.name for e in store.entities()}
    events = store.events_of(entity.id) if entity is not None else store.events()
    events = sorted(events, key=lambda v: (_sort_date(v.date), v.id))
    return {"entity": entity_dict(entity) if entity is not None else None,
            "events": [_named_event(v, claims, texts, names) for v in events]}


def entity_view(store: Store, e: Entity) -> dict[str, Any]:
    """:func:`profile` with names everywhere and the text of every evidence span (for the entity page)."""
    claims = _claims_by_id(store)
    texts = _texts(store)
    names = {x.id: x.name for x in store.entities()}
    types = {x.id: x.type for x in store.entities()}
    data = profile(store, e)
    rel = []
    for f in sorted(store.facts_of(e.id), key=lambda f: (fact_span(f)[0] or dt.date.max, f.type, f.id)):
        d = fact_dict(f, claims, texts)
        other = f.object if f.subject == e.id else f.subject
        vf, vt = fact_span(f)
        d.update({"subject_name": names.get(f.subject), "object_name": names.get(f.object) if f.object else None,
                  "other": other, "other_name": names.get(other) if other else None,
                  "other_type": types.get(other) if other else None,
                  "direction": "out" if f.subject == e.id else "in",
                  "valid_from": vf.isoformat() if vf else None, "valid_to": vt.isoformat() if vt else None})
        rel.append(d)
    data["relations"] = rel
    for key in ("allies", "rivals"):
        for x in data[key]:
            x["type"] = types.get(x["id"])
    evs = sorted(store.events_of(e.id), key=lambda v: (_sort_date(v.date), v.id))
    data["events"] = [_named_event(v, claims, texts, names) for v in evs]
    docs = {a.id: {"id": a.id, "source": a.source, "title": a.title} for a in store.articles()}
    used = {ev["document"] for r in rel for ev in r["evidence"] + r.get("against", [])}
    used |= {ev["document"] for v in data["events"] for ev in v["evidence"]}
    data["documents"] = {d: docs[d] for d in sorted(used) if d in docs}
    return data


def document_view(store: Store, article_id: str, *, with_dates: bool = True) -> dict[str, Any]:
    """One article: its exact text, the mentions (with entities), the claims' evidence and the dates in it.

    Offsets index ``text``. Dates are the temporal expressions found in the text, resolved against the
    publication date. Raises :class:`NotFound` for an unknown id.
    """
    a = store.article(article_id)
    if a is None:
        raise NotFound(f"no document with id {article_id!r}; 'factiongraph documents' lists them")
    ment_ent = store.mention_entities()
    names = {e.id: (e.name, e.type) for e in store.entities()}
    mentions = []
    for m in store.mentions(a.id):
        eid = ment_ent.get(m.id)
        name, _ = names.get(eid, (None, None)) if eid else (None, None)
        mentions.append({"start": m.start, "end": m.end, "text": m.text, "type": m.type, "role": m.role,
                         "entity": eid, "name": name})
    claims = []
    for c in store.claims(a.id):
        claims.append({
            "id": c.id, "kind": c.kind, "type": c.type, "status": c.status, "source": c.source,
            "evidence": {"start": c.evidence[0], "end": c.evidence[1]},
            "trigger": c.trigger,
            "trigger_span": list(c.trigger_span) if c.trigger_span else None,
            "subject": ment_ent.get(c.subject) if c.subject else None,
            "object": ment_ent.get(c.object) if c.object else None,
            "participants": sorted({ment_ent[m] for m in c.participants if m in ment_ent}),
            "date": _iv(c.date), "date_text": c.date_text, "role": c.role,
        })
    dates = []
    if with_dates:
        from ..temporal.timex import find_timexes

        anchor = a.published if not a.published.is_unknown else None
        for t in find_timexes(a.text, anchor):
            dates.append({"start": t.start, "end": t.end, "text": t.text, "value": _iv(t.value)})
    p = a.published
    return {
        "id": a.id, "source": a.source, "title": a.title, "url": a.url, "text": a.text,
        "published": {"earliest": p.earliest.isoformat() if p.earliest else None,
                      "latest": p.latest.isoformat() if p.latest else None, "basis": a.basis,
                      "evidence": a.basis_evidence},
        "mentions": mentions, "claims": claims, "dates": dates,
    }


def snapshot_events(store: Store, day: dt.date | None = None) -> list[Event]:
    """Events known by ``day``: dated on or before it (every event when ``day`` is ``None``)."""
    events = store.events()
    if day is None:
        return events
    return [v for v in events if v.date is not None and (v.date.earliest or v.date.latest or dt.date.max) <= day]
