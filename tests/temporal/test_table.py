"""The temporal table (table.tsv): every expression resolves to the expected interval."""

from __future__ import annotations

import pytest

from factiongraph.model import Interval
from factiongraph.temporal import Timex, find_timexes
from tests.temporal.table import Row, read_table

ROWS = read_table()


def overlapping(timexes: list[Timex], span: tuple[int, int]) -> list[Timex]:
    """The expressions found that overlap ``span``, the largest overlap first."""
    s, e = span
    hits = [t for t in timexes if t.start < e and t.end > s]
    return sorted(hits, key=lambda t: -(min(t.end, e) - max(t.start, s)))


def test_table_is_large_and_covers_every_kind_of_expression() -> None:
    assert len(ROWS) >= 150
    sections = {r.section for r in ROWS}
    assert len(sections) >= 15


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_expression_resolves_to_expected_interval(row: Row) -> None:
    anchor = Interval.day(row.anchor) if row.anchor else None
    hits = overlapping(find_timexes(row.sentence, anchor), row.span)
    if row.negative:
        assert hits == [], f"{row.expression!r} is no temporal expression, found {hits[0].text!r}"
        return
    assert hits, f"{row.expression!r} not found in {row.sentence!r}"
    value = hits[0].value
    assert (value.earliest, value.latest, value.precision) == (row.earliest, row.latest, row.precision), (
        f"{hits[0].text!r} -> {value} ({value.precision})"
    )
