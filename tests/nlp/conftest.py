"""Fixtures for the political layer: one rule-only pipeline per session, and a helper that runs it.

The rules must work with and without the shipped statistical model; the tests pin
their behaviour on the rule layer alone (``use_model=False``) so that a new model
cannot silently change what they check.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from factiongraph.model import Article, Mention
from factiongraph.nlp.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(use_model=False)


@pytest.fixture(scope="session")
def analyse(pipeline: Pipeline) -> Callable[[str], dict[str, Mention]]:
    """Run the pipeline on a text and return its mentions by surface text."""

    def run(text: str) -> dict[str, Mention]:
        an = pipeline.analyse(Article(id="t", source="test", text=text))
        return {m.text: m for m in an.mentions}

    return run
