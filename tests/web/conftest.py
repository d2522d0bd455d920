"""Fixtures for the web tests: the app over the seed graph, and a graph of one article carrying markup."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    # starlette warns at import that its TestClient will move from httpx to httpx2; not our concern here.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

import factiongraph as fg
from factiongraph.web import create_app

INJECTED = (
    "date 2023-03-01\n\nKARACHI: The Example Party leader Ali Raza met Bilal Ahmed on Monday, "
    "the party said. <script>window.pwned=1</script> <img src=x onerror=\"window.pwned=2\"> "
    "Raza said the two would meet again next month.\n"
)


@pytest.fixture(scope="session")
def client(seeds_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeds_db)) as c:
        yield c


@pytest.fixture(scope="session")
def injected_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("injected")
    (folder / "markup.txt").write_text(INJECTED, encoding="utf-8")
    db = folder / "injected.db"
    with fg.open(db) as g:
        report = g.ingest([folder / "markup.txt"])
    assert report.added == 1
    return db


@pytest.fixture(scope="session")
def seed_facts(seeds_db: Path) -> dict[str, Any]:
    """Ids the tests look up from the data rather than hard-code."""
    with fg.open(seeds_db) as g:
        doc = g.store.articles()[0].id
        person = next(e for e in g.store.entities() if e.type == "person" and g.store.facts_of(e.id))
    return {"document": doc, "entity": person.id, "name": person.name}
