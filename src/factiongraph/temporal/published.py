"""When was an article published? Inferred from what its text says, never guessed.

The inference collects *bounds* on the publication date ``P`` and returns the tightest
interval they support (an open end stays open):

1. **Past events with a year.** An article reports events that already happened, so
   ``P >= earliest`` of every explicitly dated expression in a past or present-perfect clause
   ("the rift deepened in February 2025" -> ``P >= 2025-02-01``). "before X" and "around X"
   give no bound.
2. **Future events with a year.** ``P <= latest`` of an explicitly dated expression in a future
   clause ("the PM will visit on 5 February 2020").
3. **Durations up to now.** A present-perfect "for (more than) N" that follows a dated past
   event within a few sentences measures from it: ``P >= event + N``.
4. **Yearless dates are recent.** Writers give the year of older dates and leave it off recent
   ones, so a past date written without a year ("on January 31") is taken to be no earlier
   than the latest past event written with one; with ``P`` on or after that yearless date.
5. **Apposition.** A deictic next to a full date ("today, 12 January 2023", "last year (2018)")
   pins ``P`` to the dates that make both agree.
6. **Weekdays.** "today (Thursday)" fixes the weekday of ``P``; a past "on Monday" is reported
   at most a few days later (``weekday_report_lag_days``). These only trim the ends of an
   interval already bounded by other evidence.

``narrow_by_corpus`` intersects an undated article's interval with constraints the caller
derives from other, dated articles (basis ``corpus``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from factiongraph.model import Interval
from factiongraph.temporal.calendar import Resolver
from factiongraph.temporal.lexicon import Lexicon, default_lexicon
from factiongraph.temporal.timex import Timex, find_timexes

PAST = ("past", "perfect")
_SEARCH_DAYS = 4 * 366  # how far the bound searches look for a yearless date's next occurrence
_LINK_CHARS = 600  # how far back a duration looks for the event it measures from
_APPOSITION = re.compile(r"\s*(?:,|\(|–|—|-)?\s*")
_RELATIVE_WORDS = re.compile(r"(?i)\b(?:last|next|this|coming|past|previous)\b")


@dataclass
class Bounds:
    """The running bounds on the publication date, with the phrases that set them."""

    lo: dt.date | None = None
    hi: dt.date | None = None
    lo_why: list[str] = field(default_factory=list)
    hi_why: list[str] = field(default_factory=list)

    def raise_lo(self, d: dt.date | None, why: str, *, add: bool = False) -> None:
        if d is not None and (self.lo is None or d > self.lo) and (self.hi is None or d <= self.hi):
            self.lo = d
            self.lo_why = [*self.lo_why, why] if add else [why]

    def lower_hi(self, d: dt.date | None, why: str, *, add: bool = False) -> None:
        if d is not None and (self.hi is None or d < self.hi) and (self.lo is None or d >= self.lo):
            self.hi = d
            self.hi_why = [*self.hi_why, why] if add else [why]

    @property
    def evidence(self) -> list[str]:
        return list(dict.fromkeys([*self.lo_why, *self.hi_why]))


def _first(lo: dt.date, hi: dt.date, ok: Callable[[dt.date], bool]) -> dt.date | None:
    """The first day in ``[lo, hi]`` where the monotone test ``ok`` holds (binary search)."""
    if not ok(hi):
        return None
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + dt.timedelta(days=1)
    return lo


def _last(lo: dt.date, hi: dt.date, ok: Callable[[dt.date], bool]) -> dt.date | None:
    """The last day in ``[lo, hi]`` where the test ``ok`` (true, then false) holds."""
    if not ok(lo):
        return None
    while lo < hi:
        mid = lo + (hi - lo + dt.timedelta(days=1)) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid - dt.timedelta(days=1)
    return lo


def _explicit_past(t: Timex) -> bool:
    return (
        t.absolute
        and t.tense in PAST
        and t.kind in ("date", "range")
        and t.mod not in ("before", "approx")
        and t.value.earliest is not None
    )


def _explicit_future(t: Timex) -> bool:
    return (
        t.absolute
        and t.tense == "future"
        and t.kind in ("date", "range")
        and t.mod not in ("after", "since", "approx")
        and t.value.latest is not None
    )


def _event_bounds(timexes: list[Timex], b: Bounds) -> None:
    """Rules 1 and 2: dated past events bound P from below, dated future events from above."""
    for t in timexes:
        if _explicit_past(t):
            b.raise_lo(t.value.earliest, t.text)
    for t in timexes:
        if _explicit_future(t):
            b.lower_hi(t.value.latest, t.text)


def _duration_bounds(timexes: list[Timex], b: Bounds) -> None:
    """Rule 3: "for more than six months" (present perfect) after a dated past event."""
    for i, t in enumerate(timexes):
        if t.kind != "duration" or t.tense != "perfect" or t.rule != "duration" or t.resolver is None:
            continue
        low = t.duration_days[0] if t.duration_days else None
        if not low or t.mod not in ("before", None):
            continue
        events = [e for e in timexes[:i] if _explicit_past(e) and t.start - e.end <= _LINK_CHARS]
        began = events[-1].value.earliest if events else None
        if began is not None:
            b.raise_lo(began + dt.timedelta(days=low), f"{events[-1].text} + {t.text}")


def _yearless_bounds(timexes: list[Timex], b: Bounds) -> None:
    """Rule 4: a past date written without its year is no earlier than the dated past events."""
    dated = [t for t in timexes if _explicit_past(t) and t.value.earliest is not None]
    if not dated or b.lo is None:
        return
    latest = max(dated, key=lambda t: t.value.earliest or dt.date.min)
    floor = latest.value.earliest
    if floor is None:
        return
    for t in timexes:
        if not t.yearless or t.tense not in PAST or t.resolver is None or t.kind != "date":
            continue
        res: Resolver = t.resolver

        def after_floor(p: dt.date, res: Resolver = res) -> bool:
            got = res(p)[0]
            return got is not None and got >= floor

        start = b.lo
        found = _first(start, start + dt.timedelta(days=_SEARCH_DAYS), after_floor)
        if found is not None:
            b.raise_lo(found, f"{t.text} (after {latest.text})")


def _apposition_bounds(text: str, timexes: list[Timex], b: Bounds) -> None:
    """Rule 5: "today, 12 January 2023", "last year (2018)": the deictic and the date agree."""
    for t, x in itertools.pairwise(timexes):
        if t.resolver is None or t.kind != "date" or not x.absolute or t.rule not in ("deictic", "rel_unit"):
            continue
        if not _APPOSITION.fullmatch(text[t.end : x.start]):
            continue
        xe, xl = x.value.earliest, x.value.latest
        if xe is None or xl is None:
            continue
        res = t.resolver
        window = dt.timedelta(days=_SEARCH_DAYS)

        def reaches(p: dt.date, res: Resolver = res, xe: dt.date = xe) -> bool:
            hi = res(p)[1]
            return hi is not None and hi >= xe

        def starts_before(p: dt.date, res: Resolver = res, xl: dt.date = xl) -> bool:
            lo = res(p)[0]
            return lo is not None and lo <= xl

        why = f"{t.text} {x.text}"
        b.raise_lo(_first(xe - window, xl + window, reaches), why)
        b.lower_hi(_last(xe - window, xl + window, starts_before), why)


def _weekday_tests(timexes: list[Timex], lex: Lexicon) -> list[tuple[Callable[[dt.date], bool], str]]:
    """Rule 6: tests on P from weekday mentions ("today (Thursday)", a past "on Monday")."""
    tests: list[tuple[Callable[[dt.date], bool], str]] = []
    lag = lex.weekday_report_lag_days
    for t in timexes:
        if t.weekday is None or t.resolver is None or t.kind != "date":
            continue
        res, wd = t.resolver, t.weekday
        if t.rule == "deictic":

            def same_weekday(p: dt.date, res: Resolver = res, wd: int = wd) -> bool:
                d = res(p)[0]
                return d is not None and d.weekday() == wd

            tests.append((same_weekday, t.text))
        elif t.rule == "weekday" and t.tense in PAST and not _RELATIVE_WORDS.search(t.text):

            def recent(p: dt.date, res: Resolver = res) -> bool:
                d = res(p)[0]
                return d is not None and (p - d).days <= lag

            tests.append((recent, t.text))
    return tests


def _trim_weekdays(timexes: list[Timex], b: Bounds, lex: Lexicon) -> None:
    tests = _weekday_tests(timexes, lex)
    if not tests:
        return

    def ok(p: dt.date) -> bool:
        return all(test(p) for test, _ in tests)

    why = ", ".join(dict.fromkeys(w for _, w in tests))
    if b.lo is not None:
        lo = next((b.lo + dt.timedelta(days=i) for i in range(14) if ok(b.lo + dt.timedelta(days=i))), None)
        if lo is not None and lo != b.lo:
            b.raise_lo(lo, why, add=True)
    if b.hi is not None:
        hi = next((b.hi - dt.timedelta(days=i) for i in range(14) if ok(b.hi - dt.timedelta(days=i))), None)
        if hi is not None and hi != b.hi:
            b.lower_hi(hi, why, add=True)


def precision_of(lo: dt.date | None, hi: dt.date | None) -> str:
    """The precision name of an interval from its width ("day" up to "decade"; open = "unknown")."""
    if lo is None or hi is None:
        return "unknown"
    days = (hi - lo).days
    for limit, name in (
        (0, "day"),
        (6, "week"),
        (30, "month"),
        (91, "quarter"),
        (365, "year"),
        (3652, "decade"),
    ):
        if days <= limit:
            return name
    return "unknown"


def infer_published(
    text: str,
    timexes: list[Timex] | None = None,
    *,
    known: Interval | None = None,
    known_basis: str = "header",
    lexicon: Lexicon | None = None,
) -> tuple[Interval, str, str | None]:
    """The publication interval of an article, its basis and the evidence phrases.

    An exact ``known`` date (from a header or metadata) is returned unchanged with
    ``known_basis``. Otherwise the text's own evidence is used (basis ``text``; intersected
    with a non-exact ``known``); with no evidence the result is ``Interval.unknown()`` and
    basis ``unknown``. ``timexes`` may be passed when already found; relative ones are
    re-resolved here, so their anchor does not matter.
    """
    if known is not None and known.is_exact:
        return known, known_basis, None
    lex = lexicon or default_lexicon()
    found = timexes if timexes is not None else find_timexes(text, None, lexicon=lex)
    found = sorted(found, key=lambda t: t.start)
    b = Bounds()
    _event_bounds(found, b)
    _duration_bounds(found, b)
    _yearless_bounds(found, b)
    _apposition_bounds(text, found, b)
    _trim_weekdays(found, b, lex)
    inferred = Interval(b.lo, b.hi, precision_of(b.lo, b.hi))
    evidence = "; ".join(b.evidence) or None
    if known is not None and not known.is_unknown:
        both = known.intersect(inferred)
        if both is None or (both.earliest, both.latest) == (known.earliest, known.latest):
            return known, known_basis, None
        return Interval(both.earliest, both.latest, precision_of(both.earliest, both.latest)), "text", evidence
    if inferred.is_unknown:
        return Interval.unknown(), "unknown", None
    return inferred, "text", evidence


def narrow_by_corpus(undated: Interval, constraints: list[Interval]) -> Interval:
    """Narrow an article's publication interval with constraints from other articles.

    Each constraint is an interval the caller derived from the corpus, e.g. "on or after the
    publication of the dated article that first reported the same event". Constraints are
    intersected in order; one that contradicts the running result is skipped (it most likely
    comes from a wrong match), so the result is never empty and never wider than ``undated``.
    """
    result = undated
    for c in constraints:
        both = result.intersect(c)
        if both is not None:
            result = both
    if result.is_unknown:
        return Interval.unknown()
    return Interval(result.earliest, result.latest, precision_of(result.earliest, result.latest), result.anchor)
