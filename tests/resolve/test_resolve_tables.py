"""The case tables same.yaml and different.yaml, run through one Resolver per case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from _resolve_helpers import build_article

from factiongraph.model import Mention
from factiongraph.resolve import Resolver

HERE = Path(__file__).parent


def _cases(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def resolve_case(case: dict[str, Any]) -> list[tuple[int, str, str | None]]:
    """(article number, mention text, final entity id) for every mention of the case, in order."""
    r = Resolver()
    seen: list[tuple[int, Mention]] = []
    for n, specs in enumerate(case["articles"], start=1):
        art, mentions, acronyms = build_article(f"{case['case']} #{n}", specs, case["type"])
        r.add_article(art, mentions, acronyms)
        seen.extend((n, m) for m in mentions)
    final = r.mapping()
    return [(n, m.text, final.get(m.id)) for n, m in seen]


def entity_of(resolved: list[tuple[int, str, str | None]], ref: str) -> str | None:
    """The entity of a mention named by text, or by "article:text"."""
    n, _, text = ref.partition(":") if ref[:1].isdigit() and ":" in ref else ("", "", ref)
    for art, t, eid in resolved:
        if t == text and (not n or art == int(n)):
            return eid
    raise KeyError(f"no mention {ref!r} in the case")


@pytest.mark.parametrize("case", _cases("same.yaml"), ids=lambda c: c["case"])
def test_mentions_resolve_to_one_entity(case: dict[str, Any]) -> None:
    resolved = resolve_case(case)
    refs = case.get("same") or [t for _, t, _ in resolved]
    ids = {entity_of(resolved, ref) for ref in refs}
    assert None not in ids
    assert len(ids) == 1, resolved


@pytest.mark.parametrize("case", _cases("different.yaml"), ids=lambda c: c["case"])
def test_mentions_stay_in_different_entities(case: dict[str, Any]) -> None:
    resolved = resolve_case(case)
    a, b = (entity_of(resolved, ref) for ref in case["apart"])
    assert a is not None and b is not None
    assert a != b, resolved
