"""Loading the ingest stage's data files (src/factiongraph/data/ingest/)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def data_text(name: str) -> str:
    """The text of a packaged data file of the ingest stage."""
    return (resources.files("factiongraph") / "data" / "ingest" / name).read_text(encoding="utf-8")


def load_yaml(source: str | Path) -> dict[str, Any]:
    """A YAML mapping from a packaged file name or from a user's path."""
    text = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else data_text(source)
    loaded = yaml.safe_load(text) or {}
    if not isinstance(loaded, dict):
        raise ValueError(f"{source}: expected a YAML mapping at the top level")
    return loaded


def load_word_list(source: str | Path) -> list[str]:
    """One entry per line from a packaged file name or a user's path; '#' starts a comment."""
    text = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else data_text(source)
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [w for w in words if w]
