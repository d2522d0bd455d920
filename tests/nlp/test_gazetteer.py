"""The gazetteer reads each document's own tokens, whichever document it saw before."""

from __future__ import annotations

from factiongraph.nlp.pipeline import Pipeline


def test_name_and_title_lookups_follow_the_document_they_are_given(pipeline: Pipeline) -> None:
    gaz = pipeline.gazetteer
    k = pipeline.knowledge
    name = next(iter(k.names))
    title = next(iter(k.titles))
    first = pipeline.nlp.make_doc(f"{name} spoke.")
    second = pipeline.nlp.make_doc(f"{title} spoke.")
    found = gaz.name_at(first, 0, len(first))
    assert found is not None
    assert gaz.name_at(second, 0, len(second)) is None or gaz.name_at(second, 0, len(second)) != found
    assert gaz.title_at(second, 0, len(second)) is not None
    assert gaz.title_at(first, 0, len(first)) is None or title.lower() == name.lower()
    assert gaz.name_at(first, 0, len(first)) == found


def test_every_name_and_title_starts_with_a_listed_start_word(pipeline: Pipeline) -> None:
    gaz = pipeline.gazetteer
    assert all(key[0] in gaz.name_starts for key in gaz.names)
    assert all(key[0] in gaz.title_starts for key in gaz.titles)
    assert pipeline.knowledge.modifiers <= gaz.title_starts


def test_no_name_or_title_is_found_at_a_word_outside_the_start_words(pipeline: Pipeline) -> None:
    gaz = pipeline.gazetteer
    doc = pipeline.nlp("the Deputy Minister of Lahore and Sindh Governor met in Islamabad on Monday .")
    low = [t.lower_ for t in doc]
    for i, word in enumerate(low):
        if word not in gaz.name_starts:
            assert gaz.name_at(doc, i, len(doc)) is None
        if word not in gaz.title_starts:
            assert gaz.title_at(doc, i, len(doc)) is None
    assert any(gaz.name_at(doc, i, len(doc)) for i in range(len(doc)))
    assert any(gaz.title_at(doc, i, len(doc)) for i in range(len(doc)))
