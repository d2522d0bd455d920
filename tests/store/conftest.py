"""The storage backends the store tests run on: SQLite always, PostgreSQL when a server is given.

``FACTIONGRAPH_TEST_PG`` is a PostgreSQL URL (``.ci/postgres.sh`` starts a throwaway
server and prints it). Each test gets a schema of its own on that server, dropped
afterwards. Without the variable the PostgreSQL cases are skipped, except in CI
(``CI=true``), where they fail: CI must test both backends.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def postgres_server() -> str:
    """The test server's URL, or skip (fail in CI) when there is none."""
    url = os.environ.get("FACTIONGRAPH_TEST_PG", "")
    if not url:
        message = 'no PostgreSQL server: set FACTIONGRAPH_TEST_PG (eval "$(.ci/postgres.sh)")'
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@contextlib.contextmanager
def fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database on ``backend``: a file, or a new schema on the test server."""
    if backend == "sqlite":
        yield str(tmp_path / f"{uuid.uuid4().hex[:8]}.db")
        return
    import psycopg

    server = postgres_server()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{server}{'&' if '?' in server else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend."""
    with fresh_database(backend, tmp_path) as url:
        yield url
