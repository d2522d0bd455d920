"""_phrase_at: every position where lower-cased tokens spell a phrase, as the plain scan finds them."""

from __future__ import annotations

import pytest

from factiongraph.extract.claims import _phrase_at, _phrase_table
from factiongraph.extract.lexicon import Cues


def _scan(tokens: list[str], words: list[str]) -> list[int]:
    n = len(words)
    return [k for k in range(len(tokens) - n + 1) if tokens[k : k + n] == words]


@pytest.mark.parametrize(
    ("tokens", "words", "expected"),
    [
        (["they", "held", "a", "rally", "and", "a", "rally"], ["a", "rally"], [2, 5]),
        (["a", "a", "a"], ["a", "a"], [0, 1]),
        (["took", "oath"], ["took", "the", "oath"], []),
        (["the", "oath"], ["oath"], [1]),
        ([], ["x"], []),
        (["x", "y"], [], [0, 1, 2]),
        (["y", "x"], ["x", "y"], []),
    ],
)
def test_phrase_positions_are_every_match_in_order(tokens: list[str], words: list[str], expected: list[int]) -> None:
    assert list(_phrase_at(tokens, words)) == expected == _scan(tokens, words)


@pytest.mark.parametrize(
    ("phrases", "items", "firsts"),
    [
        (["held talks", "sit - in"], ((" held talks ", ["held", "talks"]), (" sit - in ", ["sit", "-", "in"])),
         {"held", "sit"}),
        (["rally", "rally round"], ((" rally ", ["rally"]), (" rally round ", ["rally", "round"])), {"rally"}),
        ([], (), set()),
    ],
)
def test_phrase_table_keeps_order_and_first_words(phrases: list[str], items: tuple[tuple[str, list[str]], ...],
                                                  firsts: set[str]) -> None:
    table = _phrase_table(phrases)
    assert table.items == items
    assert table.firsts == firsts


@pytest.mark.parametrize(
    ("words", "phrases", "tokens", "text", "stated"),
    [
        (["not"], [], ["did", "not", "meet"], " did not meet ", True),
        ([], ["called off"], ["was", "called", "off"], " was called off ", True),
        ([], ["called off"], ["was", "called", "offside"], " was called offside ", False),
        (["no"], ["put off"], ["was", "put", "on"], " was put on ", False),
    ],
)
def test_cues_stated_in_words_or_padded_text(words: list[str], phrases: list[str], tokens: list[str], text: str,
                                             stated: bool) -> None:
    cues = Cues(frozenset(words), tuple(phrases))
    assert cues.stated_in(tokens, text) is stated
    assert cues.padded == tuple(f" {p} " for p in phrases)
