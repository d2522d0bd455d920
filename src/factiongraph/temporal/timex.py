"""Find temporal expressions in a text and resolve them to intervals.

``find_timexes(text, anchor)`` runs the grammar (``grammar.py``), keeps the longest of
overlapping matches, joins "X to Y" into ranges, reads "since/until/before..." into ``mod``
and resolves every expression against the anchor, an :class:`Interval` that may itself be
uncertain: a relative expression against ``[a, b]`` lies in ``[value(a).earliest,
value(b).latest]``, against an unknown anchor it is unknown, and an absolute one needs no
anchor at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from factiongraph.model import Interval
from factiongraph.temporal.calendar import Resolver, yearless
from factiongraph.temporal.grammar import (
    Candidate,
    Context,
    Handler,
    Scanner,
    coarser,
    grammar_for,
    with_year,
)
from factiongraph.temporal.lexicon import Lexicon, alternation, default_lexicon
from factiongraph.temporal.tense import TenseReader, cue_pattern

KINDS = ("date", "duration", "range", "set")
MODS = ("at", "before", "after", "start", "end", "approx", "since", "until")

_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|(?i:to|until|till|through|and))\s*")
_RANGE_FROM = re.compile(r"(?i:\b(from|between))\s+$")
_MOD_PATTERNS: dict[int, re.Pattern[str]] = {}


def _mod_pattern(lex: Lexicon) -> re.Pattern[str]:
    """The signal words of ``mod_cues`` just before an expression ("since", "until", "by")."""
    if id(lex) not in _MOD_PATTERNS:
        _MOD_PATTERNS[id(lex)] = re.compile(rf"(?i:\b({alternation(list(lex.mod_cues))}))\s+$")
    return _MOD_PATTERNS[id(lex)]


@dataclass(frozen=True)
class Timex:
    """A temporal expression: where it is, what it says, and the interval it denotes.

    ``value`` is resolved against the anchor given to :func:`find_timexes`; ``resolver``
    (when the expression is relative) gives the value against any other anchor date, which is
    how :func:`~factiongraph.temporal.published.infer_published` reasons about unknown dates.
    For durations ``value`` is, when the text ties it to the anchor, the interval in which the
    state began ("for more than six months" + present perfect) or ends ("another 10 days"),
    and ``duration_days`` the length in days (``None`` = open).
    """

    start: int
    end: int
    text: str
    value: Interval
    kind: str = "date"  # one of KINDS
    precision: str = "unknown"  # how the expression was stated, even when its value is unknown
    mod: str | None = None  # one of MODS
    duration_days: tuple[int | None, int | None] | None = None
    tense: str | None = None  # past | perfect | future | None, read from the clause
    absolute: bool = True  # False: the value depends on the anchor
    weekday: int | None = None  # the weekday the expression asserts (Monday = 0)
    year: int | None = None  # the year written in the expression, if any
    yearless: bool = False  # a calendar date written without its year ("January 31")
    rule: str = ""
    resolver: Resolver | None = field(default=None, repr=False, compare=False)

    def resolve(self, anchor: Interval | None) -> Interval:
        """The value of this expression against another anchor."""
        if self.resolver is None:
            return self.value
        return resolve(self.resolver, anchor, self.precision)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value.to_dict(),
            "kind": self.kind,
            "precision": self.precision,
            "mod": self.mod,
            "duration_days": list(self.duration_days) if self.duration_days else None,
            "tense": self.tense,
            "absolute": self.absolute,
            "weekday": self.weekday,
            "year": self.year,
            "yearless": self.yearless,
            "rule": self.rule,
        }


def resolve(resolver: Resolver, anchor: Interval | None, precision: str) -> Interval:
    """Resolve a relative expression against a possibly uncertain anchor.

    Resolvers never move backwards when the anchor moves forwards, so the value against
    ``[a, b]`` is ``[resolver(a).earliest, resolver(b).latest]``; an open end stays open.
    """
    if anchor is None or anchor.is_unknown:
        return Interval.unknown()
    lo = resolver(anchor.earliest)[0] if anchor.earliest is not None else None
    hi = resolver(anchor.latest)[1] if anchor.latest is not None else None
    if lo is None and hi is None:
        return Interval.unknown()
    return Interval(lo, hi, precision, anchor.latest or anchor.earliest)


def _candidates(
    text: str, ctx: Context, rules: list[tuple[str, re.Pattern[str], Handler]], scanner: Scanner
) -> list[Candidate]:
    """Every rule's matches, rule by rule, in text order (each rule tried only near its words)."""
    found: list[Candidate] = []
    for name, pattern, handler in rules:
        for m in scanner.finditer(name, pattern):
            c = handler(m, ctx)
            if c is not None and c.end > c.start:
                found.append(c)
    return found


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates (the earlier rule wins a tie)."""
    order = sorted(range(len(cands)), key=lambda i: (-(cands[i].end - cands[i].start), i))
    kept: list[Candidate] = []
    for i in order:
        c = cands[i]
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _yearless_range(left: Candidate, right: Candidate, ctx: Context) -> Candidate | None:
    """ "between March and May": one yearless span, the end in the same year or the next."""
    ls, rs = left.year_span, right.year_span
    if ls is None or rs is None:
        return None

    def span(year: int) -> tuple[dt.date, dt.date] | None:
        a = ls(year)
        if a is None:
            return None
        for y in (year, year + 1):
            b = rs(y)
            if b is not None and b[1] >= a[0]:
                return a[0], b[1]
        return None

    precision = coarser(left.precision, right.precision)
    tense = ctx.tense(left.start, right.end)
    return Candidate(
        left.start,
        right.end,
        "range",
        kind="range",
        precision=precision,
        resolver=yearless(span, tense, ctx.lex.future_preference, whole=True),
        year_span=span,
    )


def _join(left: Candidate, right: Candidate, ctx: Context) -> Candidate | None:
    """One range from two dates ("from January to March 2023", "between Monday and Wednesday")."""
    if left.kind != "date" or right.kind != "date":
        return None
    if (
        left.fixed is None
        and right.fixed is None
        and left.year_span is not None
        and right.year_span is not None
    ):
        return _yearless_range(left, right, ctx)
    if (
        left.fixed is None
        and right.fixed is not None
        and right.year is not None
        and left.year_span is not None
    ):
        fixed_left = with_year(left, right.year)
        if (
            fixed_left is not None
            and fixed_left.fixed is not None
            and right.fixed.earliest is not None
            and fixed_left.fixed.earliest is not None
            and fixed_left.fixed.earliest > right.fixed.earliest
        ):
            fixed_left = with_year(left, right.year - 1)
        if fixed_left is None:
            return None
        left = fixed_left
    precision = coarser(left.precision, right.precision)
    if left.fixed is not None and right.fixed is not None:
        lo, hi = left.fixed.earliest, right.fixed.latest
        if lo is None or hi is None or hi < lo:
            return None
        return Candidate(
            left.start,
            right.end,
            "range",
            kind="range",
            precision=precision,
            fixed=Interval(lo, hi, precision),
            year=left.year or right.year,
        )
    if left.resolver is not None and right.resolver is not None:
        lres, rres = left.resolver, right.resolver

        def resolve(a: dt.date) -> tuple[dt.date | None, dt.date | None]:
            return lres(a)[0], rres(a)[1]

        return Candidate(left.start, right.end, "range", kind="range", precision=precision, resolver=resolve)
    return None


def _ranges(text: str, cands: list[Candidate], ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if i + 1 < len(cands):
            nxt = cands[i + 1]
            gap = text[c.end : nxt.start]
            joiner = _RANGE_JOIN.fullmatch(gap)
            opener = _RANGE_FROM.search(text[max(0, c.start - 12) : c.start])
            word = gap.strip().lower()
            ok = joiner is not None and (
                word != "and" or (opener is not None and opener.group(1).lower() == "between")
            )
            joined = _join(c, nxt, ctx) if ok else None
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _mod(text: str, c: Candidate, lex: Lexicon) -> str | None:
    if c.mod is not None or c.kind not in ("date", "range"):
        return c.mod
    m = _mod_pattern(lex).search(text[max(0, c.start - 20) : c.start])
    if m is None:
        return None
    word = " ".join(m.group(1).lower().split())
    if word == "from" and c.kind == "range":
        return None
    return lex.mod_cues.get(word)


def _timex(text: str, c: Candidate, anchor: Interval | None, lex: Lexicon, ctx: Context) -> Timex:
    if c.fixed is not None:
        value = c.fixed
    elif c.resolver is not None:
        value = resolve(c.resolver, anchor, c.precision)
    else:
        value = Interval.unknown()
    return Timex(
        start=c.start,
        end=c.end,
        text=text[c.start : c.end],
        value=value,
        kind=c.kind,
        precision=c.precision,
        mod=_mod(text, c, lex),
        duration_days=c.duration_days,
        tense=c.tense or ctx.tense(c.start, c.end),
        absolute=c.fixed is not None,
        weekday=c.weekday,
        year=c.year,
        yearless=c.year_span is not None and c.fixed is None,
        rule=c.rule,
        resolver=c.resolver if c.fixed is None else None,
    )


def find_timexes(
    text: str,
    anchor: Interval | None = None,
    *,
    dayfirst: bool = True,
    future: bool | None = None,
    lexicon: Lexicon | None = None,
) -> list[Timex]:
    """Every temporal expression in ``text``, resolved against ``anchor``.

    ``dayfirst`` reads "12/01/2023" as 12 January (South Asian and British usage); ``future``
    forces the tense used for weekdays and yearless dates (``None``: read it from the clause).
    """
    lex = lexicon or default_lexicon()
    grammar = grammar_for(lex)
    rules = grammar.active_rules(text)
    if not rules:
        return []
    reader = TenseReader(text, lex, cue_pattern(lex))
    ctx = Context(text, lex, dayfirst, future, reader)
    cands = _ranges(text, _select(_candidates(text, ctx, rules, Scanner(grammar, text))), ctx)
    return [_timex(text, c, anchor, lex, ctx) for c in cands]


def reanchor(timexes: list[Timex], anchor: Interval | None) -> list[Timex]:
    """The same expressions resolved against another anchor (absolute ones are unchanged)."""
    return [t if t.resolver is None else replace(t, value=t.resolve(anchor)) for t in timexes]
