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
