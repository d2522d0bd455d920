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

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..model import Article, Claim, Fact, Interval, stable_id
from .consolidate import Context, fact_key


def corpus_dates(undated: Iterable[Article], claims: Iterable[Claim], facts: Mapping[str, Fact],
                 claim_article: Mapping[str, str], entity_of: Mapping[str, str],
                 entity_type: Mapping[str, str]) -> list[Article]:
    """New intervals for the undated articles whose stated present other articles end.

    ``claims`` are the claims of the ``undated`` articles; ``facts`` holds (at least) the facts
    those claims support, by id; ``claim_article`` gives the article of every claim that ends one
    of those facts.
    """
    arts = {a.id: a for a in undated}
    ctx = Context(entity_of, entity_type, arts)
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_article[c.article_id].append(c)
    changed = []
    for aid, a in sorted(arts.items()):
        if a.basis in ("header", "metadata") or a.published.is_exact:
            continue
        bound = Interval.unknown()
        why: list[str] = []
        for c in by_article.get(aid, ()):
            if c.kind != "relation" or c.status != "occurred" or c.aspect != "holds":
                continue
            if c.date is not None and not c.date.is_unknown:
                continue
            key = fact_key(c, ctx)
            f = facts.get(stable_id("f", *key)) if key is not None else None
            if f is None or c.id not in f.evidence:
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


def ends_earlier(old: Fact | None, new: Fact) -> bool:
    """Whether the fact now ends before it did (or ends, where it did not or was not stored): every undated
    article stating it in the present may be dated anew. An interval only narrows, so an end that moved
    later or went away changes no article."""
    latest = new.end.latest if new.ended and new.end is not None else None
    if latest is None:
        return False
    was = old.end.latest if old is not None and old.ended and old.end is not None else None
    return was is None or latest < was


def former_enders(old: Fact | None, new: Fact) -> list[str]:
    """The claims that ended the fact before, when others end it now: an article stating the fact is bounded
    only by other articles' endings, so the articles of the earlier enders may now be bounded."""
    if old is None or not old.ended_by or set(new.ended_by) <= set(old.ended_by):
        return []
    return list(old.ended_by)


def wanted_facts(claims: Iterable[Claim], entity_of: Mapping[str, str],
                 entity_type: Mapping[str, str]) -> set[str]:
    """The ids of the facts these claims would support (what :func:`corpus_dates` reads)."""
    ctx = Context(entity_of, entity_type, {})
    keys = (fact_key(c, ctx) for c in claims if c.kind == "relation")
    return {stable_id("f", *k) for k in keys if k is not None}


def _tighten(a: Interval, b: Interval) -> Interval:
    both = a.intersect(b)
    return both if both is not None else a
