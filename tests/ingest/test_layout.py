"""Date header, title and dateline of plain-text articles."""

from __future__ import annotations

import datetime as dt

import pytest

from factiongraph.ingest.layout import find_dateline, find_title, parse_header


@pytest.mark.parametrize(
    ("text", "date", "evidence", "body"),
    [
        (" date 2022-12-20 The council met.", dt.date(2022, 12, 20), "date 2022-12-20", "The council met."),
        ("date 2024-02-14\n\nThe council met.", dt.date(2024, 2, 14), "date 2024-02-14", "The council met."),
        (
            "\ufeffDate: 2021-05-01 The council met.",
            dt.date(2021, 5, 1),
            "Date: 2021-05-01",
            "The council met.",
        ),
        ("date 2021-05-01", dt.date(2021, 5, 1), "date 2021-05-01", ""),
    ],
)
def test_date_header_gives_day_evidence_and_body_start(
    text: str, date: dt.date, evidence: str, body: str
) -> None:
    header = parse_header(text)
    assert header is not None
    assert (header.date, header.evidence, text[header.body_start :]) == (date, evidence, body)


@pytest.mark.parametrize(
    "text",
    [
        "The council met on 2022-12-20.",
        "date 2022-13-40 The council met.",  # no such day
        "date 2022-12-201 The council met.",
        "updated 2022-12-20 The council met.",
        "The date 2022-12-20 is not at the start.",
    ],
)
def test_text_without_a_valid_header_has_none(text: str) -> None:
    assert parse_header(text) is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Leaders meet to end the rift\n\nThe leaders met on Monday.", "Leaders meet to end the rift"),
        ("\nLeaders meet to end the rift\n\nThe leaders met on Monday.", "Leaders meet to end the rift"),
        ("Will the alliance hold?\n\n\nThe leaders met on Monday.", "Will the alliance hold?"),
        ("  Leaders meet  \n \nThe leaders met.", "Leaders meet"),
        ("The leaders met on Monday.\n\nThey agreed.", None),  # a sentence, not a title
        ("CAPITAL:\n\nThe leaders met on Monday.", None),  # a dateline
        ("Leaders meet\nThe leaders met on Monday.", None),  # no blank line after it
        ("Leaders meet\n\n", None),  # nothing after it
        (" ".join(["word"] * 20) + "\n\nThe leaders met.", None),  # too long
        ("The leaders met on Monday to discuss the alliance.", None),
    ],
)
def test_title_is_a_short_first_line_before_a_blank_line(text: str, title: str | None) -> None:
    assert find_title(text) == title


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("CAPITAL: The leaders met.", "CAPITAL"),
        ("Capital:The leaders met.", "Capital"),
        ("CAPITAL\u00a0\u00a0 \u00a0 - \u00a0\u00a0The leaders met.", "CAPITAL"),
        ("CAPITAL, Jan 12 (Reuters) - The leaders met.", "CAPITAL"),
        ("CAPITAL, Jan. 12, 2024 (AP) — The leaders met.", "CAPITAL"),
        ("CAPITAL (AFP) - The leaders met.", "CAPITAL"),
        ("CAPITAL — The leaders met.", "CAPITAL"),
        ("NEW PORT CITY: The leaders met.", "NEW PORT CITY"),
        ("CAPITAL:\n\nThe leaders met.", "CAPITAL"),
        ("\n\n  CAPITAL: The leaders met.", "CAPITAL"),
        ("The Labour Party-led coalition met on Monday.", None),
        ("Prime Minister said - on Monday - that", None),
        ("Update: the talks ended.", None),
        ("the capital: leaders met.", None),
        ("10:30 The leaders met.", None),
        ("The leaders met in CAPITAL: all of them.", None),
    ],
)
def test_dateline_place_is_read_at_the_start_of_the_body(text: str, place: str | None) -> None:
    assert find_dateline(text) == place


def test_dateline_is_found_after_the_title_line() -> None:
    text = "Leaders meet\n\n\nCAPITAL:\n\nThe leaders met."
    assert find_dateline(text, 0, find_title(text)) == "CAPITAL"


def test_dateline_is_found_after_a_header() -> None:
    text = " date 2024-02-14 CAPITAL: The leaders met."
    header = parse_header(text)
    assert header is not None
    assert find_dateline(text, header.body_start) == "CAPITAL"
