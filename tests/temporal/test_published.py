"""infer_published and narrow_by_corpus: the tightest interval the text supports, never more."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from factiongraph.model import Interval
from factiongraph.temporal import find_timexes, infer_published, narrow_by_corpus

D = dt.date
GOLD = {  # from /work/shared/eval/seeds.gold.yaml
    "000": D(2022, 12, 20),
    "001": D(2022, 12, 30),
    "002": D(2026, 2, 15),  # gold is [2026-01-31, 2026-06-30]; a date inside it
    "003": D(2020, 1, 14),
    "004": D(2024, 2, 14),
}
_HEADER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*")


def seed_text(shared: Path, number: str) -> str:
    path = next((shared / "seeds").glob(f"{number}_*.txt"))
    return _HEADER.sub("", path.read_text(encoding="utf-8"))


def test_seed_002_year_of_january_31_comes_from_the_other_dates(shared: Path) -> None:
    interval, basis, evidence = infer_published(seed_text(shared, "002"))
    assert basis == "text"
    assert interval.contains(D(2026, 2, 15))
    assert interval.earliest is not None and interval.earliest >= D(2025, 2, 1)
    assert interval.earliest == D(2026, 1, 31)
    assert evidence is not None and "January 31" in evidence


@pytest.mark.parametrize("number", sorted(GOLD))
def test_seed_inferred_from_text_alone_is_never_wrong(shared: Path, number: str) -> None:
    interval, basis, _ = infer_published(seed_text(shared, number))
    assert interval.contains(GOLD[number]), f"{interval} excludes {GOLD[number]}"
    assert basis in ("text", "unknown")


def test_seed_003_uses_only_what_its_years_support(shared: Path) -> None:
    interval, basis, evidence = infer_published(seed_text(shared, "003"))
    assert (interval.earliest, interval.latest, basis, evidence) == (
        D(2018, 8, 1),
        None,
        "text",
        "August 2018",
    )


def test_seed_001_without_any_year_is_unknown(shared: Path) -> None:
    assert infer_published(seed_text(shared, "001")) == (Interval.unknown(), "unknown", None)


def test_exact_known_date_is_returned_unchanged_with_the_callers_basis() -> None:
    known = Interval.day(D(2022, 12, 20))
    assert infer_published("The rift deepened in February 2025.", known=known, known_basis="metadata") == (
        known,
        "metadata",
        None,
    )


def test_inexact_known_interval_is_narrowed_by_the_text() -> None:
    known = Interval(D(2023, 1, 1), D(2023, 12, 31), "year")
    interval, basis, _ = infer_published("The alliance was announced on 20 September 2023.", known=known)
    assert (interval.earliest, interval.latest, basis) == (D(2023, 9, 20), D(2023, 12, 31), "text")


def test_inexact_known_interval_the_text_cannot_narrow_keeps_its_basis() -> None:
    known = Interval(D(2023, 1, 1), D(2023, 12, 31), "year")
    assert infer_published("The party met on Monday.", known=known, known_basis="metadata")[1] == "metadata"


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        # a past event bounds publication from below
        ("The protest planned for January 31, 2024 was called off.", D(2024, 1, 31), None),
        # a future event bounds it from above
        (
            "The meeting held in January 2024 failed. The PM will visit on 5 February 2024.",
            D(2024, 1, 1),
            D(2024, 2, 5),
        ),
        # "before X" says nothing about when the article was written
        ("The party was formed before 1990.", None, None),
        # a deictic next to a full date pins the day
        ("The assembly met today, 12 January 2023, to elect a speaker.", D(2023, 1, 12), D(2023, 1, 12)),
        ("The elections held last year (2018) changed everything.", D(2019, 1, 1), D(2019, 12, 31)),
        # a duration up to now, measured from the dated event before it
        (
            "The party split in March 2021. It has been in opposition for more than a year.",
            D(2022, 3, 1),
            None,
        ),
        # today (Thursday): only Thursdays
        ("The rally was held in January 2023. Today (Thursday) the assembly will vote.", D(2023, 1, 5), None),
    ],
)
def test_text_evidence_gives_the_tightest_supported_interval(
    text: str, earliest: dt.date | None, latest: dt.date | None
) -> None:
    interval, basis, evidence = infer_published(text)
    assert (interval.earliest, interval.latest) == (earliest, latest)
    assert basis == ("unknown" if earliest is None and latest is None else "text")
    assert (evidence is None) == (basis == "unknown")


def test_weekday_mention_trims_the_bound_to_days_a_report_can_follow() -> None:
    # 1 January 2023 was a Sunday; a past "on Thursday" is reported Thursday to Sunday
    interval, _, evidence = infer_published(
        "The party met in January 2023. He said on Thursday that it had split."
    )
    assert interval.earliest == D(2023, 1, 1)
    text = "The party met in January 2023. He said on Monday that it had split."
    interval, _, evidence = infer_published(text)
    assert interval.earliest == D(2023, 1, 2)
    assert evidence is not None and "Monday" in evidence


def test_timexes_found_against_another_anchor_give_the_same_result() -> None:
    text = "The rift deepened in February 2025. The protest planned for January 31 was called off."
    found = find_timexes(text, Interval.day(D(2025, 3, 1)))
    assert infer_published(text, found) == infer_published(text)


@pytest.mark.parametrize(
    ("constraints", "expected"),
    [
        ([], (D(2026, 1, 31), None)),
        ([Interval(None, D(2026, 3, 1))], (D(2026, 1, 31), D(2026, 3, 1))),
        ([Interval(D(2026, 2, 10), None), Interval(None, D(2026, 2, 20))], (D(2026, 2, 10), D(2026, 2, 20))),
        # a constraint that contradicts the others is skipped
        ([Interval(None, D(2026, 3, 1)), Interval(D(2027, 1, 1), None)], (D(2026, 1, 31), D(2026, 3, 1))),
    ],
)
def test_narrow_by_corpus_intersects_consistent_constraints(
    constraints: list[Interval], expected: tuple[dt.date | None, dt.date | None]
) -> None:
    got = narrow_by_corpus(Interval(D(2026, 1, 31), None), constraints)
    assert (got.earliest, got.latest) == expected


def test_narrow_by_corpus_of_unknown_with_nothing_stays_unknown() -> None:
    assert narrow_by_corpus(Interval.unknown(), []).is_unknown
