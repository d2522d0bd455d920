"""SQLite and PostgreSQL differences, in one place.

Everything else in ``store/`` writes portable SQL with ``?`` placeholders;
the dialect rewrites placeholders and supplies the few statements that
differ (upsert, JSON column type, connection set-up).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import StoreError


@dataclass(frozen=True)
class Dialect:
    name: str
    placeholder: str
    json_type: str
    text_type: str = "TEXT"

    def sql(self, statement: str) -> str:
        """Rewrite portable ``?`` placeholders into this dialect's style."""
        if self.placeholder == "?":
            return statement
        return statement.replace("?", self.placeholder)

    def insert_ignore(self, table: str, columns: list[str]) -> str:
        cols = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        if self.name == "sqlite":
            return f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})"
        return f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING"

    def order(self, column: str, *, text: bool = True, nullable: bool = False) -> str:
        """An ``ORDER BY`` term that sorts the same on every backend: text by code point, NULLs first.

        SQLite compares text byte by byte and puts NULLs first; PostgreSQL follows the
        database's locale and puts NULLs last. The export must not depend on the backend.
        """
        if self.name == "sqlite":
            return column
        term = f'{column} COLLATE "C"' if text else column
        return f"{term} NULLS FIRST" if nullable else term

    def upsert(self, table: str, columns: list[str], key: list[str]) -> str:
        cols = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
        conflict = ", ".join(key)
        return (
            f"INSERT INTO {table} ({cols}) VALUES ({marks}) "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
        )


SQLITE = Dialect("sqlite", "?", "TEXT")
POSTGRES = Dialect("postgresql", "%s", "TEXT")


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """The database location: an explicit value, ``FACTIONGRAPH_DB``, or ``factiongraph.db`` here."""
    if db is None or str(db) == "":
        db = os.environ.get("FACTIONGRAPH_DB") or "factiongraph.db"
    return str(db)


def connect(db: str) -> tuple[Any, Dialect]:
    """Open a DB-API connection for a path or URL (``sqlite:///p``, ``postgresql://...``)."""
    if db.startswith(("postgresql://", "postgres://")):
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise StoreError(
                "PostgreSQL support is not installed: pip install 'factiongraph[postgres]'"
            ) from exc
        try:
            pg = psycopg.connect(db, autocommit=False)
        except Exception as exc:
            raise StoreError(f"cannot connect to {_redact(db)}: {exc}".strip()) from exc
        return pg, POSTGRES
    path = db
    if db.startswith("sqlite:"):
        parsed = urlparse(db)
        path = unquote(parsed.path)
        if db.startswith("sqlite:///") and not db.startswith("sqlite:////"):
            path = path.lstrip("/") or path
    if path != ":memory:":
        parent = Path(path).expanduser().resolve().parent
        if not parent.exists():
            raise StoreError(f"cannot create database {path}: folder {parent} does not exist")
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    return conn, SQLITE


def _redact(url: str) -> str:
    p = urlparse(url)
    if p.password:
        return url.replace(p.password, "***")
    return url
