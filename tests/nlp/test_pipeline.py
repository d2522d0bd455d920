"""The pipeline's own pieces: line breaks end sentences, and token ranges map to the original text."""

from __future__ import annotations

import pytest

from factiongraph.model import Article
from factiongraph.nlp.pipeline import Pipeline, _sentence_docs, paragraphs

# (text, the sentences the rule pipeline must give)
SENTENCES = [
    ("Party Leaders Meet\nThe council met today", ["Party Leaders Meet\n", "The council met today"]),
    ("KARACHI\n\nThe council met. It voted", ["KARACHI\n\n", "The council met. ", "It voted"]),
    ("One line only", ["One line only"]),
    ("Ends with a break\n", ["Ends with a break\n"]),
    ("\n", ["\n"]),
]


@pytest.mark.parametrize(("text", "sentences"), SENTENCES)
def test_a_line_break_ends_a_sentence(pipeline: Pipeline, text: str, sentences: list[str]) -> None:
    doc = pipeline.nlp(text)
    assert [s.text_with_ws for s in doc.sents] == sentences


def test_char_span_maps_a_token_range_to_the_original_text(pipeline: Pipeline) -> None:
    text = "Dated 1 May\n\nThe  Forward\u00a0Group met.The council agreed."
    an = pipeline.analyse(Article(id="t", source="test", text=text, body_start=13))
    for start in range(len(an.doc)):
        for end in range(start, len(an.doc) + 1):
            span = an.doc[start:end]
            assert an.char_span(start, end) == an.cleaned.span_to_original(span.start_char, span.end_char)
    group = next(m for m in an.mentions if m.text.startswith("Forward"))
    assert text[group.start : group.end] == group.text == "Forward\u00a0Group"


def test_sentence_docs_are_the_sentences_as_docs(pipeline: Pipeline) -> None:
    docs = [pipeline.nlp("The council met. Farooq spoke in Quetta.\nA new line"), pipeline.nlp("One more. Two more.")]
    sents = [(n, s) for n, doc in enumerate(docs) for s in doc.sents]
    made = list(_sentence_docs(docs, sents))
    assert len(made) == len(sents) == 6  # the line break is a sentence of its own
    for (_, s), got in zip(sents, made, strict=True):
        want = s.as_doc()
        head = s.doc._get_array_attrs()
        assert got.text == want.text == s.text_with_ws
        assert (got.to_array(head) == want.to_array(head)).all()


def test_line_breaks_keep_the_sentence_starts_already_set(pipeline: Pipeline) -> None:
    doc = pipeline.nlp.make_doc("One. Two\nThree four")
    doc[2].is_sent_start = True
    doc[3].is_sent_start = False
    paragraphs(doc)
    assert [t.is_sent_start for t in doc] == [True, None, True, False, True, None]


def test_line_breaks_do_not_change_a_parsed_doc(pipeline: Pipeline) -> None:
    doc = pipeline.nlp.make_doc("One\nTwo")
    doc[0].dep_ = "ROOT"
    with pytest.raises(ValueError):
        paragraphs(doc)
