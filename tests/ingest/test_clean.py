"""Cleaning for analysis and its exact map back to the original text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factiongraph.ingest import CleanRules, clean, normalize_char
from factiongraph.ingest.readers import read_paths
from factiongraph.model import Article

SEEDS = Path(os.environ.get("FACTIONGRAPH_SEEDS", "/work/shared/seeds"))


@pytest.mark.parametrize(
    ("original", "cleaned"),
    [
        # quotes and apostrophes
        ("the party\u2019s \u201cdecision\u201d", 'the party\'s "decision"'),
        ("\u2018development\u2019 of the city", "'development' of the city"),
        # spaces and lines
        ("CAPITAL\u00a0\u00a0 \u00a0 - \u00a0The leaders", "CAPITAL - The leaders"),
        ("one\t\ttwo   three", "one two three"),
        ("  leading and trailing  \n", "leading and trailing"),
        ("one.\n\n\n\ntwo.", "one.\n\ntwo."),
        ("one.\r\n\r\ntwo.\rthree.", "one.\n\ntwo.\nthree."),
        ("one.\n   \n\t\ntwo.", "one.\n\ntwo."),
        ("\n\nTitle\n\nBody.\n\n", "Title\n\nBody."),
        ("zero\u200bwidth\ufeff and soft\u00adhyphen", "zerowidth and softhyphen"),
        # glued sentences
        ("to the party. Party.The governor", "to the party. Party. The governor"),
        ("make decisions.Sources said", "make decisions. Sources said"),
        ("activities.Kamran said", "activities. Kamran said"),
        ("in 2023.The next", "in 2023. The next"),
        ("really?Yes! No!!Maybe", "really? Yes! No!! Maybe"),
        ("wait...The end", "wait... The end"),
        ("Capital:The leaders", "Capital: The leaders"),
        ("he said.\u201cWe will\u201d", 'he said. "We will"'),
        ("\u201cWe will.\u201dHe said", '"We will." He said'),
        ('"We will."He said', '"We will." He said'),
        ('he said."We will"', 'he said. "We will"'),
        # not sentence ends
        ("the U.S.The talks", "the U.S.The talks"),
        ("Dr.Farooq and Mr.Khan", "Dr.Farooq and Mr.Khan"),
        ("No.5 and No.Ten", "No.5 and No.Ten"),
        ("a 3.5-hour meeting", "a 3.5-hour meeting"),
        ("the ABC-P.The party", "the ABC-P.The party"),
        (
            "see www.news.Example.com or https://news.example/A.Html",
            "see www.news.Example.com or https://news.example/A.Html",
        ),
        ("mail press@party.Org today", "mail press@party.Org today"),
        ("i.e.The rest", "i.e.The rest"),
        ("at 10:30 The", "at 10:30 The"),
        # page furniture
        (
            "Body text.\n\nLeave a Comment\n\nYour email address will not be published. Required fields are marked *",
            "Body text.",
        ),
        (
            "Body.\nShare this article\nFollow us on Twitter\nAlso Read: Other story\nMore body.",
            "Body.\nMore body.",
        ),
        ("Body.\n\n\u00a9 2024 Example News. All rights reserved.\n", "Body."),
        ("Copyright 2024 Example\nBody.", "Body."),
        ("Subscribers of the service met.", "Subscribers of the service met."),
        ("Click here to read more\nBody.", "Body."),
        ("Leave a Comment", ""),
        ("", ""),
    ],
)
def test_clean_repairs(original: str, cleaned: str) -> None:
    assert clean(original).text == cleaned


def test_a_long_line_that_starts_like_furniture_is_kept() -> None:
    line = "Share this view, said the leader, " + "and many others agreed with him " * 8
    assert clean(line).text == line.strip()


def test_only_text_after_start_is_cleaned_and_offsets_stay_original() -> None:
    text = " date 2022-12-20 The leaders met.The talks ended."
    start = text.index("The")
    result = clean(text, start)
    assert result.text == "The leaders met. The talks ended."
    b = result.text.index("talks")
    assert result.span_to_original(b, b + 5) == (text.index("talks"), text.index("talks") + 5)
    assert result.to_original(0) == start
    assert result.to_original(len(result.text)) == len(text)


def test_inserted_space_maps_to_its_insertion_point() -> None:
    text = "Party.The governor"
    result = clean(text)
    space = result.text.index(" ")
    assert result.offsets.is_inserted(space)
    assert result.span_to_original(space, space + 1) == (6, 6)
    assert result.span_to_original(space - 1, space + 4) == (5, 9)  # ". The" -> ".The"
    assert result.offsets.to_cleaned(6) == space


def test_start_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        clean("abc", 4)


def test_offsets_outside_the_cleaned_text_are_refused() -> None:
    result = clean("abc")
    with pytest.raises(IndexError):
        result.to_original(4)
    with pytest.raises(IndexError):
        result.span_to_original(2, 1)


def test_extra_junk_patterns_come_from_user_files(tmp_path: Path) -> None:
    extra = tmp_path / "junk.yaml"
    extra.write_text("patterns:\n  - 'download our app\\b'\n", encoding="utf-8")
    rules = CleanRules.load(extra_junk=[extra])
    assert clean("Body.\nDownload our app now\nMore.", rules=rules).text == "Body.\nMore."


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not available")
def test_seed_cleaning_drops_header_and_page_furniture() -> None:
    for article in read_paths([SEEDS]):
        assert isinstance(article, Article)
        result = clean(article.text, article.body_start)
        assert "date 20" not in result.text[:20]
        assert "Leave a Comment" not in result.text and "Required fields" not in result.text
        assert "\u2019" not in result.text and "\u00a0" not in result.text and "  " not in result.text
        for i, ch in enumerate(result.text):
            if not result.offsets.is_inserted(i):
                assert normalize_char(article.text[result.to_original(i)]) == ch


# --- properties of the offset map ----------------------------------------------------------------

PIECES = [
    "a",
    "b",
    "Z",
    "The",
    "Party",
    "said",
    "U.S.",
    "Dr.",
    "3.5",
    "10:30",
    "www.Site.com/A",
    "x@y.Org",
    ".",
    "!",
    "?",
    ":",
    ",",
    "-",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u2009",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u2028",
    "'",
    '"',
    "\u2018",
    "\u2019",
    "\u201c",
    "\u201d",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\x07",
    "\x00",
    "Leave a Comment",
    "Share this",
    "Also Read",
    "Subscribe",
    "\u00a9 2024",
    "é",
    "Ä",
    "ß",
    "ÿ",
    "ğ",
    "ک",
]
texts = st.one_of(st.lists(st.sampled_from(PIECES), max_size=60).map("".join), st.text(max_size=200))


@st.composite
def text_and_start(draw: st.DrawFn) -> tuple[str, int]:
    text = draw(texts)
    return text, draw(st.integers(0, len(text)))


@given(text_and_start())
def test_every_kept_char_maps_to_the_same_char_in_the_original(case: tuple[str, int]) -> None:
    text, start = case
    result = clean(text, start)
    for i, ch in enumerate(result.text):
        j = result.to_original(i)
        if result.offsets.is_inserted(i):
            assert ch == " "
            assert start < j < len(text)
        else:
            assert start <= j < len(text)
            assert normalize_char(text[j]) == ch


@given(text_and_start())
def test_offset_map_is_monotonic(case: tuple[str, int]) -> None:
    text, start = case
    result = clean(text, start)
    mapped = [result.to_original(i) for i in range(len(result.text) + 1)]
    assert mapped == sorted(mapped)
    kept = [result.to_original(i) for i in range(len(result.text)) if not result.offsets.is_inserted(i)]
    assert len(kept) == len(set(kept))


@given(text_and_start(), st.data())
def test_span_with_letters_maps_to_a_range_with_the_same_letters(
    case: tuple[str, int], data: st.DataObject
) -> None:
    text, start = case
    result = clean(text, start)
    n = len(result.text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    oa, ob = result.span_to_original(a, b)
    assert start <= oa <= ob <= len(text)
    letters = [ch for ch in result.text[a:b] if ch.isalnum()]
    if letters:
        assert text[oa:ob].strip()
        original = iter(text[oa:ob])
        assert all(ch in original for ch in letters)  # the same letters, in order


@given(texts)
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean(text).text
    assert clean(once).text == once


@given(texts)
def test_to_cleaned_inverts_to_original_for_kept_chars(text: str) -> None:
    result = clean(text)
    for i in range(len(result.text)):
        if not result.offsets.is_inserted(i) and (i == 0 or not result.offsets.is_inserted(i - 1)):
            assert result.offsets.to_cleaned(result.to_original(i)) == i


@pytest.mark.parametrize(
    ("original", "cleaned", "sources"),
    [
        ("a b c", "a b c", [0, 1, 2, 3, 4]),
        ("ab  cd", "ab cd", [0, 1, 2, 4, 5]),
        (" a b c ", "a b c", [1, 2, 3, 4, 5]),
        ("a \u200b b", "a b", [0, 1, 4]),
        ("a\u00a0 b", "a b", [0, 1, 3]),
        ("a\u200b b", "a b", [0, 2, 3]),
        ("it\u2019s a b\u201d c", "it's a b\" c", list(range(11))),
        ("x\t y  z", "x y z", [0, 1, 3, 4, 6]),
    ],
)
def test_a_run_of_spaces_maps_to_its_first_space_and_words_to_themselves(
    original: str, cleaned: str, sources: list[int]
) -> None:
    c = clean(original)
    assert c.text == cleaned
    assert list(c.offsets.sources) == sources
