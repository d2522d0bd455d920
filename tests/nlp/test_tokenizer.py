"""The tokenizer keeps party acronyms and constituency codes whole, splits glued words, moves no offset."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factiongraph.nlp.pipeline import Pipeline


@pytest.fixture(scope="module")
def nlp(pipeline: Pipeline) -> Language:
    return pipeline.nlp


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("The MQM-P met.", ["The", "MQM-P", "met", "."]),
        ("PML-N leaders", ["PML-N", "leaders"]),
        ("JUI-F chief", ["JUI-F", "chief"]),
        ("from NA-242 today", ["from", "NA-242", "today"]),
        ("a PTI-led coalition", ["a", "PTI", "-", "led", "coalition"]),
        ("the Sattar-led group", ["the", "Sattar", "-", "led", "group"]),
        ("Aseefa Bhutto-Zardari spoke", ["Aseefa", "Bhutto", "-", "Zardari", "spoke"]),
        ("joined the Party.The rally", ["joined", "the", "Party", ".", "The", "rally"]),
        ("LAHORE:The board", ["LAHORE", ":", "The", "board"]),
        ("votes went to the PML-N.", ["votes", "went", "to", "the", "PML-N", "."]),
        ("he backed the JUI-F. Later", ["he", "backed", "the", "JUI-F", ".", "Later"]),
        ("a by-poll in PP-160.", ["a", "by", "-", "poll", "in", "PP-160", "."]),
    ],
)
def test_tokenizer_splits_as_specified(nlp: Language, text: str, tokens: list[str]) -> None:
    assert [t.text for t in nlp.make_doc(text)] == tokens


@pytest.mark.parametrize(
    "text",
    [
        "The MQM-P met the PML-N. Its leaders left.",
        "Party.The rally at NA-242, PTI-led, ended.",
        "KARACHI:The  Bhutto-Zardari family\n\nmet JUI-F.",
    ],
)
def test_tokens_keep_their_character_offsets(nlp: Language, text: str) -> None:
    doc = nlp.make_doc(text)
    assert doc.text == text
    for t in doc:
        assert text[t.idx : t.idx + len(t.text)] == t.text
