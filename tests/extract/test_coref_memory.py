"""What the resolver remembers: group keys per document, recent actors during one resolve call only."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from factiongraph.extract.coref import Resolver, _mention_counts, group_key
from factiongraph.nlp.actors import Actor

WORDS = ["The", "Awami", "Party", "and", "the", "Awami", "Party", "(", "AP", ")", "met"]


@pytest.fixture(scope="module")
def doc() -> Doc:
    return Doc(Vocab(), words=WORDS)


@pytest.mark.parametrize(
    ("start", "end", "canonical", "key"),
    [
        (1, 3, None, "awami party"),
        (1, 3, "Awami National Party", "awami national party"),
        (1, 3, "", "awami party"),  # an empty canonical name counts as none
        (8, 9, None, "ap"),
    ],
)
def test_resolver_group_key_is_group_key(doc: Doc, start: int, end: int, canonical: str | None, key: str) -> None:
    a = Actor(start, end, "party", "gaz", canonical=canonical)
    resolver = Resolver()
    assert resolver.group_key(doc, a) == group_key(doc, a) == key
    assert resolver.group_key(doc, a) == key  # remembered


def test_resolver_group_key_forgets_another_documents_texts(doc: Doc) -> None:
    resolver = Resolver()
    a = Actor(1, 3, "party", "gaz")
    assert resolver.group_key(doc, a) == "awami party"
    other = Doc(Vocab(), words=["A", "Pak", "Front", "rally"])
    assert resolver.group_key(other, a) == "pak front"


def test_mention_counts_with_the_resolver_key_match_the_plain_ones(doc: Doc) -> None:
    actors = [Actor(1, 3, "party", "gaz"), Actor(5, 7, "party", "gaz"), Actor(8, 9, "party", "acronym"),
              Actor(5, 7, "party", "gaz", canonical="Awami Party")]
    counts = _mention_counts(doc, actors, Resolver().group_key)
    assert counts == _mention_counts(doc, actors) == {"awami party": 2}


def test_recent_actors_outside_resolve_follow_the_history() -> None:
    resolver = Resolver()
    history = [Actor(0, 1, "person", "gaz", sentence=0)]
    assert resolver._recent(history, 1) == history
    history.append(Actor(3, 4, "party", "gaz", sentence=1))
    assert resolver._recent(history, 1) == history[1:]


def test_resolve_forgets_its_recent_actors_after_the_call(doc: Doc) -> None:
    resolver = Resolver()
    history = [Actor(1, 3, "party", "gaz", sentence=0)]
    resolver.resolve(doc, doc[4:11], [], history)
    history.append(Actor(5, 7, "party", "gaz", sentence=1))
    assert resolver._recent(history, 1) == history[1:]
