"""The grammar of temporal expressions: one compiled regex per rule, one handler per regex.

A handler turns a match into a :class:`Candidate`: where the expression is, what kind it is,
and either its fixed value (absolute dates) or a *resolver* (see ``calendar``) that computes
its value from an anchor date. Candidates do not depend on the anchor, so an article's
expressions can be resolved again when its publication date becomes better known.

Rules are tried independently; overlaps are settled afterwards (the longest span wins), and
adjacent candidates joined by "to", "-", "between ... and" become ranges.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from re import _constants as sre  # type: ignore[attr-defined]  # a parsed pattern: how far a match reaches
from re import _parser as sre_parse  # type: ignore[attr-defined]

from factiongraph.model import Interval
from factiongraph.temporal import calendar as cal
from factiongraph.temporal.calendar import Resolver, Span, YearSpan
from factiongraph.temporal.lexicon import Lexicon, alternation
from factiongraph.temporal.tense import TenseReader

UNIT_PRECISION = {
    "hour": "day",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "decade": "decade",
    "quarter": "quarter",
    "fortnight": "week",
    "weekend": "week",
}
_TOKEN = re.compile(r"[A-Za-z]+|\d")
_FISCAL = re.compile(r"(?i:\b(?:fiscal|financial)\s+year|\bFY|\bbudget\s+(?:for|of))\s*$")

# The head-word kinds (see ``Grammar.features``) a rule needs before it is worth running.
NEEDS: dict[str, frozenset[str]] = {
    name: frozenset(needs.split())
    for name, needs in {
        "iso": "digit",
        "numeric": "digit",
        "dmy": "digit month",
        "mdy": "digit month",
        "dayrange": "digit month",
        "dayrange_md": "digit month",
        "monthrange": "month",
        "month_year": "digit month",
        "month": "month",
        "week_of_month": "unit",
        "part_year": "digit rel",
        "part_rel": "rel unit",
        "season": "season",
        "year_season": "digit season",
        "quarter": "quarter",
        "decade": "digit",
        "year_range": "digit",
        "year": "digit",
        "deictic": "deictic",
        "weekday": "weekday",
        "rel_unit": "rel unit",
        "earlier_later": "rel unit",
        "ago": "unit",
        "past_n": "rel unit",
        "in_n": "unit",
        "rel_duration": "unit",
        "vague_rel": "unit",
        "duration": "unit",
        "vague_duration": "unit",
        "vague": "vague",
        "set": "set",
    }.items()
}
# Per rule, the anchors (``Grammar.anchors``) of which every match contains a hit, each of them: a rule need
# only be tried near the hits of its rarest anchor (see ``Scanner``). Most anchors are plain substrings
# (case-insensitive, no word boundaries), so their hits are a superset of where the rule's words stand. Two
# are narrower, and serve only rules whose words they still cover: "month", a month name as the rules write
# it (capitalised or upper-case, "Mar." too) at the end of a word, as every month of the rules is (they are
# followed by a non-word character); "unit_head", a time unit at the start of a word, for the rules whose
# unit follows a space or hyphen ("two days", "a 10-day"), which "Monday" and "today" are not.
ANCHORS: dict[str, tuple[str, ...]] = {
    "iso": ("digit",),
    "numeric": ("digit",),
    "dmy": ("digit", "month"),
    "mdy": ("digit", "month"),
    "dayrange": ("digit", "month"),
    "dayrange_md": ("digit", "month"),
    "monthrange": ("month",),
    "month_year": ("digit", "month"),
    "month": ("month",),
    "week_of_month": ("unit_head",),
    "part_year": ("digit",),
    "part_rel": ("unit_head",),
    "season": ("season",),
    "year_season": ("digit", "season"),
    "quarter": ("quarter",),
    "decade": ("digit",),
    "year_range": ("digit",),
    "year": ("digit",),
    "deictic": ("deictic",),
    "weekday": ("weekday",),
    "rel_unit": ("rel_unit",),
    "earlier_later": ("unit_head",),
    "ago": ("unit_head",),
    "past_n": ("unit_head",),
    "in_n": ("unit_head",),
    "rel_duration": ("unit_head",),
    "vague_rel": ("unit",),
    "duration": ("unit_head",),
    "vague_duration": ("unit_head",),
    "vague": ("vague",),
    "set": ("set",),
}
# Unbounded repeats in the rules are of these one-character classes only; a text whose runs of them are
# longer than ``MAX_RUN`` (or a rule with any other unbounded repeat) is scanned whole.
_RUNS = (re.compile(r"[\s-]{5,}"), re.compile(r"\d{5,}"))  # two scans: each is faster than their alternation
MAX_RUN = 64
WORD_ANCHORS = ("month", "unit", "unit_head", "season", "weekday", "rel_unit", "deictic", "vague", "set")
_WORD = re.compile(r"[A-Za-z]+")
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")  # the non-ASCII letters (?i:) matches to ASCII ones
_WORD_CACHE = 100_000  # distinct words whose anchors are kept
_SPACE_HYPHEN = frozenset({(sre.CATEGORY, sre.CATEGORY_SPACE), (sre.LITERAL, ord("-"))})
_DIGIT = frozenset({(sre.CATEGORY, sre.CATEGORY_DIGIT)})
PRECISION_RANK = {
    p: i for i, p in enumerate(("day", "week", "month", "season", "quarter", "year", "decade", "unknown"))
}


@dataclass
class Candidate:
    """A temporal expression found in a text, before it is resolved against an anchor."""

    start: int
    end: int
    rule: str
    kind: str = "date"
    precision: str = "unknown"
    mod: str | None = None
    fixed: Interval | None = None  # the value of an absolute expression
    resolver: Resolver | None = None  # the value of a relative one, given an anchor
    duration_days: tuple[int | None, int | None] | None = None
    weekday: int | None = None  # the weekday the expression asserts ("Monday", "today (Thursday)")
    year_span: YearSpan | None = None  # a yearless date's span in any year (for ranges)
    year: int | None = None  # the year stated explicitly, if any
    tense: str | None = None


@dataclass
class Context:
    """What handlers need besides the match: the text, the lexicon, options and tense."""

    text: str
    lex: Lexicon
    dayfirst: bool
    future: bool | None
    reader: TenseReader
    _tenses: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def tense(self, start: int, end: int) -> str | None:
        """The tense around ``[start, end)``; the caller's ``future`` hint wins when given."""
        if self.future is not None:
            return "future" if self.future else "past"
        key = (start, end)
        if key not in self._tenses:
            self._tenses[key] = self.reader.tense(start, end)
        return self._tenses[key]


Handler = Callable[[re.Match[str], Context], Candidate | None]


def _caps(words: tuple[str, ...] | list[str]) -> list[str]:
    return [v for w in words for v in (w.capitalize(), w.upper())]


def _ci(words: list[str] | tuple[str, ...]) -> str:
    return f"(?i:{alternation(list(words))})"


def fixed(start: dt.date, end: dt.date, precision: str) -> Interval:
    return Interval(start, end, precision, None)


class Grammar:
    """All rules, compiled once per lexicon."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        mon_full = alternation(_caps(lex.month_full))
        mon_abbr = alternation(_caps(lex.month_abbr))
        self.MON = rf"(?:{mon_full}|(?:{mon_abbr})\.?)(?![\w])"
        self.MONFULL = rf"(?:{mon_full})(?![\w])"
        self.WD = rf"(?:{alternation(_caps(lex.weekday_full))})(?![\w])"
        self.WDALL = (
            rf"(?:{alternation(_caps(lex.weekday_full))}|(?:{alternation(_caps(lex.weekday_abbr))})\.?)"
        )
        self.DAY = r"(?<![\d.,/])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
        self.YEAR = r"(?<![\w$£€#/.])(?:1[89]\d\d|20\d\d|21\d\d)(?![\w/]|[.,]\d)"
        units = alternation(list(lex.units))
        self.UNIT = rf"(?i:{units})(?![\w])"
        tens = [w for w, v in lex.numbers.items() if v >= 20 and v % 10 == 0 and v < 100]
        ones = [w for w, v in lex.numbers.items() if 1 <= v <= 9 and w not in ("a", "an")]
        words = [*lex.numbers, *lex.vague_numbers]
        num1 = rf"(?:\d+(?:\.\d+)?|(?i:(?:{alternation(tens)})[\s-](?:{alternation(ones)})|{alternation(words)}))"
        self.NUM = rf"(?<![\w.]){num1}(?:\s*(?:-|–|\bto\b|\bor\b)\s*{num1})?(?![\w])"
        self.PART = rf"(?:{_ci(['early', 'mid', 'late'])}|(?i:the\s+|at\s+the\s+)?(?i:beginning|start|middle|end)\s+of)"
        self.SEASON = _ci(list(lex.seasons))
        self.ORD = _ci(list(lex.ordinals))
        self.rules: list[tuple[str, re.Pattern[str], Handler]] = []
        self._build()
        self._words = self._feature_words()
        self.anchors = self._anchor_patterns()
        self._reach: dict[tuple[str, int], tuple[int, int] | None] = {}
        self._word_kinds: dict[str, tuple[str, ...]] = {}

    # ----------------------------------------------------------------- helpers
    def month(self, word: str) -> int:
        return self.lex.months[word.lower().rstrip(".")]

    def day(self, word: str) -> int:
        return int(re.sub(r"\D", "", word))

    def number(self, text: str) -> tuple[int, int | None] | None:
        """A number or a range of numbers ("10-15", "two or three", "a few")."""
        v = self.lex.number(text)
        if v is not None:
            return v
        parts = re.split(r"\s*(?:-|–|\bto\b|\bor\b)\s*", text.strip(), flags=re.IGNORECASE)
        if len(parts) != 2:
            return None
        a, b = self.lex.number(parts[0]), self.lex.number(parts[1])
        if a is None or b is None or b[0] < a[0]:
            return None
        return a[0], b[1]

    def unit(self, word: str) -> tuple[str, int]:
        return self.lex.units[word.lower()]

    def yearless(self, span: YearSpan, tense: str | None) -> Resolver:
        return cal.yearless(span, tense, self.lex.future_preference)

    def part(self, word: str) -> tuple[float, float, str]:
        w = word.lower().split()
        key = w[-2] if len(w) >= 2 and w[-1] == "of" else w[0]
        return self.lex.parts[key]

    # ----------------------------------------------------------------- rules
    def _add(self, name: str, pattern: str, handler: Handler, flags: int = 0) -> None:
        self.rules.append((name, re.compile(pattern, flags), handler))

    def _feature_words(self) -> dict[str, frozenset[str]]:
        """Head words and the kinds they count as (see ``NEEDS``); a word may count as several."""
        lex = self.lex
        classes = {
            "month": [*lex.month_full, *lex.month_abbr],
            "weekday": list(lex.weekday_full),
            "unit": [*lex.units, "weekend"],
            "season": list(lex.seasons),
            "deictic": [
                "today",
                "tonight",
                "yesterday",
                "tomorrow",
                "now",
                "currently",
                "present",
                "presently",
                "nowadays",
                "these",
                "night",
                "morning",
                "afternoon",
                "evening",
            ],
            "vague": ["recent", "recently", "lately", "future", "past", "soon", "shortly", "coming", "next"],
            "quarter": ["quarter", "q"],
            "set": ["every", "each", "daily", "weekly", "monthly", "annually", "yearly", "fortnightly"],
            "rel": [
                "last",
                "next",
                "this",
                "earlier",
                "later",
                "past",
                "previous",
                "coming",
                "following",
                "same",
                "early",
                "mid",
                "late",
                "beginning",
                "start",
                "middle",
                "end",
                "current",
                "the",
            ],
        }
        words: dict[str, set[str]] = {}
        for kind, ws in classes.items():
            for w in ws:
                words.setdefault(w.lower(), set()).add(kind)
        return {w: frozenset(k) for w, k in words.items()}

    def features(self, text: str) -> set[str]:
        """The head-word kinds present in ``text`` ("digit" for any digit)."""
        have: set[str] = set()
        words = self._words
        for tok in set(_TOKEN.findall(text)):  # each distinct token once
            if tok[0].isdigit():
                have.add("digit")
            else:
                kinds = words.get(tok.lower())
                if kinds:
                    have |= kinds
        return have

    def _anchor_patterns(self) -> dict[str, re.Pattern[str]]:
        """The anchors of ``ANCHORS``: substrings that the rules' own words contain (two of them placed, see
        ``ANCHORS``)."""
        lex = self.lex
        words = {
            "month": [*lex.month_full, *lex.month_abbr],
            "unit": list(lex.units),
            "season": list(lex.seasons),
            "weekday": list(lex.weekday_full),
            "quarter": ["quarter"],
            "rel_unit": ["week", "month", "year", "quarter", "decade", "fortnight", "day"],
            "deictic": ["day", "night", "morning", "afternoon", "evening", "tomorrow", "now", "present", "current"],
            "vague": ["recent", "lately", "future", "coming", "next", "past", "shortly", "soon"],
            "set": ["every", "each", "daily", "weekly", "monthly", "annually", "yearly", "fortnightly"],
        }
        out = {kind: re.compile(f"(?i:{alternation(ws)})") for kind, ws in words.items()}
        out["digit"] = re.compile(r"\d")
        out["quarter"] = re.compile(r"(?i:q[1-4]|quarter)")
        # the narrower two (see ``ANCHORS``); searched inside one word, they hit at its end and its start
        out["month"] = re.compile(rf"(?:{alternation(_caps(words['month']))})(?![A-Za-z])")
        out["unit_head"] = re.compile(rf"(?<![A-Za-z])(?i:{alternation(words['unit'])})")
        return out

    def word_anchors(self, word: str) -> tuple[str, ...]:
        """The word anchors (``WORD_ANCHORS``) that hit inside a run of ASCII letters."""
        kinds = self._word_kinds.get(word)
        if kinds is None:
            if len(self._word_kinds) >= _WORD_CACHE:
                self._word_kinds.clear()
            kinds = tuple(k for k in WORD_ANCHORS if self.anchors[k].search(word))
            self._word_kinds[word] = kinds
        return kinds

    def reach(self, rule: str, pattern: re.Pattern[str], run: int) -> tuple[int, int] | None:
        """How long a match of ``rule`` can be and how far past its start trying one reads, in a text
        whose runs of spaces, hyphens and digits are at most ``run`` long; None when unbounded."""
        key = (rule, run)
        if key not in self._reach:
            parsed = sre_parse.parse(pattern.pattern, pattern.flags)
            # an empty match would need the whole-text scan's rule for what follows it
            self._reach[key] = _bounds(parsed, run, {}) if parsed.getwidth()[0] > 0 else None
        return self._reach[key]

    def active_rules(self, text: str) -> list[tuple[str, re.Pattern[str], Handler]]:
        """The rules whose head words all occur in ``text`` (the others cannot match)."""
        have = self.features(text)
        return [r for r in self.rules if NEEDS.get(r[0], frozenset()) <= have]

    def _build(self) -> None:
        M, MF, D, Y, WD, WDA = self.MON, self.MONFULL, self.DAY, self.YEAR, self.WD, self.WDALL
        N, U, PART, ORD = self.NUM, self.UNIT, self.PART, self.ORD
        a = self._add
        a(
            "iso",
            r"(?<![\w/.-])(?P<y>1[89]\d\d|20\d\d)(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\w/]|[.-]\d)",
            self.h_iso,
        )
        a(
            "numeric",
            r"(?<![\w/.-])(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\w/]|[.-]\d)",
            self.h_numeric,
        )
        a(
            "dmy",
            rf"(?:(?P<wd>{WDA}),?\s+)?(?:(?i:the)\s+)?(?P<d>{D})(?:\s+(?i:of))?[\s-]+(?P<mon>{M})"
            rf"(?:,?[\s-]+(?P<y>{Y}))?",
            self.h_day_month,
        )
        a(
            "mdy",
            rf"(?:(?P<wd>{WDA}),?\s+)?(?P<mon>{M})\s+(?:(?i:the)\s+)?(?P<d>{D})(?:(?:,\s*|\s+)(?P<y>{Y}))?",
            self.h_day_month,
        )
        a(
            "dayrange",
            rf"(?P<d1>{D})\s*(?:-|–|(?i:to|and))\s*(?P<d2>{D})\s+(?:(?i:of)\s+)?(?P<mon>{M})"
            rf"(?:,?\s+(?P<y>{Y}))?",
            self.h_day_range,
        )
        a(
            "dayrange_md",
            rf"(?P<mon>{M})\s+(?P<d1>{D})\s*(?:-|–|(?i:to|and))\s*(?P<d2>{D})(?:,?\s+(?P<y>{Y}))?",
            self.h_day_range,
        )
        a(
            "monthrange",
            rf"(?P<m1>{MF})\s*(?:-|–|(?i:to|through|till|until))\s*(?P<m2>{M})(?:,?\s+(?P<y>{Y}))?",
            self.h_month_range,
        )
        a(
            "month_year",
            rf"(?:(?P<part>{PART})[\s-]*)?(?P<mon>{M})(?:\s+(?i:of))?,?\s+(?P<y>{Y})",
            self.h_month_year,
        )
        a(
            "month",
            rf"(?:(?P<prep>(?i:in|since|until|till|by|during|from|before|after|of|through|throughout|"
            rf"to|and|between|or|for|last|next|this|coming|past|previous|early|mid|late)|{PART})[\s-]+)"
            rf"(?P<mon>{MF})(?!\s*\d)",
            self.h_month,
        )
        a(
            "week_of_month",
            rf"(?:(?i:the)\s+)?(?P<ord>{ORD})\s+(?i:week)\s+(?i:of)\s+(?:(?i:the\s+)?"
            rf"(?P<rel>(?i:this|last|next|current|coming|previous))\s+(?i:month)|(?P<mon>{M})"
            rf"(?:,?\s+(?P<y>{Y}))?)",
            self.h_week_of_month,
        )
        a("part_year", rf"(?P<part>{PART})[\s-]*(?P<y>{Y})", self.h_part_year)
        a(
            "part_rel",
            rf"(?P<part>{PART})[\s-]*(?P<rel>(?i:the\s+current|the\s+previous|the\s+coming|the|this|last|"
            rf"next))[\s-]+(?P<unit>(?i:week|month|year|decade))",
            self.h_part_rel,
        )
        a(
            "season",
            rf"(?:(?P<part>{_ci(['early', 'mid', 'late'])})[\s-]*)?(?:(?P<rel>(?i:this|last|next|the\s+coming|"
            rf"the\s+past|the\s+last|the|during|in))\s+)?(?P<season>{self.SEASON})(?![\w])"
            rf"(?:\s+(?:(?i:of)\s+)?(?P<y>{Y}))?",
            self.h_season,
        )
        a("year_season", rf"(?P<y>{Y})\s+(?P<season>{self.SEASON})(?![\w])", self.h_season)
        a(
            "quarter",
            rf"(?:(?i:Q(?P<q>[1-4]))(?:[\s-]*(?P<y>{Y}))?|(?:(?i:the)\s+)?(?P<ord>{ORD})\s+(?i:quarter)"
            rf"(?:\s+(?:(?i:of)\s+)?(?:(?P<y2>{Y})|(?:(?i:the|this)\s+)?(?P<rel>(?i:this|last|next|current|"
            rf"previous))?\s*(?i:year)))?)",
            self.h_quarter,
        )
        a(
            "decade",
            r"(?:(?i:the)\s+)?(?:(?P<c>1[89]|20)(?P<d>\d)0s|'(?P<d2>\d)0s)(?!\w)|(?i:the)\s+(?P<d3>\d)0s(?!\w)",
            self.h_decade,
        )
        a(
            "year_range",
            rf"(?:(?P<pre>(?i:from|between))\s+)?(?P<y1>{Y})\s*(?P<sep>-|–|—|(?i:to|and|until|till))\s*"
            rf"(?P<y2>{Y}|\d{{2}}(?![\w]))",
            self.h_year_range,
        )
        a("year", rf"(?P<y>{Y})", self.h_year)
        a(
            "deictic",
            r"(?P<w>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|day\s+before\s+yesterday|"
            r"day\s+after\s+tomorrow|(?:yesterday|tomorrow)\s+(?:morning|afternoon|evening|night)|"
            r"last\s+night|this\s+(?:morning|afternoon|evening)|today|tonight|yesterday|tomorrow|"
            r"right\s+now|at\s+present|nowadays|currently|presently|these\s+days|now))(?!\w)"
            rf"(?:\s*(?:\(\s*|,\s*)(?P<wd>{WD})\s*\)?)?",
            self.h_deictic,
        )
        a(
            "weekday",
            rf"(?:(?P<rel>(?i:last|next|this\s+coming|this\s+past|this|coming|previous|past))\s+)?(?P<wd>{WD})"
            r"(?:(?:'s|’s)?\s+(?P<dp>(?i:morning|afternoon|evening|night)))?(?P<nxt>\s+(?i:next|last)(?!\s+\w))?",
            self.h_weekday,
        )
        a(
            "rel_unit",
            r"(?P<rel>(?i:last|next|this|the\s+(?:past|previous|last|coming|next|following|current|same)))\s+"
            r"(?P<unit>(?i:week|weekend|month|year|quarter|decade|fortnight|day))(?!\w)",
            self.h_rel_unit,
        )
        a(
            "earlier_later",
            r"(?P<w>(?i:earlier|later))\s+(?:(?i:this|in\s+the|in\s+this))\s+(?P<unit>(?i:week|month|year))",
            self.h_earlier_later,
        )
        a("ago", rf"(?P<n>{N})\s+(?P<unit>{U})\s+(?i:ago|back)(?!\w)", self.h_ago)
        a(
            "past_n",
            rf"(?:(?i:the)\s+)?(?P<rel>(?i:past|last|previous|next|coming|following))\s+(?P<n>{N})\s+"
            rf"(?P<unit>{U})",
            self.h_past_n,
        )
        a(
            "in_n",
            rf"(?P<pre>(?i:in|within))\s+(?:(?i:the\s+next)\s+)?(?P<n>{N})\s+(?P<unit>{U})"
            r"(?!\s+(?i:ago|later|after|before|earlier|of))",
            self.h_in_n,
        )
        a(
            "rel_duration",
            rf"(?P<n>{N})\s+(?P<unit>{U})\s+(?P<dir>(?i:later|after|before|earlier|afterwards|prior))",
            self.h_rel_duration,
        )
        a(
            "vague_rel",
            r"(?P<unit>(?i:hours|days|weeks|months|years|decades))\s+(?P<dir>(?i:after|before|later|"
            r"earlier|ago))(?!\w)",
            self.h_vague_rel,
        )
        comparators = alternation(list(self.lex.duration_comparators))
        a(
            "duration",
            rf"(?:(?P<for>(?i:for|over|during|throughout|spanning|lasting))\s+)?(?:(?P<cmp>(?i:{comparators}))"
            rf"\s+)?(?:(?P<another>(?i:another|a\s+further|an\s+additional|further))\s+)?(?P<n>{N})"
            rf"(?:\s+|-)(?P<unit>{U})(?:(?P<long>\s+(?i:long)))?",
            self.h_duration,
        )
        a(
            "vague_duration",
            r"(?P<for>(?i:for|over))\s+(?P<unit>(?i:hours|days|weeks|months|years|decades))"
            r"(?!\s+(?i:ago|after|before|later|earlier|of|and))(?!\w)",
            self.h_vague_duration,
        )
        a(
            "vague",
            r"(?P<w>(?i:recently|lately|in\s+recent\s+(?:days|weeks|months|years)|in\s+the\s+near\s+future|"
            r"in\s+the\s+(?:coming|next)\s+(?:days|weeks|months|years)|the\s+coming\s+(?:days|weeks|months|"
            r"years)|in\s+the\s+foreseeable\s+future|in\s+the\s+future|in\s+the\s+past|shortly|soon))(?!\w)"
            r"(?!\s+(?i:after|before|afterwards|thereafter))",
            self.h_vague,
        )
        a(
            "set",
            rf"(?P<w>(?i:every|each))\s+(?P<x>{WD}|(?i:day|week|month|year|morning|evening|weekend|"
            rf"{alternation(list(self.lex.weekday_full))}))(?!\w)|(?P<adv>daily|weekly|monthly|annually|yearly|"
            r"fortnightly)(?!\w)",
            self.h_set,
        )

    # ----------------------------------------------------------------- absolute handlers
    def _date(self, y: int, m: int, d: int) -> dt.date | None:
        if not cal.valid_year(y):
            return None
        try:
            return dt.date(y, m, d)
        except ValueError:
            return None

    def h_iso(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        d = self._date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d is None:
            return None
        return Candidate(m.start(), m.end(), "iso", precision="day", fixed=fixed(d, d, "day"), year=d.year)

    def h_numeric(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        y = int(m["y"])
        if len(m["y"]) == 2:
            if m["s"] != "/":
                return None
            y += 2000 if y < 50 else 1900
        a, b = int(m["a"]), int(m["b"])
        first = (a, b) if ctx.dayfirst else (b, a)
        d = self._date(y, first[1], first[0]) or self._date(y, first[0], first[1])
        if d is None:
            return None
        return Candidate(m.start(), m.end(), "numeric", precision="day", fixed=fixed(d, d, "day"), year=y)

    def h_day_month(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        mon, day = self.month(m["mon"]), self.day(m["d"])
        wd = self.lex.weekdays[m["wd"].lower().rstrip(".")] if m["wd"] else None
        if m["y"]:
            d = self._date(int(m["y"]), mon, day)
            if d is None:
                return None
            return Candidate(
                m.start(),
                m.end(),
                "day_month",
                precision="day",
                fixed=fixed(d, d, "day"),
                weekday=wd,
                year=d.year,
            )
        if self._date(2000, mon, day) is None:
            return None
        span = cal.day_span(mon, day, weekday=wd)
        tense = ctx.tense(m.start(), m.end())
        return Candidate(
            m.start(),
            m.end(),
            "day_month",
            precision="day",
            resolver=self.yearless(span, tense),
            weekday=wd,
            year_span=span,
        )

    def h_day_range(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        mon, d1, d2 = self.month(m["mon"]), self.day(m["d1"]), self.day(m["d2"])
        if d2 <= d1 or self._date(2000, mon, d2) is None:
            return None

        def span(year: int) -> tuple[dt.date, dt.date] | None:
            lo, hi = self._date(year, mon, d1), self._date(year, mon, d2)
            return (lo, hi) if lo and hi else None

        return self._yearful(m, ctx, span, "day", "dayrange", kind="range")

    def h_month_range(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        m1, m2 = self.month(m["m1"]), self.month(m["m2"])

        def span(year: int) -> tuple[dt.date, dt.date]:
            return dt.date(year, m1, 1), cal.month_end(year + (1 if m2 < m1 else 0), m2)

        return self._yearful(m, ctx, span, "month", "monthrange", kind="range")

    def _yearful(
        self,
        m: re.Match[str],
        ctx: Context,
        span: YearSpan,
        precision: str,
        rule: str,
        kind: str = "date",
        mod: str | None = None,
        start: int | None = None,
    ) -> Candidate | None:
        """A candidate for a calendar span, fixed when a year group matched, yearless otherwise."""
        s = m.start() if start is None else start
        y = m.groupdict().get("y")
        if y:
            got = span(int(y))
            if got is None:
                return None
            return Candidate(
                s,
                m.end(),
                rule,
                kind=kind,
                precision=precision,
                mod=mod,
                fixed=fixed(got[0], got[1], precision),
                year=int(y),
            )
        tense = ctx.tense(s, m.end())
        return Candidate(
            s,
            m.end(),
            rule,
            kind=kind,
            precision=precision,
            mod=mod,
            resolver=self.yearless(span, tense),
            year_span=span,
        )

    def h_month_year(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        mon = self.month(m["mon"])
        if m["part"]:
            lo, hi, mod = self.part(m["part"])

            def span(year: int) -> tuple[dt.date, dt.date]:
                return cal.part_of(*cal.month_span(year, mon), lo, hi)

            return self._yearful(m, ctx, span, "month", "month_year", mod=mod)
        return self._yearful(m, ctx, lambda y: cal.month_span(y, mon), "month", "month_year")

    def h_month(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        mon = self.month(m["mon"])
        prep = (m["prep"] or "").lower()
        if prep in self.lex.parts or not m["prep"]:
            lo, hi, mod = self.part(m.group(0)[: m.start("mon") - m.start()].strip(" -"))

            def span(year: int) -> tuple[dt.date, dt.date]:
                return cal.part_of(*cal.month_span(year, mon), lo, hi)

            return self._yearful(m, ctx, span, "month", "month", mod=mod)
        mspan = functools.partial(cal.month_span, month=mon)
        if prep in ("last", "past", "previous"):
            return Candidate(
                m.start(),
                m.end(),
                "month",
                precision="month",
                resolver=_strictly_before(mspan),
                year_span=mspan,
            )
        if prep in ("next", "coming"):
            return Candidate(
                m.start(),
                m.end(),
                "month",
                precision="month",
                resolver=_strictly_after(mspan),
                year_span=mspan,
            )
        if prep == "this":
            return Candidate(
                m.start(),
                m.end(),
                "month",
                precision="month",
                resolver=lambda a: mspan(a.year),
                year_span=mspan,
            )
        if (
            m["mon"].lower() in self.lex.ambiguous_months
            and prep in ("and", "or", "to")
            and not re.search(rf"{self.MONFULL}\s+$", ctx.text[max(0, m.start() - 12) : m.start()])
        ):
            return None  # "and May", "to March" are a month only in a list of months
        cue = self.lex.mod_cues.get(prep)
        return self._yearful(m, ctx, mspan, "month", "month", mod=cue, start=m.start("mon"))

    def h_week_of_month(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        n = self.lex.ordinals[m["ord"].lower()]
        if n > 5:
            return None
        if m["rel"]:
            rel = m["rel"].lower()
            offset = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)

            def resolve(a: dt.date) -> Span:
                d = cal.add_months(a.replace(day=1), offset)
                return cal.week_of_month_span(d.month, n)(d.year)

            return Candidate(m.start(), m.end(), "week_of_month", precision="week", resolver=resolve)
        mon = self.month(m["mon"])
        return self._yearful(m, ctx, cal.week_of_month_span(mon, n), "week", "week_of_month")

    def h_part_year(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        lo, hi, mod = self.part(m["part"])
        y = int(m["y"])
        s, e = cal.part_of(dt.date(y, 1, 1), dt.date(y, 12, 31), lo, hi)
        s, e = s.replace(day=1), cal.month_end(e.year, e.month)
        return Candidate(
            m.start(), m.end(), "part_year", precision="year", mod=mod, fixed=fixed(s, e, "year"), year=y
        )

    def h_part_rel(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        lo, hi, mod = self.part(m["part"])
        rel, unit = m["rel"].lower().split()[-1], m["unit"].lower()
        offset = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)

        def resolve(a: dt.date) -> Span:
            s, e = cal.period(cal.shift(a, unit, offset), unit)
            s, e = cal.part_of(s, e, lo, hi)
            if unit in ("year", "decade"):
                s, e = s.replace(day=1), cal.month_end(e.year, e.month)
            return s, e

        return Candidate(
            m.start(), m.end(), "part_rel", precision=UNIT_PRECISION[unit], mod=mod, resolver=resolve
        )

    def h_season(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        name = m["season"].lower()
        rel = (m.groupdict().get("rel") or "").lower().split()
        rel_word = rel[-1] if rel else ""
        if not m["y"] and not rel_word:
            return None
        if name == "fall" and not m["y"] and rel_word not in ("this", "last", "next", "coming", "past"):
            return None
        first, last = self.lex.seasons[name]
        base = cal.season_span(first, last)
        span: YearSpan = base
        mod = None
        if m.groupdict().get("part"):
            lo, hi, mod = self.part(m["part"])

            def span(year: int) -> tuple[dt.date, dt.date]:
                s, e = cal.part_of(*base(year), lo, hi)
                return s.replace(day=1), cal.month_end(e.year, e.month)

        start = m.start()
        if rel_word in ("the", "during", "in") and not m.groupdict().get("part"):
            start = m.start("season") if rel_word != "the" else m.start()
        if m["y"]:
            return self._yearful(m, ctx, span, "season", "season", mod=mod, start=start)
        if rel_word in ("last", "past"):
            return Candidate(
                start, m.end(), "season", precision="season", mod=mod, resolver=_strictly_before(span)
            )
        if rel_word in ("next", "coming"):
            return Candidate(
                start, m.end(), "season", precision="season", mod=mod, resolver=_strictly_after(span)
            )
        if rel_word == "this":
            return Candidate(
                start,
                m.end(),
                "season",
                precision="season",
                mod=mod,
                resolver=_this_or_nearest(span, self.yearless(span, ctx.tense(m.start(), m.end()))),
            )
        return self._yearful(m, ctx, span, "season", "season", mod=mod, start=start)

    def h_quarter(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        q = int(m["q"]) if m["q"] else self.lex.ordinals[m["ord"].lower()]
        if not 1 <= q <= 4 and q != -1:
            return None
        span = cal.quarter_span(q)
        y = m["y"] or m["y2"]
        if y:
            s, e = span(int(y))
            return Candidate(
                m.start(), m.end(), "quarter", precision="quarter", fixed=fixed(s, e, "quarter"), year=int(y)
            )
        rel = (m["rel"] or "").lower()
        offset = {"last": -1, "previous": -1, "next": 1}.get(rel, 0)
        if m.group(0).lower().rstrip().endswith("year"):
            return Candidate(
                m.start(), m.end(), "quarter", precision="quarter", resolver=lambda a: span(a.year + offset)
            )
        return self._yearful(m, ctx, span, "quarter", "quarter")

    def h_decade(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        if m["c"]:
            y0 = int(m["c"]) * 100 + int(m["d"]) * 10
        else:
            d = int(m["d2"] or m["d3"])
            y0 = (1900 if d >= 3 else 2000) + d * 10
        return Candidate(
            m.start(),
            m.end(),
            "decade",
            precision="decade",
            fixed=fixed(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31), "decade"),
            year=y0,
        )

    def h_year_range(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        sep, pre = m["sep"].lower(), (m["pre"] or "").lower()
        if sep == "and" and pre != "between":
            return None
        y1 = int(m["y1"])
        y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
        if y2 <= y1 or y2 - y1 > 100:
            return None
        start = m.start("y1") if pre else m.start()
        fy = self.lex.fiscal_year_start_month
        if y2 == y1 + 1 and sep in "-–—" and _FISCAL.search(ctx.text, max(0, start - 24), start):
            return Candidate(
                start,
                m.end(),
                "fiscal_year",
                precision="year",
                year=y1,
                fixed=fixed(dt.date(y1, fy, 1), dt.date(y2, fy, 1) - dt.timedelta(days=1), "year"),
            )
        return Candidate(
            start,
            m.end(),
            "year_range",
            kind="range",
            precision="year",
            fixed=fixed(dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year"),
            year=y1,
        )

    def h_year(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        text, s, e = ctx.text, m.start(), m.end()
        before = re.search(r"([\w.$]+)\s*$", text[max(0, s - 20) : s])
        after = re.match(r"\s*([%\w]+)", text[e : e + 20])
        if before and before.group(1).lower() in self.lex.year_blockers_before:
            return None
        if after and after.group(1).lower() in self.lex.year_blockers_after:
            return None
        y = int(m["y"])
        return Candidate(
            s, e, "year", precision="year", fixed=fixed(dt.date(y, 1, 1), dt.date(y, 12, 31), "year"), year=y
        )

    # ----------------------------------------------------------------- relative handlers
    def h_deictic(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        w = " ".join(m["w"].lower().split())
        offsets = {
            "yesterday": -1,
            "last night": -1,
            "tomorrow": 1,
            "the day before yesterday": -2,
            "day before yesterday": -2,
            "the day after tomorrow": 2,
            "day after tomorrow": 2,
        }
        first = w.split()[0]
        off = offsets.get(w, offsets.get(first, 0))
        end = m.end()
        wd = None
        if m["wd"]:
            wd = self.lex.weekdays[m["wd"].lower()]

        def resolve(a: dt.date) -> Span:
            d = a + dt.timedelta(days=off)
            return d, d

        return Candidate(m.start(), end, "deictic", precision="day", resolver=resolve, weekday=wd)

    def h_weekday(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        wd = self.lex.weekdays[m["wd"].lower()]
        rel = " ".join((m["rel"] or "").lower().split())
        if m["nxt"]:
            rel = m["nxt"].strip().lower()
        tense = ctx.tense(m.start(), m.end())
        if rel in ("next", "this coming", "coming"):

            def resolve(a: dt.date) -> Span:
                d = cal.weekday_after(a, wd)
                return d, d
        elif rel in ("this", "") and tense == "future":

            def resolve(a: dt.date) -> Span:
                # "will meet on Thursday" in a paper dated Thursday: written the evening before, it may
                # mean the day of publication as well as a week later, so both stay possible
                d = cal.weekday_after(a, wd)
                return (a if a.weekday() == wd else d), d
        elif rel in ("last", "previous", "past", "this past"):

            def resolve(a: dt.date) -> Span:
                d = cal.weekday_on_or_before(a - dt.timedelta(days=1), wd)
                return d, d
        else:

            def resolve(a: dt.date) -> Span:
                d = cal.weekday_on_or_before(a, wd)
                return d, d

        return Candidate(
            m.start(), m.end(), "weekday", precision="day", resolver=resolve, weekday=wd, tense=tense
        )

    def h_rel_unit(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        rel = " ".join(m["rel"].lower().split())
        unit = m["unit"].lower()
        if (
            unit == "day"
            or rel in ("the same", "the following")
            or (rel == "the next" and unit != "day" and ctx.tense(m.start(), m.end()) == "past")
        ):
            # narrative time ("the next day", "the same week"): relative to an event, not to the anchor
            return Candidate(
                m.start(), m.end(), "rel_unit", precision=UNIT_PRECISION[unit], resolver=_unknown
            )
        if unit == "fortnight":
            unit, n_weeks = "week", 2
        else:
            n_weeks = 1
        if rel in ("the past", "the last"):
            # a trailing window ending at the anchor ("the past week" = the last seven days)
            n = n_weeks if unit == "week" else 1
            u = "year" if unit == "weekend" else unit
            if unit == "decade":
                u, n = "year", 10
            if unit == "quarter":
                u, n = "month", 3
            return Candidate(
                m.start(),
                m.end(),
                "rel_unit",
                kind="range",
                precision=UNIT_PRECISION[unit],
                resolver=lambda a: (cal.shift(a, u, -n), a),
            )
        offset = {"last": -1, "the previous": -1, "next": 1, "the next": 1, "the coming": 1}.get(rel, 0)
        if unit == "weekend":
            return Candidate(m.start(), m.end(), "rel_unit", precision="week", resolver=_weekend(offset))
        if unit == "decade" and rel == "last":
            return Candidate(
                m.start(),
                m.end(),
                "rel_unit",
                kind="range",
                precision="decade",
                resolver=lambda a: (cal.shift(a, "year", -10), a),
            )
        step = 3 if unit == "quarter" else 1
        base = "month" if unit == "quarter" else unit

        def resolve(a: dt.date) -> Span:
            return cal.period(cal.shift(a, base, offset * step), unit)

        return Candidate(m.start(), m.end(), "rel_unit", precision=UNIT_PRECISION[unit], resolver=resolve)

    def h_earlier_later(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        unit = m["unit"].lower()
        if m["w"].lower() == "earlier":
            return Candidate(
                m.start(),
                m.end(),
                "earlier_later",
                precision=unit,
                mod="before",
                resolver=lambda a: (cal.period(a, unit)[0], a),
            )
        return Candidate(
            m.start(),
            m.end(),
            "earlier_later",
            precision=unit,
            mod="after",
            resolver=lambda a: (a, cal.period(a, unit)[1]),
        )

    def _amount(self, m: re.Match[str]) -> tuple[str, int, int | None] | None:
        """(unit, low count, high count) of a "NUMBER UNIT" match; ``None`` when the number is no number."""
        n = self.number(m["n"])
        if n is None:
            return None
        unit, k = self.unit(m["unit"])
        return unit, n[0] * k, (n[1] * k if n[1] is not None else None)

    def _days(self, unit: str, lo: int, hi: int | None) -> tuple[int | None, int | None]:
        per = self.lex.unit_days[unit]
        if unit == "hour":
            return lo // 24, (hi // 24 if hi is not None else None)
        return lo * per, (hi * per if hi is not None else None)

    def h_ago(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        amount = self._amount(m)
        if amount is None:
            return None
        unit, lo, hi = amount

        def resolve(a: dt.date) -> Span:
            far = cal.period(cal.shift(a, unit, -hi), unit)[0] if hi is not None else None
            return far, cal.period(cal.shift(a, unit, -lo), unit)[1]

        return Candidate(
            m.start(),
            m.end(),
            "ago",
            precision=UNIT_PRECISION[unit],
            resolver=resolve,
            duration_days=self._days(unit, lo, hi),
        )

    def h_past_n(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        amount = self._amount(m)
        if amount is None:
            return None
        unit, lo, hi = amount
        rel = m["rel"].lower()
        if rel in ("past", "last", "previous"):

            def resolve(a: dt.date) -> Span:
                return (cal.shift(a, unit, -hi) if hi is not None else None), a
        else:

            def resolve(a: dt.date) -> Span:
                return a, (cal.shift(a, unit, hi) if hi is not None else None)

        if rel == "following":
            resolve = _unknown
        return Candidate(
            m.start(),
            m.end(),
            "past_n",
            kind="range",
            precision=UNIT_PRECISION[unit],
            resolver=resolve,
            duration_days=self._days(unit, lo, hi),
        )

    def h_in_n(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        amount = self._amount(m)
        if amount is None:
            return None
        unit, lo, hi = amount
        pre = m["pre"].lower()
        tense = ctx.tense(m.start(), m.end())
        days = self._days(unit, lo, hi)
        if pre == "within" or "next" in m.group(0).lower():
            return Candidate(
                m.start(),
                m.end(),
                "in_n",
                kind="range",
                precision=UNIT_PRECISION[unit],
                mod="until",
                resolver=lambda a: (a, cal.shift(a, unit, hi) if hi is not None else None),
                duration_days=days,
            )
        if tense != "future":
            return Candidate(
                m.start("n"),
                m.end(),
                "in_n",
                kind="duration",
                precision=UNIT_PRECISION[unit],
                resolver=_unknown,
                duration_days=days,
            )

        def resolve(a: dt.date) -> Span:
            near = cal.period(cal.shift(a, unit, lo), unit)[0]
            return near, (cal.period(cal.shift(a, unit, hi), unit)[1] if hi is not None else None)

        return Candidate(
            m.start(), m.end(), "in_n", precision=UNIT_PRECISION[unit], resolver=resolve, duration_days=days
        )

    def h_rel_duration(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        amount = self._amount(m)
        if amount is None:
            return None
        unit, lo, hi = amount
        return Candidate(
            m.start(),
            m.end(),
            "rel_duration",
            kind="duration",
            precision=UNIT_PRECISION[unit],
            resolver=_unknown,
            duration_days=self._days(unit, lo, hi),
        )

    def h_vague_rel(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        unit, _ = self.unit(m["unit"])
        lo, hi = self.lex.vague_plural_days[unit]
        if m["dir"].lower() == "ago":
            return Candidate(
                m.start(),
                m.end(),
                "vague_rel",
                precision=UNIT_PRECISION[unit],
                resolver=lambda a: (
                    a - dt.timedelta(days=hi) if hi is not None else None,
                    a - dt.timedelta(days=lo),
                ),
                duration_days=(lo, hi),
            )
        return Candidate(
            m.start(),
            m.end(),
            "vague_rel",
            kind="duration",
            precision=UNIT_PRECISION[unit],
            resolver=_unknown,
            duration_days=(lo, hi),
        )

    def h_duration(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        amount = self._amount(m)
        if amount is None:
            return None
        unit, lo, hi = amount
        n_text = m["n"].lower().strip()
        if not (m["for"] or m["cmp"] or m["another"] or m["long"]) and n_text in ("a", "an", "one"):
            return None
        if n_text == "some" and not m["unit"].lower().endswith("s"):
            return None  # "some day", "some time": no amount
        lo_d, hi_d = self._days(unit, lo, hi)
        mod: str | None = None
        if m["cmp"]:
            mod, side = self.lex.duration_comparators[" ".join(m["cmp"].lower().split())]
            if side == "low":
                hi_d, hi = None, None
            elif side == "high" and mod == "before":
                lo_d, lo = 0, 0
        start = m.start("cmp") if m["cmp"] else m.start("another") if m["another"] else m.start("n")
        precision = UNIT_PRECISION[unit]
        tense = ctx.tense(m.start(), m.end())
        resolver: Resolver = _unknown
        if m["another"] and tense not in ("past", "perfect"):
            resolver = _after_anchor(unit, lo, hi)
        elif m["for"] and tense == "perfect":
            resolver = _began(unit, lo, hi)
            mod = "before" if hi is None else "after" if lo == 0 else "approx" if mod == "approx" else None
        return Candidate(
            start,
            m.end(),
            "duration",
            kind="duration",
            precision=precision,
            mod=mod,
            resolver=resolver,
            duration_days=(lo_d, hi_d),
            tense=tense,
        )

    def h_vague_duration(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        unit, _ = self.unit(m["unit"])
        return Candidate(
            m.start("unit"),
            m.end(),
            "vague_duration",
            kind="duration",
            precision=UNIT_PRECISION[unit],
            resolver=_unknown,
            duration_days=self.lex.vague_plural_days[unit],
        )

    def h_vague(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        w = " ".join(m["w"].lower().split())
        start = m.start()
        if w in ("recently", "lately"):
            days = self.lex.recent_days
            return Candidate(
                start,
                m.end(),
                "vague",
                precision="month",
                mod="before",
                resolver=lambda a: (a - dt.timedelta(days=days), a),
            )
        if w.startswith("in recent"):
            unit, _ = self.unit(w.split()[-1])
            hi = self.lex.vague_plural_days[unit][1]
            return Candidate(
                start,
                m.end(),
                "vague",
                kind="range",
                precision=UNIT_PRECISION[unit],
                mod="before",
                resolver=lambda a: (a - dt.timedelta(days=hi) if hi is not None else None, a),
            )
        if w == "in the past":
            return Candidate(
                start, m.end(), "vague", precision="unknown", mod="before", resolver=lambda a: (None, a)
            )
        if "coming" in w or "next" in w:
            unit, _ = self.unit(w.split()[-1])
            hi = self.lex.vague_plural_days[unit][1]
            return Candidate(
                start,
                m.end(),
                "vague",
                kind="range",
                precision=UNIT_PRECISION[unit],
                mod="after",
                resolver=lambda a: (a, a + dt.timedelta(days=hi) if hi is not None else None),
            )
        return Candidate(
            start, m.end(), "vague", precision="unknown", mod="after", resolver=lambda a: (a, None)
        )

    def h_set(self, m: re.Match[str], ctx: Context) -> Candidate | None:
        wd = None
        if m["x"] and m["x"].lower() in self.lex.weekdays:
            wd = self.lex.weekdays[m["x"].lower()]
        return Candidate(
            m.start(), m.end(), "set", kind="set", precision="unknown", resolver=_unknown, weekday=wd
        )


# --------------------------------------------------------------------- resolver builders
def _unknown(a: dt.date) -> Span:
    return None, None


def _strictly_before(span: YearSpan) -> Resolver:
    """The latest occurrence that ends before the anchor ("last summer", "last March")."""

    def resolve(a: dt.date) -> Span:
        for y in range(a.year, a.year - 3, -1):
            s = span(y)
            if s is not None and s[1] < a:
                return s
        return None, None

    return resolve


def _strictly_after(span: YearSpan) -> Resolver:
    """The earliest occurrence that starts after the anchor ("next summer", "next March")."""

    def resolve(a: dt.date) -> Span:
        for y in range(a.year - 1, a.year + 3):
            s = span(y)
            if s is not None and s[0] > a:
                return s
        return None, None

    return resolve


def _this_or_nearest(span: YearSpan, fallback: Resolver) -> Resolver:
    """The occurrence containing the anchor, else the one the tense prefers ("this summer")."""

    def resolve(a: dt.date) -> Span:
        for y in (a.year - 1, a.year):
            s = span(y)
            if s is not None and s[0] <= a <= s[1]:
                return s
        s = span(a.year)
        return s if s is not None else fallback(a)

    return resolve


def _weekend(offset: int) -> Resolver:
    def resolve(a: dt.date) -> Span:
        sat = cal.period(a, "week")[0] + dt.timedelta(days=5 + 7 * offset)
        if offset == -1 and a.weekday() < 5:
            sat = cal.period(a, "week")[0] - dt.timedelta(days=2)
        return sat, sat + dt.timedelta(days=1)

    return resolve


def _after_anchor(unit: str, lo: int, hi: int | None) -> Resolver:
    """When "another N units" from the anchor ends."""

    def resolve(a: dt.date) -> Span:
        return cal.shift(a, unit, lo), (cal.shift(a, unit, hi) if hi is not None else None)

    return resolve


def _began(unit: str, lo: int, hi: int | None) -> Resolver:
    """When a state that has lasted "for N units" up to the anchor began."""

    def resolve(a: dt.date) -> Span:
        return (cal.shift(a, unit, -hi) if hi is not None else None), cal.shift(a, unit, -lo)

    return resolve


class Scanner:
    """The matches of the grammar's rules in one text, found by trying each rule only near the hits of its
    rarest anchor: the same matches, in the same order, as ``pattern.finditer(text)``.

    Why it is exact: every match contains a hit of each of its rule's anchors, so it starts at most its
    maximum length before a hit; and trying a position reads at most ``reach`` characters past it, so a
    search that ends ``reach`` characters after the last start tried sees what a search of the whole text
    sees there (look-behinds read the real text before ``pos``).
    """

    def __init__(self, grammar: Grammar, text: str):
        self.grammar = grammar
        self.text = text
        longest = max((len(r) for runs in _RUNS for r in runs.findall(text)), default=4)
        self.run = 1 << (longest - 1).bit_length()  # a power of two: few distinct bounds to compute
        self._hits: dict[str, list[tuple[int, int]]] = {}
        self._words_read = False

    def hits(self, anchor: str) -> list[tuple[int, int]]:
        """The spans of ``anchor``'s hits, or of the words that contain them (either bounds a match)."""
        if anchor not in self._hits and anchor in WORD_ANCHORS and not self._words_read:
            self._read_words()
        if anchor not in self._hits:
            self._hits[anchor] = [m.span() for m in self.grammar.anchors[anchor].finditer(self.text)]
        return self._hits[anchor]

    def _read_words(self) -> None:
        """The hits of every word anchor in one pass over the words (faster than one regex per anchor).

        A case-insensitive hit of an ASCII word lies inside one run of ASCII letters, unless the text
        has one of the few other letters that ``(?i:)`` matches to ASCII ones (then the regexes run)."""
        self._words_read = True
        if _ODD_CASE.search(self.text):
            return
        found: dict[str, list[tuple[int, int]]] = {a: [] for a in WORD_ANCHORS}
        kinds_of = self.grammar.word_anchors
        known = self.grammar._word_kinds  # word_anchors' memory, read here first: most words hit nothing
        for m in _WORD.finditer(self.text):
            word = m.group()
            kinds = known.get(word)
            if kinds is None:
                kinds = kinds_of(word)
            if kinds:
                span = m.span()
                for kind in kinds:
                    found[kind].append(span)
        self._hits.update(found)

    def finditer(self, rule: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        anchors = ANCHORS.get(rule)
        bounds = self.grammar.reach(rule, pattern, self.run) if anchors and self.run <= MAX_RUN else None
        if bounds is None or anchors is None:
            yield from pattern.finditer(self.text)
            return
        width, reach = bounds
        hits = min((self.hits(a) for a in anchors), key=len)
        n = len(self.text)
        pos = 0  # where the scan of the whole text would go on from
        for lo, hi in _windows(hits, width):
            at = max(lo, pos)
            while at < hi:
                m = pattern.search(self.text, at, min(n, hi + reach))
                if m is None or m.start() >= hi:
                    break
                yield m
                pos = at = m.end()


def _windows(hits: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Where a match of at most ``width`` characters containing a hit can start, as merged ranges."""
    out: list[tuple[int, int]] = []
    for s, e in hits:
        lo = max(0, s - width)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((lo, e))
    return out


def _bounds(p: sre_parse.SubPattern, run: int, groups: dict[int, int]) -> tuple[int, int] | None:
    """(the longest match, the farthest character read past the start) of a parsed pattern whose unbounded
    repeats of spaces, hyphens or digits match at most ``run`` characters; None when not bounded."""
    width = reach = 0
    for op, av in p.data:
        w: int
        r: int
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
            w, r = 1, 1
        elif op is sre.AT:  # \b reads the character after
            w, r = 0, 1
        elif op is sre.BRANCH:
            subs = [_bounds(b, run, groups) for b in av[1]]
            if any(b is None for b in subs):
                return None
            w, r = max(b[0] for b in subs if b), max(b[1] for b in subs if b)
        elif op is sre.SUBPATTERN:
            got = _bounds(av[3], run, groups)
            if got is None:
                return None
            w, r = got
            if av[0] is not None:
                groups[av[0]] = w
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            _lo, hi, item = av
            got = _bounds(item, run, groups)
            if got is None:
                return None
            if hi is sre.MAXREPEAT:
                if not _is_run_class(item):
                    return None
                hi = run
            w, r = (hi * got[0], (hi - 1) * got[0] + got[1]) if hi else (0, 0)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, sub = av
            got = _bounds(sub, run, groups)
            if got is None:
                return None
            w, r = 0, (got[1] if direction > 0 else 0)  # look-behinds read before the start, never past it
        elif op is sre.GROUPREF and av in groups:
            w = r = groups[av]
        else:
            return None
        reach = max(reach, width + r)
        width += w
    return width, reach


def _is_run_class(item: sre_parse.SubPattern) -> bool:
    """Whether a repeated item is one character of spaces-and-hyphens or of digits (bounded by ``_RUNS``)."""
    if len(item.data) != 1 or item.data[0][0] is not sre.IN:
        return False
    members = frozenset(item.data[0][1])
    return members <= _SPACE_HYPHEN or members <= _DIGIT


@functools.cache
def grammar_for(lex: Lexicon) -> Grammar:
    """The compiled grammar of a lexicon (built once)."""
    return Grammar(lex)


def coarser(a: str, b: str) -> str:
    """The coarser of two precisions."""
    return a if PRECISION_RANK.get(a, 7) >= PRECISION_RANK.get(b, 7) else b


def with_year(c: Candidate, year: int) -> Candidate | None:
    """A yearless candidate fixed in ``year`` (for "from January to March 2023")."""
    if c.year_span is None:
        return None
    got = c.year_span(year)
    if got is None:
        return None
    return replace(c, fixed=fixed(got[0], got[1], c.precision), resolver=None, year=year)
