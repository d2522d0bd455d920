"""Calendar arithmetic on ``datetime.date``: periods, shifts, weekdays and yearless dates.

Every relative expression is resolved by a *resolver*: a function from an anchor date to an
``(earliest, latest)`` pair that never moves backwards when the anchor moves forwards. That
property lets an uncertain anchor ``[a, b]`` be handled exactly: the expression lies in
``[resolver(a).earliest, resolver(b).latest]``.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections.abc import Callable

Span = tuple[dt.date | None, dt.date | None]
Resolver = Callable[[dt.date], Span]
YearSpan = Callable[[int], tuple[dt.date, dt.date] | None]  # None: the year lacks it (29 February)
FullSpan = Callable[[int], tuple[dt.date, dt.date]]

MIN_YEAR = 1800
MAX_YEAR = 2200


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` calendar months, the day clamped to the month's length."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(d.day, _cal.monthrange(y, m)[1]))


def shift(d: dt.date, unit: str, n: int) -> dt.date:
    """``d`` moved by ``n`` units (hour, day, week, month, year, decade); hours count as days // 24."""
    if unit == "hour":
        return d + dt.timedelta(days=n // 24)
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    if unit == "month":
        return add_months(d, n)
    if unit == "year":
        return add_months(d, 12 * n)
    if unit == "decade":
        return add_months(d, 120 * n)
    raise ValueError(f"unknown unit {unit!r}")


def period(d: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The calendar period of ``unit`` that contains ``d`` (weeks run Monday to Sunday)."""
    if unit in ("day", "hour"):
        return d, d
    if unit == "week":
        start = d - dt.timedelta(days=d.weekday())
        return start, start + dt.timedelta(days=6)
    if unit == "month":
        return d.replace(day=1), month_end(d.year, d.month)
    if unit == "quarter":
        q0 = 3 * ((d.month - 1) // 3) + 1
        return dt.date(d.year, q0, 1), month_end(d.year, q0 + 2)
    if unit == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    if unit == "decade":
        y0 = d.year - d.year % 10
        return dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31)
    raise ValueError(f"unknown unit {unit!r}")


def part_of(start: dt.date, end: dt.date, lo: float, hi: float) -> tuple[dt.date, dt.date]:
    """The share ``[lo, hi]`` of the period ``[start, end]`` ("early March" = its first third).

    Periods of a month or less are cut on a 30-day basis (early = days 1-10, mid = 11-20,
    late = 21 to the end); longer ones on whole months (early 2023 = January-April).
    """
    days = (end - start).days + 1
    if days <= 31:
        a = start + dt.timedelta(days=round(lo * 30))
        b = end if hi >= 1.0 else start + dt.timedelta(days=round(hi * 30) - 1)
        return a, min(b, end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    m0, m1 = round(lo * months), max(round(hi * months), round(lo * months) + 1)
    a = add_months(start.replace(day=1), m0)
    b = add_months(start.replace(day=1), m1 - 1)
    return a, min(month_end(b.year, b.month), end)


def weekday_on_or_before(d: dt.date, wd: int) -> dt.date:
    """The latest date with weekday ``wd`` (Monday = 0) on or before ``d``."""
    return d - dt.timedelta(days=(d.weekday() - wd) % 7)


def weekday_after(d: dt.date, wd: int) -> dt.date:
    """The earliest date with weekday ``wd`` strictly after ``d``."""
    return d + dt.timedelta(days=(wd - d.weekday() - 1) % 7 + 1)


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), month_end(year, month)


def day_span(month: int, day: int, weekday: int | None = None) -> YearSpan:
    """The span of a yearless day-month in a given year.

    ``None`` when the year lacks it (29 February) or, with ``weekday`` ("Thursday, July 6"),
    when the date falls on another weekday that year.
    """

    def span(year: int) -> tuple[dt.date, dt.date] | None:
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        if weekday is not None and d.weekday() != weekday:
            return None
        return d, d

    return span


def yearless(span: YearSpan, tense: str | None, future_preference: float, *, whole: bool = False) -> Resolver:
    """A resolver for a date stated without its year ("January 31", "the first week of February").

    Past (or unknown tense): the latest occurrence starting on or before the anchor; future:
    the earliest occurrence ending on or after it. Unknown tense picks the future occurrence
    only when it is ``future_preference`` times nearer than the past one. ``whole``: a past
    range must end by the anchor ("between March and May" said in March is last year's).
    """

    def past(a: dt.date) -> tuple[dt.date, dt.date] | None:
        for y in range(a.year + 1, a.year - 9, -1):
            s = span(y)
            if s is not None and (s[1] if whole else s[0]) <= a:
                return s
        return None

    def future(a: dt.date) -> tuple[dt.date, dt.date] | None:
        for y in range(a.year - 1, a.year + 9):
            s = span(y)
            if s is not None and s[1] >= a:
                return s
        return None

    def resolve(a: dt.date) -> Span:
        p, f = past(a), future(a)
        if tense == "future":
            chosen = f or p
        elif tense in ("past", "perfect") or p is None or f is None:
            chosen = p or f
        elif p[1] >= a:  # the anchor lies inside the stated period
            chosen = p
        else:
            chosen = f if (f[0] - a).days * future_preference < (a - p[1]).days else p
        return (chosen[0], chosen[1]) if chosen else (None, None)

    return resolve


def season_span(first: int, last: int) -> FullSpan:
    """The span of a season in the year it starts (a season may run into the next year)."""

    def span(year: int) -> tuple[dt.date, dt.date]:
        end_year = year + 1 if last < first else year
        return dt.date(year, first, 1), month_end(end_year, last)

    return span


def quarter_span(q: int) -> FullSpan:
    """The span of quarter ``q`` (1..4; -1 = the last) in a given year."""
    q = 4 if q < 0 else q

    def span(year: int) -> tuple[dt.date, dt.date]:
        return dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q)

    return span


def week_of_month_span(month: int, n: int) -> FullSpan:
    """The span of the n-th week (days 1-7, 8-14, ...; -1 = the last seven days) of a month."""

    def span(year: int) -> tuple[dt.date, dt.date]:
        end = month_end(year, month)
        if n < 0:
            return end - dt.timedelta(days=6), end
        start = dt.date(year, month, min(7 * (n - 1) + 1, end.day))
        return start, min(start + dt.timedelta(days=6), end)

    return span


def valid_year(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR
