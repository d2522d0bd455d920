"""_phrase_at: every position where lower-cased tokens spell a phrase, as the plain scan finds them."""

from __future__ import annotations

import pytest

from factiongraph.extract.claims import _phrase_at
from factiongraph.extract.lexicon import Cues, Lexicon, default_lexicon, phrase_table


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
    table = phrase_table(phrases)
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


def test_lexicon_tables_follow_its_cues() -> None:
    lex = default_lexicon()
    assert [etype for etype, _t in lex.event_phrases] == list(lex.events)
    for etype, table in lex.event_phrases:
        assert [p.strip() for p, _w in table.items] == list(lex.events[etype].phrases)
    assert {(w, t) for w, ts in lex.event_types_of.items() for t in ts} == {
        (w, t) for t, cues in lex.events.items() for w in cues.words}
    assert [" ".join(w) for w, aspect in lex.office_cue_words if aspect == "begins"] == list(lex.office_cues)


def test_lexicon_tables_of_a_small_lexicon() -> None:
    lex = Lexicon.load("events:\n  rally:\n    words: [rally, march]\n    phrases: [public meeting]\n"
                       "  protest:\n    words: [march]\nrelations: {}\nstatus: {}\noffice_cues: [sworn in as]\n"
                       "office_end_cues: [stepped down as]\n")
    assert lex.event_types_of == {"rally": ["rally"], "march": ["rally", "protest"]}
    assert lex.event_phrases[0][1].firsts == {"public"}
    assert lex.office_cue_words == [(["sworn", "in", "as"], "begins"), (["stepped", "down", "as"], "ends")]
