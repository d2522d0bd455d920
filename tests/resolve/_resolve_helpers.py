"""Build hand-made articles and mentions for the resolve tests (no NLP pipeline needed)."""

from __future__ import annotations

from typing import Any

from factiongraph.model import Article, Mention


def build_article(
    label: str, specs: list[Any] | dict[str, Any], default_type: str
) -> tuple[Article, list[Mention], list[tuple[str, str]]]:
    """An article whose text is its mentions joined by " . ", with the mentions at their offsets.

    ``specs`` is a list of mentions (a text, or a mapping with text, type, role,
    role_of, kind) or a mapping ``{mentions: [...], acronyms: [[ACR, expansion]]}``.
    """
    acronyms: list[tuple[str, str]] = []
    if isinstance(specs, dict):
        acronyms = [(a, b) for a, b in specs.get("acronyms", [])]
        specs = specs["mentions"]
    items = [s if isinstance(s, dict) else {"text": s} for s in specs]
    text, spans = f"{label}:", []
    for it in items:
        text += " . "
        spans.append((len(text), it))
        text += it["text"]
    art = Article.make(label, text)
    mentions = [
        Mention(
            art.id,
            start,
            start + len(it["text"]),
            it["text"],
            it.get("type", default_type),
            role=it.get("role"),
            role_of=it.get("role_of"),
            kind=it.get("kind", "name"),
        )
        for start, it in spans
    ]
    return art, mentions, acronyms
