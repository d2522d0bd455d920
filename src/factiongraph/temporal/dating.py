"""Dating one article: its publication interval and a date for every statement in it.

The glue between the temporal grammar (:func:`find_timexes`), publication
date inference (:func:`infer_published`) and the extraction stage, which asks
``date_of(sentence, token)`` for the date of a trigger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Span

from ..model import Article, Interval

NEAR = 60  # characters: a date further from the trigger than this is about something else
DateOf = Callable[[Span, int], tuple[Interval | None, str | None]]


@dataclass
class Dated:
    article: Article
    date_of: DateOf


def date_article(article: Article, text: str, *, dayfirst: bool = True) -> Dated:
    """Infer the article's publication date when no header or metadata gave it, and date its sentences."""
    from . import find_timexes, infer_published

    known = article.published if article.basis in ("header", "metadata") else None
    timexes = find_timexes(text, known, dayfirst=dayfirst)
    if known is None or not known.is_exact:
        iv, basis, evidence = infer_published(text, timexes, known=known)
        if known is None or iv != known:
            article = replace(article, published=iv, basis=basis if not iv.is_unknown else "unknown",
                              basis_evidence=evidence)
    anchor = article.published if not article.published.is_unknown else None
    resolved = [(t, t.resolve(anchor)) for t in timexes if t.kind in ("date", "range")]

    def date_of(sent: Span, token_i: int) -> tuple[Interval | None, str | None]:
        lo, hi = sent.start_char, sent.end_char
        at = sent.doc[token_i].idx if 0 <= token_i < len(sent.doc) else lo
        best = None
        for t, value in resolved:
            if t.start >= lo and t.end <= hi and not value.is_unknown:
                d = t.start - at if t.start >= at else at - t.end
                if d > NEAR:
                    continue
                if best is None or d < best[0]:
                    best = (d, t, value)
        if best is None:
            return None, None
        _, t, value = best
        if t.mod == "before":
            value = Interval(None, value.latest, value.precision, value.anchor)
        elif t.mod in ("after", "since"):
            value = Interval(value.earliest, None, value.precision, value.anchor)
        return value, t.text

    return Dated(article, date_of)
