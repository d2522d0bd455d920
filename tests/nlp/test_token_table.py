"""The per-document token table: the same values as the spaCy tokens, built once per Doc."""

from __future__ import annotations

import pytest
import spacy

from factiongraph.nlp.actors import _is_cap, tokens_of

TEXTS = [
    "Governor Kamal Ahmed met the PQR-N chief in Lahore on 3 March.",
    "“We will not join,” said Dr Ayesha Noor, the party's vice-president.",
    "NA-245 and 9-A: ALL CAPS, lower words, 1990s.\n\nA new line  with  spaces.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_table_matches_the_tokens(text: str) -> None:
    doc = spacy.blank("en")(text)
    tb = tokens_of(doc)
    assert tb.text == [t.text for t in doc]
    assert tb.lower == [t.lower_ for t in doc]
    assert tb.is_title == [t.is_title for t in doc]
    assert tb.is_alpha == [t.is_alpha for t in doc]
    assert tb.is_lower == [t.is_lower for t in doc]
    assert tb.cap == [_is_cap(t) for t in doc]
    assert tb.is_space == [t.is_space for t in doc]
    assert tb.is_punct == [t.is_punct for t in doc]
    assert tb.idx == [t.idx for t in doc]
    assert tb.source == doc.text


@pytest.mark.parametrize("text", TEXTS)
def test_span_text_is_the_text_of_the_tokens_with_inner_spaces(text: str) -> None:
    doc = spacy.blank("en")(text)
    tb = tokens_of(doc)
    for start in range(len(doc) + 1):
        for end in range(len(doc) + 1):
            assert tb.span_text(start, end) == doc[start:end].text, (start, end)
            if end > start:
                span = doc[start:end]
                assert tb.char_span(start, end) == (span.start_char, span.end_char), (start, end)


def test_char_span_of_an_empty_range_is_an_error() -> None:
    tb = tokens_of(spacy.blank("en")("The Party met."))
    with pytest.raises(ValueError):
        tb.char_span(1, 1)


def test_table_is_built_once_per_doc() -> None:
    nlp = spacy.blank("en")
    doc = nlp("The Party met.")
    assert tokens_of(doc) is tokens_of(doc)
    assert tokens_of(nlp("The Party met.")) is not tokens_of(doc)


def test_stale_table_is_rebuilt() -> None:
    nlp = spacy.blank("en")
    doc = nlp("New York")
    stale = tokens_of(doc)
    with doc.retokenize() as r:
        r.merge(doc[0:2])
    fresh = tokens_of(doc)
    assert fresh is not stale
    assert fresh.text == ["New York"]
