"""find_timexes: uncertain anchors, tense, kinds, mods, options and offsets."""

from __future__ import annotations

import datetime as dt

import pytest

from factiongraph.model import Interval
from factiongraph.temporal import Timex, find_timexes, reanchor

D = dt.date
WINDOW = Interval(D(2026, 1, 31), D(2026, 6, 30), "unknown")


def only(text: str, anchor: Interval | None = None, **kw: object) -> Timex:
    found = find_timexes(text, anchor, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, [t.text for t in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "earliest", "latest"),
    [
        # the latest Monday on or before each end of the anchor window
        ("He said on Monday that talks had failed.", D(2026, 1, 26), D(2026, 6, 29)),
        ("The verdict was announced yesterday.", D(2026, 1, 30), D(2026, 6, 29)),
        ("The party split last month.", D(2025, 12, 1), D(2026, 5, 31)),
        ("The bill will be tabled next week.", D(2026, 2, 2), D(2026, 7, 12)),
    ],
)
def test_relative_expression_against_uncertain_anchor_spans_both_ends(
    sentence: str, earliest: dt.date, latest: dt.date
) -> None:
    value = only(sentence, WINDOW).value
    assert (value.earliest, value.latest) == (earliest, latest)


def test_relative_expression_against_half_open_anchor_keeps_the_open_end() -> None:
    value = only("He said on Monday that talks had failed.", Interval(D(2026, 1, 31), None)).value
    assert (value.earliest, value.latest) == (D(2026, 1, 26), None)


@pytest.mark.parametrize("anchor", [None, Interval.unknown()])
def test_relative_expression_against_unknown_anchor_is_unknown(anchor: Interval | None) -> None:
    t = only("He said on Monday that talks had failed.", anchor)
    assert t.value.is_unknown
    assert not t.absolute
    assert t.weekday == 0


def test_absolute_expression_needs_no_anchor() -> None:
    t = only("The rift deepened in February 2025.")
    assert (t.value.earliest, t.value.latest, t.value.precision) == (D(2025, 2, 1), D(2025, 2, 28), "month")
    assert t.absolute and t.year == 2025


def test_relative_value_records_the_anchor_it_was_resolved_against() -> None:
    assert only("The verdict was announced yesterday.", WINDOW).value.anchor == D(2026, 6, 30)


def test_reanchor_resolves_found_expressions_again() -> None:
    found = find_timexes("The verdict was announced yesterday, on 3 March 2023.")
    again = reanchor(found, Interval.day(D(2023, 3, 4)))
    assert [str(t.value) for t in again] == ["2023-03-03", "2023-03-03"]


@pytest.mark.parametrize(
    ("dayfirst", "expected"),
    [(True, D(2023, 1, 12)), (False, D(2023, 12, 1))],
)
def test_numeric_date_order_is_configurable(dayfirst: bool, expected: dt.date) -> None:
    assert only("Polling took place on 12/01/2023.", dayfirst=dayfirst).value.earliest == expected


def test_numeric_date_impossible_in_the_preferred_order_uses_the_other() -> None:
    assert only("Polling took place on 01/25/2023.").value.earliest == D(2023, 1, 25)


@pytest.mark.parametrize(
    ("future", "expected"),
    [(True, D(2023, 3, 20)), (False, D(2023, 3, 13)), (None, D(2023, 3, 13))],
)
def test_future_hint_decides_the_direction_of_a_bare_weekday(future: bool | None, expected: dt.date) -> None:
    t = only("The committee meets on Monday.", Interval.day(D(2023, 3, 15)), future=future)
    assert t.value.earliest == expected


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        ("The protest was called off on January 31.", "past"),
        ("The PM will visit on January 31.", "future"),
        ("Leaders have been holding meetings for more than six months.", "perfect"),
        ("The meeting will be held on January 31.", "future"),
        ("The convention on January 31 is important.", None),
    ],
)
def test_tense_is_read_from_the_clause(sentence: str, tense: str | None) -> None:
    assert only(sentence).tense == tense


@pytest.mark.parametrize(
    ("sentence", "mod"),
    [
        ("The PPP has ruled Sindh since 2008.", "since"),
        ("The ban will remain until March 2024.", "until"),
        ("Polls must be held by October 2023.", "before"),
        ("The party was formed before 1990.", "before"),
        ("The sit-in started in early March 2023.", "start"),
        ("The party split in late 2019.", "end"),
        ("The party was formed in 1990.", None),
    ],
)
def test_signal_words_set_the_mod(sentence: str, mod: str | None) -> None:
    assert only(sentence).mod == mod


@pytest.mark.parametrize(
    ("sentence", "kind", "days"),
    [
        ("It will take another 10-15 days to resolve.", "duration", (10, 15)),
        ("Leaders have been holding meetings for more than six months.", "duration", (180, None)),
        ("The announcement came just weeks after the offer.", "duration", (14, 90)),
        ("The PPP has dominated the city for the past seventeen years.", "range", (17 * 365, 17 * 365)),
        ("The committee meets every Monday.", "set", None),
        ("Prices rose from January to March 2023.", "range", None),
    ],
)
def test_kind_and_duration_days(sentence: str, kind: str, days: tuple[int | None, int | None] | None) -> None:
    t = only(sentence, Interval.day(D(2023, 3, 15)))
    assert (t.kind, t.duration_days) == (kind, days)


def test_offsets_point_at_the_expression_in_the_original_text() -> None:
    text = "KARACHI: The rally on 12 January 2023 was called off; Sunday's meeting went ahead."
    for t in find_timexes(text, Interval.day(D(2023, 1, 20))):
        assert text[t.start : t.end] == t.text


def test_text_without_temporal_words_has_no_expressions() -> None:
    assert find_timexes("The governor met party leaders at the Governor House.") == []


def test_today_with_weekday_in_parentheses_asserts_the_weekday() -> None:
    t = only("Today (Thursday) the assembly will vote.", Interval.day(D(2023, 3, 16)))
    assert (t.text, t.weekday, str(t.value)) == ("Today (Thursday)", 3, "2023-03-16")


def test_timex_to_dict_is_plain_data() -> None:
    d = only("The rift deepened in February 2025.").to_dict()
    assert d["value"] == {
        "earliest": "2025-02-01",
        "latest": "2025-02-28",
        "precision": "month",
        "anchor": None,
    }
    assert "resolver" not in d


def test_weekday_before_a_yearless_date_picks_the_year_it_falls_on_that_weekday() -> None:
    t = only("The game is on Thursday, July 6.", Interval.day(D(2020, 1, 1)))
    assert str(t.value) == "2017-07-06"


def test_about_before_a_date_is_no_approximation() -> None:
    assert only("He spoke about Sunday's press conference.", Interval.day(D(2023, 3, 15))).mod is None
