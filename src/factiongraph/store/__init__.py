"""The database: one storage layer over SQLite (default) and PostgreSQL.

SQL lives here only, as named methods of :class:`Store`. Each record is
kept whole as JSON in a ``data`` column, with the few fields that queries
filter on copied into columns of their own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, overload

import orjson

from ..errors import StoreError
from ..model import Article, Claim, Entity, Event, Fact, Interval, Mention
from .dialects import Dialect, connect, resolve_url
from .migrations import MIGRATIONS

__all__ = ["Citation", "ClaimRow", "ClaimRows", "Store", "claim_row", "record_json", "resolve_url"]


_loads = orjson.loads  # several times faster than json.loads on the many small records a query reads


def record_json(d: dict[str, Any]) -> str:
    """A record as stored: compact JSON with sorted keys, so that equal records give equal text."""
    return orjson.dumps(d, option=orjson.OPT_SORT_KEYS).decode()


ClaimRow = tuple[str, str, str, str, str, str]  # a claim as the store writes it: id, article, kind, type, status, JSON


def claim_row(c: Claim) -> ClaimRow:
    return (c.id, c.article_id, c.kind, c.type, c.status, record_json(c.to_dict()))


class ClaimRows(Sequence[Claim]):
    """Claims held as the rows the store writes, decoded into :class:`Claim` only when read as claims.

    An ingest's workers encode their claims this way (:meth:`of`); the main process stores the rows as
    they are, without building and encoding again objects it does not otherwise use.
    """

    def __init__(self, rows: Iterable[Sequence[str]]):
        self.rows: list[ClaimRow] = [tuple(r) for r in rows]  # type: ignore[misc]
        for r in self.rows:
            if len(r) != 6:
                raise ValueError(f"a claim row has 6 values, not {len(r)}")

    @classmethod
    def of(cls, claims: Iterable[Claim]) -> ClaimRows:
        return cls([claim_row(c) for c in claims])

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> Claim: ...
    @overload
    def __getitem__(self, i: slice) -> list[Claim]: ...

    def __getitem__(self, i: int | slice) -> Claim | list[Claim]:
        if isinstance(i, slice):
            return [Claim.from_dict(_loads(r[5])) for r in self.rows[i]]
        return Claim.from_dict(_loads(self.rows[i][5]))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ClaimRows):
            return self.rows == other.rows
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ClaimRows({len(self.rows)} claims)"


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


class Store:
    """A factiongraph database. Open with :meth:`open`; use as a context manager."""

    def __init__(self, conn: Any, dialect: Dialect, url: str):
        self.conn = conn
        self.dialect = dialect
        self.url = url
        self._depth = 0
        self._has_revisions = False  # whether the facts' revision counter is known to exist

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, db: str | None = None, *, create: bool = True) -> Store:
        url = resolve_url(db)
        conn, dialect = connect(url)
        store = cls(conn, dialect, url)
        if create:
            store.migrate()
        return store

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            cur = self.conn.cursor()
            cur.execute(self.dialect.sql(sql), tuple(params))
            return cur
        except Exception as exc:
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"database error on {self.url}: {exc}") from exc

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        try:
            cur = self.conn.cursor()
            cur.executemany(self.dialect.sql(sql), rows)
        except Exception as exc:
            raise StoreError(f"database error on {self.url}: {exc}") from exc

    def _o(self, column: str, *, nullable: bool = False) -> str:
        """An ORDER BY term on a text column that sorts alike on SQLite and PostgreSQL."""
        return self.dialect.order(column, nullable=nullable)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._exec(sql, params).fetchall())

    def _rows_in(self, sql: str, ids: Iterable[str], params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of ``sql`` for these ids, read in chunks of bound parameters: each ``{marks}`` in
        ``sql`` stands for one chunk's placeholders, bound after ``params``."""
        wanted = sorted(set(ids))
        n = sql.count("{marks}")
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            out.extend(self._rows(sql.format(marks=", ".join("?" for _ in chunk)), [*params, *chunk * n]))
        self._finish_read()
        return out

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a failure inside leaves the database as it was."""
        self._depth += 1
        outer = self._depth == 1
        try:
            if outer and self.dialect.name == "sqlite":
                self._exec("BEGIN IMMEDIATE")
            yield
            if outer:
                if self.dialect.name == "sqlite":
                    self._exec("COMMIT")
                else:
                    self.conn.commit()
        except BaseException:
            if outer:
                with contextlib.suppress(Exception):
                    if self.dialect.name == "sqlite":
                        self._exec("ROLLBACK")
                    else:
                        self.conn.rollback()
            raise
        finally:
            self._depth -= 1

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction, all or nothing for what runs inside without ending the transaction: a
        failure rolls back to where the savepoint began and is raised. Outside one, a transaction."""
        if self._depth == 0:
            with self.transaction():
                yield
            return
        name = f"fg_{self._depth}"
        self._exec(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self._exec(f"ROLLBACK TO SAVEPOINT {name}")
                self._exec(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self._exec(f"RELEASE SAVEPOINT {name}")
        finally:
            self._depth -= 1

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the database, even while another connection writes.

        A query that reads several tables (the facts, then their claims) would otherwise
        see a writer's commit between two reads. SQLite: a deferred transaction (in WAL
        mode it never blocks the writer); PostgreSQL: a REPEATABLE READ transaction.
        """
        if self._depth:  # already inside a transaction or a snapshot
            yield
            return
        self._depth += 1
        try:
            if self.dialect.name == "sqlite":
                self._exec("BEGIN")
            else:
                self.conn.commit()  # end the implicit transaction a previous read may have left open
                self._exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield
        finally:
            self._depth -= 1
            with contextlib.suppress(Exception):
                if self.dialect.name == "sqlite":
                    self._exec("COMMIT")
                else:
                    self.conn.commit()

    def _finish_read(self) -> None:
        # PostgreSQL opens a transaction even for reads; end it so that readers see new writes.
        if self.dialect.name != "sqlite" and self._depth == 0:
            with contextlib.suppress(Exception):
                self.conn.commit()

    def migrate(self) -> list[int]:
        """Apply the migrations this database has not seen; returns their numbers.

        An up-to-date database is only read, so opening it never waits for a writer's lock
        (a reader opening while an ingest writes). Otherwise the migrations run in one
        transaction, serialised between processes (SQLite's write lock, a PostgreSQL
        advisory lock), so two processes opening a new database at once do not collide.
        """
        if self._up_to_date():
            return []
        with self.transaction():
            if self.dialect.name != "sqlite":
                self._exec("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            self._exec(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
            )
            done = {r[0] for r in self._rows("SELECT version FROM schema_migrations")}
            applied = []
            for version, name, statements in MIGRATIONS:
                if version in done:
                    continue
                for st in statements:
                    sql = st if isinstance(st, str) else st.get(self.dialect.name)
                    if sql is not None:
                        self._exec(sql)
                self._exec("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, name))
                applied.append(version)
        return applied

    def _up_to_date(self) -> bool:
        """Whether every migration is already applied (False too when the database is new)."""
        try:
            rows = self._rows("SELECT version FROM schema_migrations")
        except StoreError:
            if self.dialect.name != "sqlite":
                with contextlib.suppress(Exception):
                    self.conn.rollback()
            return False
        self._finish_read()
        return {r[0] for r in rows} >= {m[0] for m in MIGRATIONS}

    def schema_version(self) -> int:
        rows = self._rows("SELECT MAX(version) FROM schema_migrations")
        self._finish_read()
        return int(rows[0][0] or 0)

    # ------------------------------------------------------------ articles
    def has_article(self, article_id: str) -> bool:
        rows = self._rows("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        self._finish_read()
        return bool(rows)

    def article_ids(self) -> set[str]:
        rows = self._rows("SELECT id FROM articles")
        self._finish_read()
        return {r[0] for r in rows}

    def add_article(self, a: Article) -> bool:
        """Store an article once; returns False when it was already there."""
        if self.has_article(a.id):
            return False
        seq = self._rows("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles")[0][0]
        self._exec(
            self.dialect.insert_ignore(
                "articles",
                ["id", "source", "title", "url", "text", "published_earliest", "published_latest",
                 "basis", "seq", "data"],
            ),
            (a.id, a.source, a.title, a.url, a.text, _iso(a.published.earliest), _iso(a.published.latest),
             a.basis, seq, record_json(a.to_dict())),
        )
        return True

    def update_article(self, a: Article) -> None:
        """Replace an article's derived fields (its publication interval); the text never changes."""
        self._exec(
            "UPDATE articles SET published_earliest = ?, published_latest = ?, basis = ?, data = ? WHERE id = ?",
            (_iso(a.published.earliest), _iso(a.published.latest), a.basis, record_json(a.to_dict()), a.id),
        )
        self.mark_pending("article", [a.id])  # its claims' dates may change

    def articles(self) -> list[Article]:
        rows = self._rows("SELECT data FROM articles ORDER BY seq")
        self._finish_read()
        return [Article.from_dict(_loads(r[0])) for r in rows]

    def article_dates(self, *, undated_only: bool = False) -> dict[str, Article]:
        """Articles without their text: id, source and publication interval, read from columns only.

        What consolidation and corpus dating need, at a fraction of the cost of :meth:`articles`.
        ``undated_only`` keeps the articles whose date is inferred and not exact.
        """
        sql = "SELECT id, source, published_earliest, published_latest, basis FROM articles"
        if undated_only:
            sql += f" WHERE {_UNDATED}"
        rows = self._rows(sql + " ORDER BY seq")
        self._finish_read()
        out = {}
        for aid, source, lo, hi, basis in rows:
            e, latest = _date(lo), _date(hi)
            iv = Interval(e, latest, "day" if e is not None and e == latest else "unknown")
            out[aid] = Article(id=aid, source=source, text="", published=iv, basis=basis)
        return out

    def article(self, article_id: str) -> Article | None:
        rows = self._rows("SELECT data FROM articles WHERE id = ?", (article_id,))
        self._finish_read()
        return Article.from_dict(_loads(rows[0][0])) if rows else None

    def count(self, table: str) -> int:
        if table not in {"articles", "mentions", "entities", "claims", "facts", "events"}:
            raise ValueError(table)
        n = int(self._rows(f"SELECT COUNT(*) FROM {table}")[0][0])
        self._finish_read()
        return n

    # ------------------------------------------------------------ mentions
    def add_mentions(self, mentions: Iterable[Mention]) -> None:
        self._many(
            self.dialect.insert_ignore(
                "mentions", ["id", "article_id", "start_offset", "end_offset", "text", "type", "data"]
            ),
            ((m.id, m.article_id, m.start, m.end, m.text, m.type, record_json(m.to_dict())) for m in mentions),
        )

    def mentions(self, article_id: str | None = None) -> list[Mention]:
        if article_id is None:
            rows = self._rows(f"SELECT data FROM mentions ORDER BY {self._o('article_id')}, start_offset, end_offset")
        else:
            rows = self._rows(
                "SELECT data FROM mentions WHERE article_id = ? ORDER BY start_offset, end_offset",
                (article_id,),
            )
        self._finish_read()
        return [Mention.from_dict(_loads(r[0])) for r in rows]

    def set_mention_entities(self, mapping: dict[str, str]) -> None:
        self._many(
            "UPDATE mentions SET entity_id = ? WHERE id = ?", ((e, m) for m, e in sorted(mapping.items()))
        )
        self.mark_pending("article", {m.rsplit(":", 2)[0] for m in mapping})  # id: article:start:end

    def move_mentions(self, moves: dict[str, str]) -> None:
        """Every mention of entity ``old`` now refers to ``moves[old]``."""
        self._many("UPDATE mentions SET entity_id = ? WHERE entity_id = ?",
                   ((new, old) for old, new in sorted(moves.items())))
        self.mark_pending("entity", moves)

    def mention_entities_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Mention id -> entity id for these mentions only (what a part of the graph needs)."""
        rows = self._rows_in("SELECT id, entity_id FROM mentions WHERE entity_id IS NOT NULL AND id IN ({marks})", ids)
        return {r[0]: r[1] for r in rows}

    def mention_entities(self) -> dict[str, str]:
        rows = self._rows("SELECT id, entity_id FROM mentions WHERE entity_id IS NOT NULL")
        self._finish_read()
        return {r[0]: r[1] for r in rows}

    def share_an_article(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """Whether one article names both an entity of ``a`` and an entity of ``b`` (read from the mentions'
        links through their (entity, article) index; it stops at the first such article)."""
        xs, ys = sorted(set(a)), sorted(set(b))
        if not xs or not ys:
            return False
        marks = ", ".join("?" for _ in xs), ", ".join("?" for _ in ys)
        rows = self._rows(
            f"SELECT 1 FROM mentions x WHERE x.entity_id IN ({marks[0]}) AND EXISTS (SELECT 1 FROM mentions y "
            f"WHERE y.entity_id IN ({marks[1]}) AND y.article_id = x.article_id) LIMIT 1", [*xs, *ys])
        self._finish_read()
        return bool(rows)

    def mention_counts(self) -> dict[str, int]:
        """Entity id -> how many mentions name it."""
        rows = self._rows("SELECT entity_id, COUNT(*) FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id")
        self._finish_read()
        return {r[0]: int(r[1]) for r in rows}

    def _mention_ids_by_entity(self, ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        sql = (f"SELECT entity_id, id FROM mentions WHERE entity_id {{}} "
               f"ORDER BY {self._o('article_id')}, start_offset, end_offset")
        if ids is None:
            rows = self._rows(sql.format("IS NOT NULL"))
            self._finish_read()
        else:
            rows = self._rows_in(sql.format("IN ({marks})"), ids)
        out: dict[str, list[str]] = defaultdict(list)
        for eid, mid in rows:
            out[eid].append(mid)
        return out

    # ------------------------------------------------------------ entities
    def put_entities(self, entities: Iterable[Entity], *, order: dict[str, int] | None = None, norm: Any = None) -> None:
        """Insert or replace entities and their aliases (``order``: creation rank; ``norm``: alias lookup key)."""
        ents = list(entities)
        order = order or {}
        old = self._column_by_id("entities", "type", [e.id for e in ents])
        self.mark_pending("entity", [e.id for e in ents if e.id in old and old[e.id] != e.type])
        self._many("DELETE FROM aliases WHERE entity_id = ?", ((e.id,) for e in ents))
        self._many(
            self.dialect.upsert("entities", ["id", "type", "name", "seq", "data"], ["id"]),
            ((e.id, e.type, e.name, order.get(e.id, 0), _entity_json(e)) for e in ents),
        )
        key = norm or (lambda s: s.lower())
        self._many(
            "INSERT INTO aliases (entity_id, alias, norm, count) VALUES (?, ?, ?, ?)",
            ((e.id, a, key(a), c) for e in ents for a, c in sorted(e.aliases.items())),
        )

    def delete_entities(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        self.mark_pending("entity", ids)
        self._many("DELETE FROM aliases WHERE entity_id = ?", ((i,) for i in ids))
        self._many("DELETE FROM entities WHERE id = ?", ((i,) for i in ids))

    def entities(self, *, mentions: bool = False) -> list[Entity]:
        """Every entity, oldest first. Their mention ids are read only when ``mentions`` is true: the
        mentions' own links hold them (:meth:`mention_entities`, :meth:`mention_counts`), not the entity
        record, so that an entity named in thousands of articles is not rewritten whole each time it
        gains a mention."""
        rows = self._rows(f"SELECT data FROM entities ORDER BY seq, {self._o('id')}")
        self._finish_read()
        ents = [Entity.from_dict(_loads(r[0])) for r in rows]
        if mentions:
            by_entity = self._mention_ids_by_entity()
            for e in ents:
                e.mentions = by_entity.get(e.id, [])
        return ents

    def entity_types(self) -> dict[str, str]:
        """Entity id -> type, without decoding the entities."""
        rows = self._rows("SELECT id, type FROM entities")
        self._finish_read()
        return {r[0]: r[1] for r in rows}

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, with its mention ids."""
        rows = self._rows("SELECT data FROM entities WHERE id = ?", (entity_id,))
        self._finish_read()
        if not rows:
            return None
        e = Entity.from_dict(_loads(rows[0][0]))
        e.mentions = self._mention_ids_by_entity([entity_id]).get(entity_id, [])
        return e

    def find_entities(self, text: str, norm: str | None = None, limit: int = 20) -> list[Entity]:
        """Entities whose id, name or an alias equals ``text`` (case-insensitive), best first; then substrings."""
        q = text.strip().lower()
        exact = self._rows(
            "SELECT DISTINCT e.data, e.name, e.id FROM entities e LEFT JOIN aliases a ON a.entity_id = e.id "
            "WHERE LOWER(e.name) = ? OR LOWER(a.alias) = ? OR e.id = ? OR a.norm = ?",
            (q, q, text.strip(), norm or q),
        )
        like = f"%{q}%"
        partial = self._rows(
            "SELECT DISTINCT e.data, e.name, e.id FROM entities e LEFT JOIN aliases a ON a.entity_id = e.id "
            "WHERE LOWER(e.name) LIKE ? OR LOWER(a.alias) LIKE ?",
            (like, like),
        )
        self._finish_read()
        # Sorted here, by code point, so that both backends give the same order whatever their locale.
        by_name = sorted(exact, key=lambda r: (r[1], r[2])) + sorted(partial, key=lambda r: (r[1], r[2]))
        seen: set[str] = set()
        out = []
        for r in by_name:
            e = Entity.from_dict(_loads(r[0]))
            if e.id not in seen:
                seen.add(e.id)
                out.append(e)
            if len(out) >= limit:
                break
        return out

    # ------------------------------------------------------------ claims
    def add_claims(self, claims: Iterable[Claim]) -> None:
        """Store claims (already encoded when given as :class:`ClaimRows`)."""
        rows = claims.rows if isinstance(claims, ClaimRows) else [claim_row(c) for c in claims]
        self._many(self.dialect.insert_ignore("claims", ["id", "article_id", "kind", "type", "status", "data"]), rows)
        self.mark_pending("article", {r[1] for r in rows})

    def claims_of_articles(self, article_ids: Iterable[str], *, kind: str | None = None,
                           status: str | None = None) -> list[Claim]:
        """Every claim of these articles (of this kind and status only, when given), by id."""
        filters = [(col, v) for col, v in (("kind", kind), ("status", status)) if v is not None]
        sql = "SELECT data FROM claims WHERE " + "".join(f"{col} = ? AND " for col, _ in filters) + "article_id IN ({marks})"
        rows = self._rows_in(sql, article_ids, [v for _, v in filters])
        return sorted((Claim.from_dict(_loads(r[0])) for r in rows), key=lambda c: c.id)

    # ------------------------------------------------------------ what re-consolidation finds claims and derived records by
    def index_claims(self, rows: dict[str, tuple[str, list[tuple[str, str]]]], *, everything: bool = False) -> None:
        """Replace the index rows of these claims (claim id -> (article id, [(kind, key)])); ``everything``:
        of all claims (a full re-consolidation)."""
        if everything:
            self._exec("DELETE FROM claim_keys")
        else:  # only the claims indexed before (a new claim has no rows: a first ingest deletes nothing)
            held = self._rows_in("SELECT DISTINCT claim_id FROM claim_keys WHERE claim_id IN ({marks})", rows)
            self._many("DELETE FROM claim_keys WHERE claim_id = ?", sorted(held))
        self._many("INSERT INTO claim_keys (claim_id, article_id, kind, key) VALUES (?, ?, ?, ?)",
                   ((cid, aid, k, key) for cid, (aid, keys) in sorted(rows.items()) for k, key in keys))

    def sync_claim_index(self, rows: dict[str, tuple[str, list[tuple[str, str]]]]) -> int:
        """Make the whole claim index exactly these rows, rewriting only the claims whose rows differ
        (a full re-consolidation changes few). Returns how many claims were rewritten or dropped."""
        stored: dict[str, list[tuple[str, str]]] = {}
        for cid, kind, key in self._rows("SELECT claim_id, kind, key FROM claim_keys"):
            stored.setdefault(cid, []).append((kind, key))
        changed = {cid: v for cid, v in rows.items() if sorted(stored.get(cid, ())) != sorted(v[1])}
        gone = sorted(set(stored) - set(rows))
        self._many("DELETE FROM claim_keys WHERE claim_id = ?", ((c,) for c in gone))
        self.index_claims(changed)
        return len(changed) + len(gone)

    def sync_derived_keys(self, rows: Iterable[tuple[str, str, str]]) -> int:
        """Make all derived keys exactly these rows, writing only the difference. Returns its size."""
        new = set(rows)
        stored = {(r[0], r[1], r[2]) for r in self._rows("SELECT owner_id, kind, key FROM derived_keys")}
        self._many("DELETE FROM derived_keys WHERE owner_id = ? AND kind = ? AND key = ?", sorted(stored - new))
        self._many("INSERT INTO derived_keys (owner_id, kind, key) VALUES (?, ?, ?)", sorted(new - stored))
        return len(stored ^ new)

    def claims_with_keys(self, kind: str, keys: Iterable[str]) -> dict[str, str]:
        """Claim id -> article id of the claims indexed under any of these keys of this kind."""
        return dict(self._pairs_by_key("SELECT claim_id, article_id FROM claim_keys WHERE kind = ? AND key IN",
                                       kind, keys))

    def articles_with_keys(self, kind: str, keys: Iterable[str], *, undated_only: bool = False) -> set[str]:
        """The articles with a claim indexed under any of these keys of this kind (each once: a fact stated
        in a thousand articles is a thousand rows, not the tens of thousands of its claims); only those
        :meth:`article_dates` gives with ``undated_only`` when that is set (of a fact stated in every
        article, only the few articles without a date are wanted)."""
        if not undated_only:
            return {r[0] for r in self._rows_in(
                "SELECT DISTINCT article_id FROM claim_keys WHERE kind = ? AND key IN ({marks})", keys, [kind])}
        if not self._rows(f"SELECT 1 FROM articles WHERE {_UNDATED} LIMIT 1"):  # all dated: nothing to look for
            return set()
        return {r[0] for r in self._rows_in(
            "SELECT DISTINCT article_id FROM claim_keys WHERE kind = ? AND key IN ({marks})"
            f" AND article_id IN (SELECT id FROM articles WHERE {_UNDATED})", keys, [kind])}

    def claim_keys_of(self, claim_ids: Iterable[str], kind: str) -> dict[str, list[str]]:
        """The keys of this kind the index holds for these claims (as of the last consolidation)."""
        out: dict[str, list[str]] = {}
        # the kind is filtered here: in SQL the planner would take the (kind, key) index and scan a whole kind
        for cid, k, key in self._rows_in("SELECT claim_id, kind, key FROM claim_keys WHERE claim_id IN ({marks})",
                                         claim_ids):
            if k == kind:
                out.setdefault(cid, []).append(key)
        return out

    def put_derived_keys(self, rows: Iterable[tuple[str, str, str]], *, remove: Iterable[str] = (),
                         kind: str | None = None, everything: bool = False) -> None:
        """Replace the (owner id, kind, key) rows of derived records (events: their claims, lookup keys,
        linked group and whether a rule reads them); the owners in ``remove`` lose theirs (only those of
        ``kind`` when given)."""
        rows = sorted(set(rows))
        if everything:
            self._exec("DELETE FROM derived_keys")
        else:
            owners = sorted(set(remove) | {r[0] for r in rows})
            if kind is None:
                self._many("DELETE FROM derived_keys WHERE owner_id = ?", ((o,) for o in owners))
            else:
                self._many("DELETE FROM derived_keys WHERE owner_id = ? AND kind = ?", ((o, kind) for o in owners))
        self._many("INSERT INTO derived_keys (owner_id, kind, key) VALUES (?, ?, ?)", rows)

    def derived_with_keys(self, kind: str, keys: Iterable[str]) -> dict[str, list[str]]:
        """Owner id -> the given keys of this kind it holds."""
        out: dict[str, list[str]] = {}
        for owner, key in self._pairs_by_key("SELECT owner_id, key FROM derived_keys WHERE kind = ? AND key IN",
                                             kind, keys):
            out.setdefault(owner, []).append(key)
        return out

    def derived_keys_of(self, owner_ids: Iterable[str], kind: str) -> dict[str, list[str]]:
        """The keys of this kind these derived records hold."""
        out: dict[str, list[str]] = {}
        for owner, k, key in self._rows_in("SELECT owner_id, kind, key FROM derived_keys WHERE owner_id IN ({marks})",
                                           owner_ids):
            if k == kind:  # filtered here, as in :meth:`claim_keys_of`
                out.setdefault(owner, []).append(key)
        return out

    def _pairs_by_key(self, sql: str, kind: str, keys: Iterable[str]) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self._rows_in(sql + " ({marks})", keys, [kind])]

    def mark_pending(self, kind: str, keys: Iterable[str]) -> None:
        """Record what changed since the last consolidation: an ``article`` (its claims or date), an
        ``entity`` (merged away, moved or retyped: the claims naming it), or ``full``."""
        self._many(self.dialect.insert_ignore("pending", ["kind", "key"]), ((kind, k) for k in sorted(set(keys))))

    def pending(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for kind, key in self._rows("SELECT kind, key FROM pending"):
            out.setdefault(kind, set()).add(key)
        self._finish_read()
        return out

    def clear_pending(self, kinds: Iterable[str] = ("article", "entity", "full")) -> None:
        """Forget the recorded changes of these kinds (by default, what consolidation has now taken in;
        ``date`` marks, the undated articles corpus dating must look at again, stay)."""
        self._many("DELETE FROM pending WHERE kind = ?", ((k,) for k in kinds))

    def _column_by_id(self, table: str, column: str, ids: Iterable[str]) -> dict[str, Any]:
        return dict(self._column_pairs(table, column, ids))

    def _column_pairs(self, table: str, column: str, ids: Iterable[str]) -> list[tuple[str, Any]]:
        """(id, column) of the rows of ``table`` with these ids, in chunks of bound parameters."""
        return [(r[0], r[1]) for r in self._rows_in(f"SELECT id, {column} FROM {table} WHERE id IN ({{marks}})", ids)]

    def claims(self, article_id: str | None = None) -> list[Claim]:
        if article_id is None:
            rows = self._rows(f"SELECT data FROM claims ORDER BY {self._o('id')}")
        else:
            rows = self._rows(f"SELECT data FROM claims WHERE article_id = ? ORDER BY {self._o('id')}", (article_id,))
        self._finish_read()
        return [Claim.from_dict(_loads(r[0])) for r in rows]

    def claims_by_id(self, ids: Iterable[str]) -> dict[str, Claim]:
        """The claims with these ids (the evidence of a few facts), without reading every claim."""
        return {c.id: c for c in map(Claim.from_dict, self._data_by_id("claims", ids))}

    def _data_by_id(self, table: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The decoded ``data`` of the rows of ``table`` with these ids, in chunks of bound parameters."""
        return [_loads(r[0]) for r in self._rows_in(f"SELECT data FROM {table} WHERE id IN ({{marks}})", ids)]

    # ------------------------------------------------------------ facts and events
    def replace_facts(self, facts: Iterable[Fact], *, remove: Iterable[str] = (),
                      render: Callable[[Fact], dict[str, Any]] | None = None) -> None:
        """Insert or replace facts and delete those in ``remove``; ``render`` gives each fact's view
        (the dict queries return), kept alongside so that answers need not read the claims."""
        facts = list(facts)
        self._many("DELETE FROM facts WHERE id = ?", ((i,) for i in remove))
        self._many(
            self.dialect.upsert(
                "facts", ["id", "type", "subject", "object", "valid_from", "valid_to", "data", "view"], ["id"]
            ),
            ((f.id, f.type, f.subject, f.object, _valid_from(f), _valid_to(f), record_json(f.to_dict()),
              record_json(render(f)) if render is not None else None) for f in facts),
        )

    def stale_facts(self, facts: Iterable[Fact]) -> tuple[list[Fact], list[str]]:
        """Of the facts a consolidation gives (all of them), those that differ from the stored ones or are
        stored without a view, and the ids of stored facts no longer among them."""
        facts = list(facts)
        stored = {r[0]: (r[1], bool(r[2])) for r in self._rows("SELECT id, data, view IS NULL FROM facts")}

        def stale(f: Fact) -> bool:
            old = stored.get(f.id)
            return old is None or old[1] or old[0] != record_json(f.to_dict())

        return [f for f in facts if stale(f)], sorted(set(stored) - {f.id for f in facts})

    def fact_views(self, ids: Iterable[str]) -> dict[str, tuple[Fact, dict[str, Any] | None]]:
        """The stored facts with these ids and their views (None: stored without one)."""
        rows = self._rows_in("SELECT data, view FROM facts WHERE id IN ({marks})", ids)
        with _gc_paused():
            return {f.id: (f, _loads(v) if v is not None else None)
                    for f, v in ((Fact.from_dict(_loads(d)), v) for d, v in rows)}

    def sync_facts(self, facts: Iterable[Fact], *, render: Callable[[Fact], dict[str, Any]],
                   changed: set[str] | None = None) -> int:
        """Make the stored facts exactly these, writing only what differs (re-consolidating after a small
        ingest changes few); ``render`` is as for :meth:`replace_facts`. Returns how many facts were
        written or removed; their ids are added to ``changed``."""
        fresh, gone = self.stale_facts(facts)
        self.replace_facts(fresh, remove=gone, render=render)
        if changed is not None:
            changed.update([f.id for f in fresh], gone)
        return len(fresh) + len(gone)

    def sync_events(self, events: Iterable[Event], scope: Iterable[str] | None = None) -> int:
        """Make the stored events with ids in ``scope`` (every event when None) exactly these, which must
        lie in it, writing only what differs. Returns how many were written or removed."""
        events = list(events)
        if scope is None:
            stored = dict(self._rows("SELECT id, data FROM events"))
        else:
            wanted = set(scope) | {e.id for e in events}
            stored = dict(self._rows_in("SELECT id, data FROM events WHERE id IN ({marks})", wanted))
        fresh = [e for e in events if stored.get(e.id) != record_json(e.to_dict())]
        gone = sorted(set(stored) - {e.id for e in events})
        self.replace_events(fresh, remove=gone)
        return len(fresh) + len(gone)

    # ------------------------------------------------------------ tallies: what each fact key's claims say
    def put_tallies(self, tallies: dict[str, dict[str, Any] | None], *, everything: bool = False) -> None:
        """Set the tally (see ``graph.consolidate.Tally``) of each fact key (its text); None deletes it.
        ``everything``: these are all of them."""
        if everything:
            self._exec("DELETE FROM base_facts")
        else:
            self._many("DELETE FROM base_facts WHERE key = ?", sorted((k,) for k, t in tallies.items() if t is None))
        self._many(self.dialect.upsert("base_facts", ["key", "data"], ["key"]),
                   ((k, record_json(t)) for k, t in sorted(tallies.items()) if t is not None))

    # ------------------------------------------------------------ event reports: what each event is made of
    def put_event_reports(self, reports: dict[str, list[tuple[str, int, str]]], *, remove: Iterable[str] = (),
                          everything: bool = False) -> None:
        """Set the reports (see ``graph.consolidate.Report``) each of these events is made of, by event id, as
        (article id, seq, JSON text); the events in ``remove`` lose theirs. ``everything``: these are all
        of them."""
        if everything:
            self._exec("DELETE FROM event_reports")
        else:
            self._many("DELETE FROM event_reports WHERE event_id = ?", ((e,) for e in sorted(set(remove) | set(reports))))
        self._many("INSERT INTO event_reports (event_id, article_id, seq, data) VALUES (?, ?, ?, ?)",
                   ((eid, a, seq, text) for eid, rs in sorted(reports.items()) for a, seq, text in rs))

    def event_reports(self, event_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The reports of these events, by event id, each event's in (article id, seq) order."""
        return {eid: [d for _, d in recs] for eid, recs in self.event_report_records(event_ids).items()}

    def event_report_records(self, event_ids: Iterable[str]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        """As :meth:`event_reports`, each report with its stored JSON text (written back as it was when the
        report is kept unchanged)."""
        rows = self._rows_in("SELECT event_id, article_id, seq, data FROM event_reports WHERE event_id IN ({marks})",
                             event_ids)
        out: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        with _gc_paused():
            for eid, _, _, data in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
                out.setdefault(eid, []).append((data, _loads(data)))
        return out

    def tallies(self, keys: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """The tallies of these fact keys (every one when None), by key text."""
        if keys is None:
            rows = self._rows("SELECT key, data FROM base_facts")
        else:
            rows = self._rows_in("SELECT key, data FROM base_facts WHERE key IN ({marks})", keys)
        with _gc_paused():
            return {k: _loads(d) for k, d in rows}

    def events_by_id(self, ids: Iterable[str]) -> dict[str, Event]:
        return {e.id: e for e in map(Event.from_dict, self._data_by_id("events", ids))}

    def article_dates_of(self, ids: Iterable[str]) -> dict[str, Article]:
        """As :meth:`article_dates`, for these articles only."""
        out = {}
        for aid, source, lo, hi, basis in self._rows_in(
                "SELECT id, source, published_earliest, published_latest, basis FROM articles WHERE id IN ({marks})", ids):
            e, latest = _date(lo), _date(hi)
            iv = Interval(e, latest, "day" if e is not None and e == latest else "unknown")
            out[aid] = Article(id=aid, source=source, text="", published=iv, basis=basis)
        return out

    def clear_derived(self) -> None:
        for table in ("event_participants", "events", "event_reports", "facts", "base_facts"):
            self._exec(f"DELETE FROM {table}")
        self.mark_pending("full", [""])

    def facts_by_id(self, ids: Iterable[str]) -> dict[str, Fact]:
        return {f.id: f for f in map(Fact.from_dict, self._data_by_id("facts", ids))}

    def facts(self) -> list[Fact]:
        rows = self._rows(f"SELECT data FROM facts ORDER BY {self._o('id')}")
        self._finish_read()
        return [Fact.from_dict(_loads(r[0])) for r in rows]

    def facts_asof(self, day: dt.date) -> list[Fact]:
        """Facts known to hold on ``day``: begun by then and not ended before it."""
        d = day.isoformat()
        rows = self._rows(
            "SELECT data FROM facts WHERE valid_from IS NOT NULL AND valid_from <= ? "
            f"AND (valid_to IS NULL OR valid_to >= ?) ORDER BY {self._o('id')}",
            (d, d),
        )
        self._finish_read()
        return [Fact.from_dict(_loads(r[0])) for r in rows]

    def fact_views_asof(self, day: dt.date, *, types: Iterable[str] | None = None,
                        entity: str | None = None) -> list[dict[str, Any]] | None:
        """The views of the facts :meth:`facts_asof` selects, or None when one has no view yet.

        ``types`` keeps the facts of these types only, ``entity`` those with it as subject or object.
        """
        texts = self.fact_view_texts_asof(day, types=types, entity=entity)
        if texts is None:
            return None
        with _gc_paused():
            return [_loads(t) for t in texts]

    def fact_view_texts_asof(self, day: dt.date, *, types: Iterable[str] | None = None,
                             entity: str | None = None) -> list[str] | None:
        """As :meth:`fact_views_asof`, each view as its stored JSON text: an answer printed or served as
        JSON is assembled from these without decoding and encoding them again."""
        rows = self.fact_view_pairs_asof(day, types=types, entity=entity)
        texts = [t for _, t in rows if t is not None]
        return texts if len(texts) == len(rows) else None

    def fact_view_pairs_asof(self, day: dt.date, *, types: Iterable[str] | None = None,
                             entity: str | None = None) -> list[tuple[str, str | None]]:
        """(id, stored view or None) of the facts :meth:`fact_views_asof` selects, ordered by id.

        Ordered by id here rather than in SQL: the database would sort the rows with their views, which
        are large, and a sort in Python by code point is the order both backends give.
        """
        where = self._asof_where(day, types, entity)
        if where is None:
            return []
        rows = self._rows("SELECT id, view FROM facts WHERE " + where[0], where[1])
        self._finish_read()
        rows.sort(key=_first)
        return rows

    def fact_ids_asof(self, day: dt.date, *, types: Iterable[str] | None = None,
                      entity: str | None = None) -> list[str]:
        """The ids of the facts :meth:`fact_views_asof` selects, ordered by id: read from the index
        alone, for a reader that keeps the views it decoded (``graph.queries.ViewCache``)."""
        where = self._asof_where(day, types, entity)
        if where is None:
            return []
        rows = self._rows("SELECT id FROM facts WHERE " + where[0], where[1])
        self._finish_read()
        return sorted(r[0] for r in rows)

    def fact_view_texts_by_id(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Fact id -> its stored view (None when it has none yet), for these facts only."""
        return {r[0]: r[1] for r in self._rows_in("SELECT id, view FROM facts WHERE id IN ({marks})", ids)}

    def _asof_where(self, day: dt.date, types: Iterable[str] | None,
                    entity: str | None) -> tuple[str, list[str]] | None:
        """The condition on ``facts`` of an as-of read and its parameters; None when it selects nothing."""
        d = day.isoformat()
        sql = "valid_from IS NOT NULL AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)"
        params = [d, d]
        if types is not None:
            wanted = sorted(set(types))
            if not wanted:
                return None
            sql += f" AND type IN ({', '.join('?' for _ in wanted)})"
            params += wanted
        if entity is not None:
            sql += " AND (subject = ? OR object = ?)"
            params += [entity, entity]
        return sql, params

    def facts_revision(self) -> int | None:
        """A number that changes with every committed write to the facts (database triggers keep it), read
        in the caller's snapshot; None for a database opened without migrating that has no counter yet."""
        if not self._has_revisions:
            rows = self._rows("SELECT 1 FROM schema_migrations WHERE version = ?", (_REVISIONS_MIGRATION,))
            self._has_revisions = bool(rows)
            if not rows:
                self._finish_read()
                return None
        rows = self._rows("SELECT value FROM revisions WHERE name = 'facts'")
        self._finish_read()
        return int(rows[0][0]) if rows else None

    def facts_of(self, entity_id: str) -> list[Fact]:
        rows = self._rows(
            "SELECT data FROM facts WHERE subject = ? OR object = ? "
            f"ORDER BY {self._o('valid_from', nullable=True)}, {self._o('id')}",
            (entity_id, entity_id),
        )
        self._finish_read()
        return [Fact.from_dict(_loads(r[0])) for r in rows]

    def replace_events(self, events: Iterable[Event], *, remove: Iterable[str] = ()) -> None:
        events = list(events)
        gone = list(remove) + [e.id for e in events]
        self._many("DELETE FROM event_participants WHERE event_id = ?", ((i,) for i in gone))
        self._many("DELETE FROM events WHERE id = ?", ((i,) for i in remove))
        self._many(
            self.dialect.upsert(
                "events", ["id", "type", "status", "date_earliest", "date_latest", "data"], ["id"]
            ),
            (
                (e.id, e.type, e.status, _iso(e.date.earliest if e.date else None),
                 _iso(e.date.latest if e.date else None), record_json(e.to_dict()))
                for e in events
            ),
        )
        self._many(
            self.dialect.insert_ignore("event_participants", ["event_id", "entity_id"]),
            ((e.id, p) for e in events for p in sorted(set(e.participants))),
        )

    def events(self) -> list[Event]:
        rows = self._rows(
            f"SELECT data FROM events ORDER BY {self._o('date_earliest', nullable=True)}, {self._o('id')}"
        )
        self._finish_read()
        return [Event.from_dict(_loads(r[0])) for r in rows]

    def events_of(self, entity_id: str) -> list[Event]:
        rows = self._rows(
            "SELECT e.data FROM events e JOIN event_participants p ON p.event_id = e.id "
            f"WHERE p.entity_id = ? ORDER BY {self._o('e.date_earliest', nullable=True)}, {self._o('e.id')}",
            (entity_id,),
        )
        self._finish_read()
        return [Event.from_dict(_loads(r[0])) for r in rows]

    def event_records_of(self, entity_id: str) -> list[dict[str, Any]]:
        """The events :meth:`events_of` returns, as their stored dicts (``Event.to_dict``): a query
        that only renders them skips building the records."""
        rows = self._rows(
            "SELECT e.data FROM events e JOIN event_participants p ON p.event_id = e.id "
            f"WHERE p.entity_id = ? ORDER BY {self._o('e.date_earliest', nullable=True)}, {self._o('e.id')}",
            (entity_id,),
        )
        self._finish_read()
        with _gc_paused():
            return [_loads(r[0]) for r in rows]

    def claim_citations(self, ids: Iterable[str]) -> dict[str, Citation]:
        """What an evidence entry shows of each of these claims (its article, span, trigger and source),
        without building the claims: a timeline cites thousands of them."""
        with _gc_paused():
            return {d["id"]: Citation(d["article_id"], tuple(d["evidence"]), d.get("trigger"), d.get("source"))
                    for d in self._data_by_id("claims", ids)}

    # ------------------------------------------------------------ per-article notes
    def put_note(self, article_id: str, data: dict[str, Any]) -> None:
        self._exec(self.dialect.upsert("article_notes", ["article_id", "data"], ["article_id"]),
                   (article_id, record_json(data)))

    def notes(self) -> dict[str, dict[str, Any]]:
        rows = self._rows("SELECT article_id, data FROM article_notes")
        self._finish_read()
        return {r[0]: _loads(r[1]) for r in rows}

    # ------------------------------------------------------------ user decisions
    def add_decision(self, decision_id: str, data: dict[str, Any]) -> None:
        seq = self._rows("SELECT COALESCE(MAX(seq), 0) + 1 FROM decisions")[0][0]
        self._exec(
            self.dialect.insert_ignore("decisions", ["id", "seq", "data"]), (decision_id, seq, record_json(data))
        )

    def decisions(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT data FROM decisions ORDER BY seq")
        self._finish_read()
        return [_loads(r[0]) for r in rows]


class Citation(NamedTuple):
    """The fields of a claim that an evidence entry shows (see ``graph.queries``)."""

    article_id: str
    evidence: tuple[int, ...]
    trigger: str | None
    source: str | None


def _entity_json(e: Entity) -> str:
    """An entity as stored: everything but its mention ids, which the mentions' links hold."""
    d = e.to_dict()
    d.pop("mentions", None)
    return record_json(d)


def _first(row: tuple[Any, ...]) -> Any:
    return row[0]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Cyclic garbage collection off while many JSON records are decoded.

    Decoded JSON holds no reference cycles, yet the tens of thousands of dicts of a big answer set
    off collections that scan them again and again: the slow tail of as-of and timeline answers.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# an article whose date is inferred and not exact: those corpus dating looks at (migration 9 indexes them)
_UNDATED = ("basis NOT IN ('header', 'metadata') AND (published_earliest IS NULL OR published_latest IS NULL"
            " OR published_earliest <> published_latest)")


_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on bound parameters
_REVISIONS_MIGRATION = 7  # the migration that adds the revision counter (store/migrations.py)
_MIGRATION_LOCK = 0x66_67_6D_69  # any constant: the key of the advisory lock that serialises migrations


def _valid_from(f: Fact) -> str | None:
    """The first day the fact is known to hold: its start, else the first article that states it."""
    if f.start is not None and f.start.latest is not None:
        return f.start.latest.isoformat()
    if f.first_seen is not None:
        return f.first_seen.isoformat()
    return None


def _valid_to(f: Fact) -> str | None:
    """The last day the fact is known to hold; ``None`` while nothing has ended it."""
    if f.ended and f.end is not None:
        d = f.end.earliest or f.end.latest
        if d is not None:
            return (d - dt.timedelta(days=1)).isoformat() if f.end.earliest else d.isoformat()
    return None
