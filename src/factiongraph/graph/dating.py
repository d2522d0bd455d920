"""Corpus-level dating: other articles narrow the publication interval of an undated one (basis ``corpus``).

Two kinds of evidence, each giving a bound that the article's own text did not:

- **The same happening.** An undated article that reports an event (same
  type, at least two participants in common) which a dated article dates
  cannot have been published before that event: a lower bound.
- **A state that others date.** An undated article that states a relation in
  the present ("PSP leader Mustafa Kamal") was published while the relation
  held: not before the relation began, not after it ended, when other
  articles date that beginning or end.

The interval only ever narrows, each bound is written into the evidence, and a
bound that would contradict the article's own interval is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..model import Article, Claim, Fact, Interval
from .consolidate import Context, fact_key


def corpus_dates(articles: Iterable[Article], claims: Iterable[Claim], facts: Iterable[Fact],
                 entity_of: Mapping[str, str], entity_type: Mapping[str, str]) -> list[Article]:
    arts = {a.id: a for a in articles}
    claims = list(claims)
    claim_article = {c.id: c.article_id for c in claims}
    by_key: dict[tuple[str, str, str | None, str | None], Fact] = {}
    ctx = Context(entity_of, entity_type, arts)
    facts = list(facts)
    fact_by_id = {f.id: f for f in facts}
    for c in claims:
        k = fact_key(c, ctx)
        if k is not None:
            for f in facts:
                if c.id in f.evidence:
                    by_key[k] = fact_by_id[f.id]
                    break
    events: dict[str, list[tuple[str, frozenset[str], Interval | None]]] = {}
    for c in claims:
        if c.kind == "event" and c.status == "occurred":
            parts = frozenset(entity_of[m] for m in c.participants if m in entity_of)
            events.setdefault(c.article_id, []).append((c.type, parts, c.date))
    changed = []
    for aid, a in sorted(arts.items()):
        if a.basis in ("header", "metadata") or a.published.is_exact:
            continue
        bound = Interval.unknown()
        why: list[str] = []
        for etype, parts, _ in events.get(aid, []):
            for other, items in events.items():
                o = arts.get(other)
                if other == aid or o is None or o.basis not in ("header", "metadata"):
                    continue
                for etype2, parts2, date2 in items:
                    if etype2 == etype and len(parts & parts2) >= 2 and date2 is not None and date2.earliest:
                        bound = _tighten(bound, Interval(date2.earliest, None, "unknown"))
                        why.append(f"reports the {etype} that {o.source} dates {date2}")
        for c in claims:
            if c.article_id != aid or c.kind != "relation" or c.status != "occurred" or c.aspect != "holds":
                continue
            if c.date is not None and not c.date.is_unknown:
                continue
            k = fact_key(c, ctx)
            f = by_key.get(k) if k is not None else None
            if f is None:
                continue
            if f.ended and f.end is not None and f.end.latest and any(claim_article.get(x) != aid for x in f.ended_by):
                bound = _tighten(bound, Interval(None, f.end.latest, "unknown"))
                why.append(f"states {c.type} in the present, which other articles end by {f.end.latest}")
        if bound.is_unknown:
            continue
        new = a.published.intersect(bound)
        if new is None or new == a.published:
            continue
        changed.append(replace(a, published=new, basis="corpus",
                               basis_evidence="; ".join(sorted(set(why)))[:500]))
    return changed


def _tighten(a: Interval, b: Interval) -> Interval:
    both = a.intersect(b)
    return both if both is not None else a
