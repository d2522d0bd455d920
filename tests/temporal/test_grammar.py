"""The grammar's scanner: trying each rule only near its anchors finds exactly what a whole-text scan finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factiongraph.temporal.grammar import ANCHORS, MAX_RUN, Grammar, Scanner, grammar_for
from factiongraph.temporal.lexicon import default_lexicon

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
HELDOUT = Path(__file__).resolve().parents[1] / "heldout" / "corpus"

TEXTS = [
    "The party split last month; talks resumed on Monday, 3 March 2025, and again on March 5.",
    "From 12-15 January 2024 to the second week of February, the bloc met every Friday.",
    "In early 2023 he said that within two weeks, or for more than a further twenty-one to thirty days, "
    "nothing would change; three years ago it had, in Q3 2022, in the 1990s and in the winter of 2019.",
    "Right now, at present, these days and currently: yesterday morning (Tuesday) the day before yesterday.",
    "Over the past six months, in the coming weeks, recently, soon, in the near future and in the past.",
    "2023-05-04, 04/05/2023, 4.5.23, 2019 to 2021, between 2010 and 12, FY2023 and the last quarter.",
    "He met her.\n\n\n\n\n\n\n\n\nLast week, on 12\n\n\n\n\n\n\n\nMarch, the budget passed.",  # long runs of spaces
    "It ended on 3 - - - - - - - - March 2024 after 1234567890123456789 votes.",  # long runs of hyphens, digits
    "Seven days later. " + "Nothing happened then. " * 40 + "Then, a fortnight after, it ended in March 2020.",
    "The wee\u212a before last, fi\u017ft week: odd letters that (?i:) matches to ASCII ones, on Monday.",
    "No dates here at all, only words.",
    # the placed anchors: months at a word's end, units at a word's start
    "The Mayor said in May 5 talks, xMay 6, DISMAY 2020, MAR. 3 and Mar.4 that SEPT 2021 was dismay.",
    "On Wednesday, today, a 5-day strike and ten DAYS ago; for dayss, holidays after, two weekdays later.",
    "Over the last three Weeks, within 2 yearsx, in 2 years, for 3 hours long, mid-last month, earlier this Year.",
    "",
]


def _corpus() -> list[str]:
    paths = [*sorted(SEEDS.glob("*"))[:5], *sorted(HELDOUT.glob("*"))[:10]]
    return [p.read_text(encoding="utf-8") for p in paths if p.is_file()]


def _same_as_whole_scan(grammar: Grammar, text: str) -> None:
    scanner = Scanner(grammar, text)
    for name, pattern, _handler in grammar.rules:
        expected = [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)]
        got = [(m.start(), m.end(), m.groupdict()) for m in scanner.finditer(name, pattern)]
        assert got == expected, name


@pytest.mark.parametrize("text", TEXTS)
def test_scanner_finds_what_the_whole_text_scan_finds(text: str) -> None:
    _same_as_whole_scan(grammar_for(default_lexicon()), text)


def test_scanner_finds_what_the_whole_text_scan_finds_in_real_articles() -> None:
    texts = _corpus()
    if not texts:
        pytest.skip("no seed or held-out articles here")
    grammar = grammar_for(default_lexicon())
    for text in texts:
        _same_as_whole_scan(grammar, text)


def test_every_rule_has_anchors_the_grammar_knows() -> None:
    grammar = grammar_for(default_lexicon())
    assert {name for name, _p, _h in grammar.rules} == set(ANCHORS)
    assert {a for anchors in ANCHORS.values() for a in anchors} <= set(grammar.anchors)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"ab", (2, 2)),
        (r"a(?![\w])", (1, 2)),  # the look-ahead reads one character past the match
        (r"(?<![\w])a", (1, 1)),  # a look-behind reads before the start only
        (r"a\s+b", (2 + 4, 2 + 4)),  # a run of spaces counts at most ``run``
        (r"(?P<s>[-/])\d(?P=s)", (3, 3)),
        (r"(?:ab)+", None),  # an unbounded repeat of anything else is not bounded
        (r"a\w+", None),
    ],
)
def test_reach_bounds_match_length_and_characters_read(pattern: str, expected: tuple[int, int] | None) -> None:
    grammar = grammar_for(default_lexicon())
    assert grammar.reach(f"test:{pattern}", re.compile(pattern), 4) == expected


def test_text_with_runs_longer_than_the_bound_is_scanned_whole() -> None:
    text = "On 3" + " " * (MAX_RUN + 1) + "March 2024."
    scanner = Scanner(grammar_for(default_lexicon()), text)
    assert scanner.run > MAX_RUN
    _same_as_whole_scan(grammar_for(default_lexicon()), text)


@pytest.mark.parametrize(
    ("anchor", "word", "hits"),
    [
        ("month", "May", True),
        ("month", "xMay", True),  # a month at a word's end: "xMay 6" is a date to the rules
        ("month", "Mayor", False),
        ("month", "may", False),  # the rules write months capitalised or upper-case
        ("month", "DISMAY", True),
        ("unit_head", "days", True),
        ("unit_head", "Dayss", True),
        ("unit_head", "Monday", False),
        ("unit_head", "today", False),
        ("unit", "Monday", True),  # the plain anchor still hits inside a word
    ],
)
def test_placed_anchors_hit_words_at_their_end_or_start(anchor: str, word: str, hits: bool) -> None:
    assert (anchor in grammar_for(default_lexicon()).word_anchors(word)) is hits
