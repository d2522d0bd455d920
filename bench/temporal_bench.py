"""Score factiongraph's find_timexes and dateparser's search_dates on tests/temporal/table.tsv.

Run: ``.venv/bin/python bench/temporal_bench.py`` (prints a table and the JSON of ``run()``).

Items: every row of the table that names a temporal expression, has an anchor date, and whose
expected interval has at least one known end (rows whose expected value is wholly unknown,
such as "weeks after" or a relative date without an anchor, cannot be compared with a point).
Rows marked ``none`` (words that are no temporal expression) are counted apart as false
positives.

Scoring rule, the same for both systems:

* **found**: the system returns a span that overlaps the expression in the sentence
  (dateparser returns substrings; the first occurrence in the sentence is its span).
* **factiongraph correct**: found, and the interval of the overlapping expression has exactly
  the expected earliest and latest dates and precision (stricter than the rule below).
* **dateparser correct**: found, and its point (the date of the returned datetime) lies in
  the expected interval, and its ``period`` (from ``DateDataParser.get_date_data`` on the same
  substring) matches the expected precision coarsely: day <- day/time, week <- week,
  month <- month, year <- year; season, quarter and decade <- month or year (dateparser has
  no such periods); unknown (vague, open-ended) <- any. For a one-day interval this means the
  point is exactly that day.

dateparser settings: ``RELATIVE_BASE`` = the anchor, ``PREFER_DATES_FROM='past'``,
``DATE_ORDER='DMY'``, ``languages=['en']``. factiongraph runs with its defaults (day first).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.temporal.table import Row, read_table  # noqa: E402

from factiongraph.model import Interval  # noqa: E402
from factiongraph.temporal import find_timexes  # noqa: E402

COARSE = {
    "day": {"day", "time"},
    "week": {"week"},
    "month": {"month"},
    "year": {"year"},
    "season": {"month", "year"},
    "quarter": {"month", "year"},
    "decade": {"month", "year"},
}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _coarse(expected: str, got: str) -> bool:
    return expected == "unknown" or got in COARSE.get(expected, {expected})


def score_factiongraph(row: Row) -> tuple[bool, bool]:
    """(found, correct) for factiongraph on one row."""
    anchor = Interval.day(row.anchor) if row.anchor else None
    hits = [t for t in find_timexes(row.sentence, anchor) if _overlaps((t.start, t.end), row.span)]
    if not hits:
        return False, False
    best = max(hits, key=lambda t: _overlaps((t.start, t.end), row.span))
    v = best.value
    ok = (v.earliest, v.latest, v.precision) == (row.earliest, row.latest, row.precision)
    return True, ok


def _dateparser_settings(anchor: dt.date | None) -> dict[str, Any]:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day, 12, 0)
    return settings


def score_dateparser(row: Row) -> tuple[bool, bool]:
    """(found, correct) for dateparser's search_dates on one row."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings = _dateparser_settings(row.anchor)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = search_dates(row.sentence, languages=["en"], settings=settings) or []
    best: tuple[int, str, dt.datetime] | None = None
    for sub, when in results:
        start = row.sentence.find(sub)
        if start < 0:
            continue
        overlap = _overlaps((start, start + len(sub)), row.span)
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, sub, when)
    if best is None:
        return False, False
    _, sub, when = best
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(sub)
    period = data.period or "day"
    point = when.date()
    inside = (row.earliest is None or row.earliest <= point) and (row.latest is None or point <= row.latest)
    return True, inside and _coarse(row.precision, period)


def _items(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    items = [r for r in rows if not r.negative and r.anchor and (r.earliest or r.latest)]
    negatives = [r for r in rows if r.negative]
    return items, negatives


def run() -> dict[str, Any]:
    """Score both systems; the result is a JSON-ready dict under the key ``temporal``."""
    rows = read_table()
    items, negatives = _items(rows)
    out: dict[str, Any] = {}
    per_section: dict[str, dict[str, int]] = {}
    for name, scorer in (("factiongraph", score_factiongraph), ("dateparser", score_dateparser)):
        found = correct = 0
        t0 = time.perf_counter()
        for r in items:
            f, c = scorer(r)
            found += f
            correct += c
            sec = per_section.setdefault(r.section, {"items": 0, "factiongraph": 0, "dateparser": 0})
            sec[name] += c
        elapsed = time.perf_counter() - t0
        false_pos = sum(scorer(r)[0] for r in negatives)
        out[name] = {
            "accuracy": round(correct / len(items), 4),
            "found": round(found / len(items), 4),
            "correct": correct,
            "false_positives": false_pos,
            "ms_per_sentence": round(1000 * elapsed / len(items), 3),
        }
    for r in items:
        per_section[r.section]["items"] += 1
    return {
        "temporal": {
            "items": len(items),
            "negatives": len(negatives),
            "table_rows": len(rows),
            "factiongraph": out["factiongraph"],
            "dateparser": out["dateparser"],
            "by_section": per_section,
        }
    }


def main() -> None:
    result = run()
    t = result["temporal"]
    fg, dp = t["factiongraph"], t["dateparser"]
    print(f"temporal table: {t['items']} items, {t['negatives']} negatives")
    print(f"{'':24}{'factiongraph':>14}{'dateparser':>14}")
    for key in ("accuracy", "found", "false_positives", "ms_per_sentence"):
        print(f"{key:24}{fg[key]:>14}{dp[key]:>14}")
    print()
    for section, s in t["by_section"].items():
        print(
            f"  {section[:60]:62}{s['factiongraph']:>3}/{s['items']:<3}{s['dateparser']:>5}/{s['items']:<3}"
        )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
