"""The questions the graph answers, as plain dicts in the export's shapes (shared/spec/EXPORT.md).

Relations and events are written exactly as in the export (``id``, ``type``,
``subject``, ``object``, ``role``, ``start``, ``end``, ``evidence``...) plus
fields of our own (``confidence``, ``last_confirmed``, ``state``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..errors import NotFound
from ..model import Claim, Entity, Event, Fact, Interval

if TYPE_CHECKING:
    from ..store import Store


def _iv(iv: Interval | None) -> dict[str, str | None] | None:
    if iv is None:
        return None
    return {"earliest": iv.earliest.isoformat() if iv.earliest else None,
            "latest": iv.latest.isoformat() if iv.latest else None}


def _claims_by_id(store: Store) -> dict[str, Claim]:
    return {c.id: c for c in store.claims()}


def _evidence(claim_ids: list[str], claims: dict[str, Claim], with_text: dict[str, str] | None = None) -> list[dict[str, Any]]:
    out = []
    seen = set()
    for cid in claim_ids:
        c = claims.get(cid)
        if c is None:
            continue
        key = (c.article_id, c.evidence)
        if key in seen:
            continue
        seen.add(key)
        ev: dict[str, Any] = {"document": c.article_id, "start": c.evidence[0], "end": c.evidence[1]}
        if c.trigger:
            ev["trigger"] = c.trigger
        if c.source:
            ev["source"] = c.source
        if with_text is not None and c.article_id in with_text:
            ev["text"] = with_text[c.article_id][c.evidence[0] : c.evidence[1]]
        out.append(ev)
    return out


def fact_dict(f: Fact, claims: dict[str, Claim], texts: dict[str, str] | None = None) -> dict[str, Any]:
    start = f.start
    d = {
        "id": f.id, "type": f.type, "subject": f.subject, "object": f.object, "role": f.role,
        "start": _iv(start), "end": _iv(f.end) if f.ended else None,
        "evidence": _evidence(f.evidence, claims, texts),
        "confidence": f.confidence,
        "first_seen": f.first_seen.isoformat() if f.first_seen else None,
        "last_confirmed": f.last_confirmed.isoformat() if f.last_confirmed else None,
        "state": "ended" if f.ended else "open",
    }
    if f.against:
        d["against"] = _evidence(f.against, claims, texts)
    return d


def event_dict(e: Event, claims: dict[str, Claim], texts: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": e.id, "type": e.type, "status": e.status, "date": _iv(e.date), "participants": e.participants,
        "place": e.place, "evidence": _evidence(e.evidence, claims, texts), "confidence": e.confidence,
    }


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


def asof(store: Store, day: dt.date) -> dict[str, Any]:
    claims = _claims_by_id(store)
    return {"date": day.isoformat(), "relations": [fact_dict(f, claims) for f in store.facts_asof(day)]}


def timeline(store: Store, e: Entity) -> dict[str, Any]:
    claims = _claims_by_id(store)
    events = sorted(store.events_of(e.id), key=lambda v: _sort_date(v.date))
    return {"entity": entity_dict(e), "events": [event_dict(v, claims) for v in events]}


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
    allies = sorted({(f.object if f.subject == e.id else f.subject) for f in facts if f.type == "allied_with"} - {None})
    rivals = sorted({(f.object if f.subject == e.id else f.subject) for f in facts if f.type == "opposed_to"} - {None})
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
    for x, y in zip(nodes, nodes[1:], strict=False):
        edge = sorted(g.get_edge_data(x, y).keys())[0]
        steps.append(fact_dict(facts[edge], claims))
    names = {e.id: e.name for e in store.entities()}
    return {"from": a.id, "to": b.id, "date": day.isoformat() if day else None,
            "nodes": [{"id": n, "name": names.get(n)} for n in nodes], "relations": steps}


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Facts the sources disagree on: supported by some claims and denied by others."""
    claims = _claims_by_id(store)
    return [fact_dict(f, claims) for f in store.facts() if f.against]
