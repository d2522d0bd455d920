"""Status cues: the plan phrases that may follow a trigger."""

from __future__ import annotations

from factiongraph.extract.lexicon import Cues
from factiongraph.extract.status import _plans_after


def test_plans_after_keep_only_plans_that_may_follow_the_trigger() -> None:
    cues = Cues(frozenset({"plans"}), ("will be held", "is planning", "to be held", "would meet"))
    assert _plans_after(cues) == (" will be held ", " to be held ", " would meet ")
