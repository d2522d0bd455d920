"""Corpus-level dating: an undated article that reports what a dated one reports gets a narrower interval.

Two articles report the same happening when they have an event claim of the
same type whose participants resolve to the same entities (at least two in
common). The undated article's publication interval is then intersected
with "on or after the earliest date the dated report allows" — it cannot
report a happening before it happened — and the basis becomes ``corpus``.
The interval only ever narrows, and never to a date the evidence excludes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..model import Article, Claim, Interval


def corpus_dates(articles: Iterable[Article], claims: Iterable[Claim], entity_of: Mapping[str, str]) -> list[Article]:
    arts = {a.id: a for a in articles}
    by_article: dict[str, list[tuple[str, frozenset[str], Interval | None]]] = {}
    for c in claims:
        if c.kind != "event" or c.status != "occurred":
            continue
        parts = frozenset(entity_of[m] for m in c.participants if m in entity_of)
        by_article.setdefault(c.article_id, []).append((c.type, parts, c.date))
    changed = []
    for aid, a in sorted(arts.items()):
        if a.basis in ("header", "metadata") or a.published.is_exact:
            continue
        lows = []
        evidence = []
        for etype, parts, _ in by_article.get(aid, []):
            for other, items in by_article.items():
                o = arts.get(other)
                if other == aid or o is None or o.basis not in ("header", "metadata"):
                    continue
                for etype2, parts2, date2 in items:
                    if etype2 == etype and len(parts & parts2) >= 2 and date2 is not None and date2.earliest:
                        lows.append(date2.earliest)
                        evidence.append(f"reports the {etype} that {o.source} dates {date2}")
        if not lows:
            continue
        low = min(lows)
        new = a.published.intersect(Interval(low, None, "unknown"))
        if new is None or new == a.published:
            continue
        changed.append(replace(a, published=new, basis="corpus", basis_evidence="; ".join(sorted(set(evidence)))[:500]))
    return changed
