"""Dating one article: its publication interval and a date for every statement in it.

The glue between the temporal grammar (:func:`find_timexes`), publication date inference
(:func:`infer_published`) and the extraction stage, which asks ``date_of(sentence, token)`` for
the date of a trigger. A trigger takes the date of the nearest *date source* in its sentence
(within ``near_chars``). Sources are:

1. **Temporal expressions** with a known value ("on 12 January", "on Monday"); "before X" keeps
   only the latest end, "after/since X" only the earliest.
2. **Temporal anaphora** ("at the same time", "the same evening"): the value of the last source
   before it in the same sentence, or in the sentence just before it in the same paragraph.
   "Two days later" / "a day earlier" refer back the same way, shifted by their duration.
3. **Anchored durations** ("took charge on Monday, almost two weeks after he was sworn in"): the
   clause that "D after" / "D before" governs (up to the next comma) lies D before / after the
   date of the rest of the sentence, and the other way round when the date is inside the clause
   ("resigned two days after the 8 February election"). A date inside such a clause dates only
   the events of that clause.

Everything else stays undated here: the graph bounds an undated event by its article's
publication interval (an event that occurred is no later than its latest end, a planned one no
earlier than its earliest), since only it knows the event's status.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Span

from ..model import Article, Interval
from .lexicon import Lexicon, alternation, default_lexicon
from .published import precision_of
from .tense import TenseReader, cue_pattern
from .timex import Timex

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "temporal" / "dating.yaml"
DateOf = Callable[[Span, int], tuple[Interval | None, str | None]]

_CLAUSE_END = re.compile(r"[,;:()\n]|[.!?](?=\s|$)|\s[–—-]\s")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_LAST_WORD = re.compile(r"(\w+)\s*$")


@dataclass(frozen=True)
class DatingRules:
    """The conventions of ``data/temporal/dating.yaml``."""

    near_chars: int
    anaphora: dict[str, int]  # "at the same time" -> 0, "the next day" -> 1 (days after the time referred to)
    anchored_signals: dict[str, str]  # word after a duration -> side of the governed event (before | after)
    shifted_anaphora: dict[str, str]  # "later" / "earlier" -> side of the event from the time referred to
    approximate_share: float
    undated_event_days: int | None = None  # how far before publication an undated happening may lie

    @functools.cached_property
    def anaphora_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?i:{alternation(list(self.anaphora))})(?![\w-])")

    def offset(self, phrase: str) -> int:
        return self.anaphora[" ".join(phrase.lower().split())]


def load_dating_rules(path: Path | str | None = None) -> DatingRules:
    """Read a dating rules file (the packaged one by default)."""
    raw: dict[str, Any] = yaml.safe_load(Path(path or DATA_FILE).read_text(encoding="utf-8"))
    return DatingRules(
        near_chars=int(raw["near_chars"]),
        anaphora={" ".join(str(k).lower().split()): int(v) for k, v in raw.get("anaphora", {}).items()},
        anchored_signals={str(k).lower(): str(v) for k, v in raw.get("anchored_signals", {}).items()},
        shifted_anaphora={str(k).lower(): str(v) for k, v in raw.get("shifted_anaphora", {}).items()},
        approximate_share=float(raw.get("approximate_share", 0.0)),
        undated_event_days=int(raw["undated_event_days"]) if raw.get("undated_event_days") is not None else None,
    )


@functools.cache
def default_dating_rules() -> DatingRules:
    """The packaged rules, read once per process."""
    return load_dating_rules()


@dataclass(frozen=True)
class Source:
    """A stretch of text that dates the statements near it; ``text`` is what the claim cites."""

    start: int
    end: int
    value: Interval
    text: str


@dataclass(frozen=True)
class Scope:
    """A clause governed by an anchored duration: its events lie ``value`` (``None``: unknown)."""

    start: int
    end: int
    value: Interval | None
    text: str

    def holds(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@dataclass
class Dated:
    """An article with its publication interval settled, and the function that dates its triggers."""

    article: Article
    date_of: DateOf


def _with_mod(t: Timex, value: Interval) -> Interval:
    """ "before X" is bounded only by X's latest end, "after/since X" only by its earliest."""
    if t.mod == "before":
        return Interval(None, value.latest, value.precision, value.anchor)
    if t.mod in ("after", "since"):
        return Interval(value.earliest, None, value.precision, value.anchor)
    return value


def _shift(value: Interval, days: tuple[int | None, int | None], side: str, share: float) -> Interval | None:
    """The interval ``days`` before (``side`` = before) or after ``value``; an open duration opens that end."""
    lo, hi = days
    if share:
        lo = int(lo * (1 - share)) if lo is not None else None
        hi = int(hi * (1 + share) + 0.999) if hi is not None else None
    lo = lo or 0

    def move(d: dt.date | None, n: int | None) -> dt.date | None:
        if d is None or n is None:
            return None
        return d - dt.timedelta(days=n) if side == "before" else d + dt.timedelta(days=n)

    if side == "before":
        earliest, latest = move(value.earliest, hi), move(value.latest, lo)
    else:
        earliest, latest = move(value.earliest, lo), move(value.latest, hi)
    if earliest is None and latest is None:
        return None
    return Interval(earliest, latest, precision_of(earliest, latest), value.anchor)


def _signal(text: str, t: Timex, words: dict[str, str]) -> tuple[str, int] | None:
    """The signal word ending a duration ("two days after") or just after it, and where it ends."""
    last = _LAST_WORD.search(t.text)
    if last is not None and last.group(1).lower() in words:
        return last.group(1).lower(), t.end
    nxt = _NEXT_WORD.match(text, t.end)
    if nxt is not None and nxt.group(1).lower() in words:
        return nxt.group(1).lower(), nxt.end()
    return None


@dataclass
class DateSources:
    """All date sources of one text and the scopes of its anchored durations."""

    text: str
    reader: TenseReader
    rules: DatingRules
    sources: list[Source]
    scopes: list[Scope]

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.reader.sentence(pos)

    def scope_of(self, start: int, end: int) -> Scope | None:
        inside = [s for s in self.scopes if s.holds(start, end)]
        return min(inside, key=lambda s: s.end - s.start) if inside else None

    def antecedent(self, pos: int) -> Source | None:
        """The last source before ``pos`` in its sentence or the one before, within the paragraph."""
        start, _ = self.sentence(pos)
        prev_start, _ = self.sentence(start - 1) if start > 0 else (start, start)
        before = [s for s in self.sources if s.end <= pos and s.start >= prev_start]
        before = [s for s in before if "\n" not in self.text[s.end : pos]]
        return max(before, key=lambda s: s.end) if before else None

    def nearest(self, pos: int, lo: int, hi: int, scope: Scope | None, limit: int | None) -> Source | None:
        best: tuple[int, Source] | None = None
        for s in self.sources:
            if s.start < lo or s.end > hi or (self.scopes and self.scope_of(s.start, s.end) is not scope):
                continue
            d = s.start - pos if s.start >= pos else max(0, pos - s.end)
            if limit is not None and d > limit:
                continue
            if best is None or d < best[0]:
                best = (d, s)
        return best[1] if best else None


def _anaphora(found: DateSources, timexes: list[Timex]) -> None:
    """Rule 2: "at the same time", "two days later" take the time they refer back to."""
    rules = found.rules
    refs: list[tuple[int, int, tuple[int | None, int | None], str]] = []
    for m in rules.anaphora_pattern.finditer(found.text):
        n = rules.offset(m.group(0))
        refs.append((m.start(), m.end(), (abs(n), abs(n)), "before" if n < 0 else "after"))
    for t in timexes:
        if t.kind == "duration" and t.duration_days is not None:
            sig = _signal(found.text, t, rules.shifted_anaphora)
            if sig is not None:
                refs.append((t.start, sig[1], t.duration_days, rules.shifted_anaphora[sig[0]]))
    for start, end, days, side in sorted(refs):
        ante = found.antecedent(start)
        if ante is None:
            continue
        value = _shift(ante.value, days, side, 0.0)
        if value is not None:
            found.sources.append(Source(start, end, value, f"{found.text[start:end]} ({ante.text})"))


def _anchored(found: DateSources, timexes: list[Timex]) -> None:
    """Rule 3: "on Monday, two weeks after he was sworn in"; "resigned two days after the election"."""
    rules, text = found.rules, found.text
    for t in timexes:
        if t.kind != "duration" or t.duration_days is None:
            continue
        sig = _signal(text, t, rules.anchored_signals)
        if sig is None:
            continue
        word, begin = sig
        side = rules.anchored_signals[word]
        s_lo, s_hi = found.sentence(t.start)
        stop = _CLAUSE_END.search(text, begin, s_hi)
        end = stop.start() if stop is not None else s_hi
        share = rules.approximate_share if t.mod == "approx" else 0.0
        inner = [s for s in found.sources if begin <= s.start and s.end <= end]
        outer = [s for s in found.sources if s_lo <= s.start and s.end <= s_hi and not (begin <= s.start < end)
                 and not (t.start <= s.start < begin)]
        anchor = min(outer, key=lambda s: min(abs(s.start - t.end), abs(t.start - s.end)), default=None)
        value = _shift(anchor.value, t.duration_days, side, share) if anchor is not None else None
        said = text[t.start : begin]
        found.scopes.append(Scope(begin, end, value, f"{said} ({anchor.text})" if anchor else said))
        if inner:
            back = _shift(inner[0].value, t.duration_days, "after" if side == "before" else "before", share)
            if back is not None:
                found.sources.append(Source(t.start, begin, back, f"{text[t.start:begin]} ({inner[0].text})"))


def date_sources(text: str, timexes: list[Timex], anchor: Interval | None, *,
                 rules: DatingRules | None = None, lexicon: Lexicon | None = None) -> DateSources:
    """Every source that can date a statement of ``text``, its expressions resolved against ``anchor``."""
    rules = rules or default_dating_rules()
    lex = lexicon or default_lexicon()
    timexes = sorted(timexes, key=lambda t: t.start)
    # "two days after the election on 8 February": the "after" is the duration's, not the date's mod
    signal_ends = {sig[1] for t in timexes if t.kind == "duration"
                   if (sig := _signal(text, t, rules.anchored_signals)) is not None}
    sources = []
    for t in timexes:
        value = t.resolve(anchor) if t.kind in ("date", "range") else Interval.unknown()
        signalled = any(e <= t.start and not text[e : t.start].strip() for e in signal_ends)
        if not signalled:
            value = _with_mod(t, value)
        if not value.is_unknown:
            sources.append(Source(t.start, t.end, value, t.text))
    found = DateSources(text, TenseReader(text, lex, cue_pattern(lex)), rules, sources, [])
    _anaphora(found, timexes)
    _anchored(found, timexes)
    found.sources.sort(key=lambda s: s.start)
    return found


def date_finder(found: DateSources) -> DateOf:
    """``date_of(sentence, token_i)``: the date of the trigger at ``token_i`` and the words that give it."""

    def date_of(sent: Span, token_i: int) -> tuple[Interval | None, str | None]:
        lo, hi = sent.start_char, sent.end_char
        doc = sent.doc
        if 0 <= token_i < len(doc):
            token = doc[token_i]
            at, end = token.idx, token.idx + len(token)
        else:
            at = end = lo
        scope = found.scope_of(at, end)
        best = found.nearest(at, lo, hi, scope, found.rules.near_chars)
        if best is not None:
            return best.value, best.text
        if scope is not None and scope.value is not None:
            return scope.value, scope.text
        return None, None

    return date_of


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
    return Dated(article, date_finder(date_sources(text, timexes, anchor)))


