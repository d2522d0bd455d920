"""Corpus-level dating: other articles narrow the publication interval of an undated one (basis ``corpus``).

One kind of evidence so far: **a state that others date.** An undated
article that states a relation in the present ("party leader X", with no date of its own)
was published while the relation held: not after other articles end it.

(Matching "the same happening" across articles by type and participants is
not used: parties meet, merge and split with the same partners many times,
so such a match can put an article in the wrong year.)

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
    ctx = Context(entity_of, entity_type, arts)
    fact_of_claim = {cid: f for f in facts for cid in f.evidence}
    changed = []
    for aid, a in sorted(arts.items()):
        if a.basis in ("header", "metadata") or a.published.is_exact:
            continue
        bound = Interval.unknown()
        why: list[str] = []
        for c in claims:
            if c.article_id != aid or c.kind != "relation" or c.status != "occurred" or c.aspect != "holds":
                continue
            if c.date is not None and not c.date.is_unknown:
                continue
            held = fact_of_claim.get(c.id) if fact_key(c, ctx) is not None else None
            if held is None:
                continue
            f = held
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
