"""Helpers for the extraction tests: analyse one sentence without the statistical model, read its claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from factiongraph.extract.claims import ClaimExtractor
from factiongraph.model import Article, Claim
from factiongraph.nlp.pipeline import Pipeline


@dataclass(frozen=True)
class Read:
    """A claim with its mention ids replaced by the mention texts, for readable assertions."""

    kind: str
    type: str
    status: str
    subject: str | None
    object: str | None
    role: str | None
    participants: frozenset[str]
    source: str | None
    reported: bool


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(use_model=False)


@pytest.fixture(scope="session")
def claims_of(pipeline: Pipeline) -> Callable[[str], list[Read]]:
    """``claims_of(text)``: the claims ClaimExtractor finds in ``text``, readable."""
    extractor = ClaimExtractor()

    def run(text: str) -> list[Read]:
        an = pipeline.analyse(Article.make("t.txt", text))
        names = {m.id: m.text for m in an.mentions}

        def read(c: Claim) -> Read:
            return Read(c.kind, c.type, c.status, names.get(c.subject or ""), names.get(c.object or ""), c.role,
                        frozenset(names[p] for p in c.participants if p in names), c.source, c.reported)

        return [read(c) for c in extractor.extract(an)]

    return run
