"""Publication dates from metadata fields: ISO dates and datetimes, feed dates (RFC 822).

The date is taken as the source wrote it (a datetime's own calendar day, not
converted to another time zone): that is the day the publisher printed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re

from factiongraph.model import Interval

_ISO = re.compile(r"\s*(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?=$|[T\s+Z.:]|-\d)")


def parse_published(value: object) -> Interval | None:
    """An interval from an ISO date ("2023-01-05"), datetime, month ("2023-01") or year, or None."""
    if isinstance(value, dt.datetime):
        return Interval.day(value.date())
    if isinstance(value, dt.date):
        return Interval.day(value)
    if not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if m is None:
        return None
    try:
        year = int(m["y"])
        if m["d"]:
            return Interval.day(dt.date(year, int(m["m"]), int(m["d"])))
        if m["m"]:
            month = int(m["m"])
            last = calendar.monthrange(year, month)[1]
            return Interval(dt.date(year, month, 1), dt.date(year, month, last), "month")
        return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    except ValueError:
        return None


def parse_feed_date(value: object) -> Interval | None:
    """A day from a feed's date: RFC 822 ("Tue, 10 Jan 2023 23:30:00 +0500") or ISO."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return Interval.day(email.utils.parsedate_to_datetime(value).date())
    except (TypeError, ValueError, IndexError):
        return parse_published(value)
