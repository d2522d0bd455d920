"""Temporal expressions, their intervals, and publication dates.

find_timexes(text, anchor)     every date, duration, range and set in a text, as Intervals
infer_published(text, ...)     an article's publication interval from its own text
narrow_by_corpus(undated, cs)  that interval narrowed by constraints from other articles
"""

from factiongraph.temporal.lexicon import Lexicon, default_lexicon, load_lexicon
from factiongraph.temporal.published import infer_published, narrow_by_corpus
from factiongraph.temporal.timex import Timex, find_timexes, reanchor, resolve

__all__ = [
    "Lexicon",
    "Timex",
    "default_lexicon",
    "find_timexes",
    "infer_published",
    "load_lexicon",
    "narrow_by_corpus",
    "reanchor",
    "resolve",
]
