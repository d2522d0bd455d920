"""Shared fixtures: where ../shared is, and a graph of the seed articles built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACTIONGRAPH_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.fail(f"the shared folder is missing at {SHARED}: set FACTIONGRAPH_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    import factiongraph as fg

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with fg.open(db) as g:
        report = g.ingest([shared / "seeds"])
    assert report.added == 5 and not report.skipped
    return db
