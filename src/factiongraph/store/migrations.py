"""Schema migrations: numbered, applied once, in order, recorded in ``schema_migrations``.

A new schema change is a new entry at the end of ``MIGRATIONS``; an entry is
never edited once released. A statement is portable SQL, or a dict of the
statement of each dialect (``sqlite``, ``postgresql``) where they differ: a
dialect the dict leaves out runs nothing.
"""

from __future__ import annotations

Statement = str | dict[str, str]


def _revision_triggers(table: str, counter: str) -> list[Statement]:
    """Triggers that add one to the ``revisions`` row ``counter`` whenever ``table`` is written.

    In the database rather than in the code that writes, so that no write path can forget it: a
    reader that caches what it read (``Graph.asof``) compares the counter, read in the same
    snapshot as the rows, to know its copies are still current. SQLite has row triggers only;
    PostgreSQL bumps once per statement.
    """
    sqlite = [
        f"CREATE TRIGGER IF NOT EXISTS {table}_revision_{op.lower()} AFTER {op} ON {table} "
        f"BEGIN UPDATE revisions SET value = value + 1 WHERE name = '{counter}'; END"
        for op in ("INSERT", "UPDATE", "DELETE")
    ]
    return [
        *({"sqlite": st} for st in sqlite),
        {"postgresql": f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION factiongraph_bump_revision('{counter}')"},
    ]


MIGRATIONS: list[tuple[int, str, list[Statement]]] = [
    (
        1,
        "initial schema",
        [
            """CREATE TABLE IF NOT EXISTS articles (
                id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                title TEXT,
                url TEXT,
                text TEXT NOT NULL,
                published_earliest TEXT,
                published_latest TEXT,
                basis TEXT NOT NULL,
                seq INTEGER NOT NULL,
                data TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS articles_seq ON articles (seq)",
            """CREATE TABLE IF NOT EXISTS mentions (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles (id),
                start_offset INTEGER NOT NULL,
                end_offset INTEGER NOT NULL,
                text TEXT NOT NULL,
                type TEXT NOT NULL,
                entity_id TEXT,
                data TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS mentions_article ON mentions (article_id)",
            "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (entity_id)",
            """CREATE TABLE IF NOT EXISTS entities (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                seq INTEGER NOT NULL,
                data TEXT NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS aliases (
                entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
                alias TEXT NOT NULL,
                norm TEXT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (entity_id, alias)
            )""",
            "CREATE INDEX IF NOT EXISTS aliases_norm ON aliases (norm)",
            """CREATE TABLE IF NOT EXISTS claims (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles (id),
                kind TEXT NOT NULL,
                type TEXT NOT NULL,
                status TEXT NOT NULL,
                data TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS claims_article ON claims (article_id)",
            """CREATE TABLE IF NOT EXISTS facts (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                subject TEXT NOT NULL,
                object TEXT,
                valid_from TEXT,
                valid_to TEXT,
                data TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS facts_subject ON facts (subject)",
            "CREATE INDEX IF NOT EXISTS facts_object ON facts (object)",
            "CREATE INDEX IF NOT EXISTS facts_valid ON facts (valid_from, valid_to)",
            """CREATE TABLE IF NOT EXISTS events (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                status TEXT NOT NULL,
                date_earliest TEXT,
                date_latest TEXT,
                data TEXT NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS event_participants (
                event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
                entity_id TEXT NOT NULL,
                PRIMARY KEY (event_id, entity_id)
            )""",
            "CREATE INDEX IF NOT EXISTS event_participants_entity ON event_participants (entity_id)",
            """CREATE TABLE IF NOT EXISTS decisions (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                data TEXT NOT NULL
            )""",
        ],
    ),
    (
        2,
        "per-article analysis notes (acronym definitions), so resolution can be rebuilt without NLP",
        [
            """CREATE TABLE IF NOT EXISTS article_notes (
                article_id TEXT PRIMARY KEY REFERENCES articles (id),
                data TEXT NOT NULL
            )""",
        ],
    ),
    (
        3,
        "each fact as queries show it (its evidence resolved), so an as-of answer reads no claims",
        ["ALTER TABLE facts ADD COLUMN view TEXT"],
    ),
    (
        5,
        "claim index, derived keys and pending changes, so that an ingest re-consolidates only what it touches",
        [
            """CREATE TABLE IF NOT EXISTS claim_keys (
                claim_id TEXT NOT NULL,
                article_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                key TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS claim_keys_key ON claim_keys (kind, key)",
            "CREATE INDEX IF NOT EXISTS claim_keys_claim ON claim_keys (claim_id)",
            """CREATE TABLE IF NOT EXISTS derived_keys (
                owner_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                key TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS derived_keys_key ON derived_keys (kind, key)",
            "CREATE INDEX IF NOT EXISTS derived_keys_owner ON derived_keys (owner_id)",
            """CREATE TABLE IF NOT EXISTS pending (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                PRIMARY KEY (kind, key)
            )""",
            "INSERT INTO pending (kind, key) VALUES ('full', '')",
        ],
    ),
    (
        6,
        "what each fact key's claims say (its tally), so that an ingest adds new claims without reading old ones",
        [
            """CREATE TABLE IF NOT EXISTS base_facts (
                key TEXT PRIMARY KEY,
                data TEXT NOT NULL
            )""",
            "DELETE FROM claim_keys WHERE kind IN ('chain', 'look')",
            "DELETE FROM derived_keys",
            "INSERT INTO pending (kind, key) SELECT 'full', '' WHERE NOT EXISTS "
            "(SELECT 1 FROM pending WHERE kind = 'full')",
        ],
    ),
    (
        7,
        "a revision counter of the facts, so that a reader's cache of fact views knows when it is stale; "
        "the as-of index covers the ids",
        [
            "CREATE TABLE IF NOT EXISTS revisions (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            "INSERT INTO revisions (name, value) VALUES ('facts', 0)",
            {"postgresql": "CREATE OR REPLACE FUNCTION factiongraph_bump_revision() RETURNS trigger "
                           "LANGUAGE plpgsql AS $$ BEGIN "
                           "UPDATE revisions SET value = value + 1 WHERE name = TG_ARGV[0]; RETURN NULL; END $$"},
            *_revision_triggers("facts", "facts"),
            "DROP INDEX IF EXISTS facts_valid",
            "CREATE INDEX IF NOT EXISTS facts_valid ON facts (valid_from, valid_to, type, id)",
        ],
    ),
    (
        8,
        "the reports each event is made of, so that an ingest groups events again without reading old claims",
        [
            """CREATE TABLE IF NOT EXISTS event_reports (
                event_id TEXT NOT NULL,
                article_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                data TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS event_reports_event ON event_reports (event_id)",
            "INSERT INTO pending (kind, key) SELECT 'full', '' WHERE NOT EXISTS "
            "(SELECT 1 FROM pending WHERE kind = 'full')",
        ],
    ),
    (
        9,
        "an index of the articles whose date is inferred and not exact, so that finding the undated articles "
        "of a changed fact does not read every article",
        [
            "CREATE INDEX IF NOT EXISTS articles_undated ON articles (id) WHERE basis NOT IN ('header', 'metadata')"
            " AND (published_earliest IS NULL OR published_latest IS NULL OR published_earliest <> published_latest)",
        ],
    ),
    (
        10,
        "an entity's mentions are the mentions linked to it, no longer a list in the entity's record (which a "
        "party named in thousands of articles rewrote whole whenever it gained one); an index to find the "
        "articles of an entity from the links alone",
        [
            {"sqlite": "UPDATE entities SET data = json_remove(data, '$.mentions')",
             "postgresql": "UPDATE entities SET data = (data::jsonb - 'mentions')::text"},
            "CREATE INDEX IF NOT EXISTS mentions_entity_article ON mentions (entity_id, article_id)",
            "DROP INDEX IF EXISTS mentions_entity",
        ],
    ),
    (
        11,
        "a fact key's tally keeps the day each claim says the fact held, not only the first and last, so that a "
        "claim can be taken out of it: the tallies are made again by one full re-consolidation",
        [
            "INSERT INTO pending (kind, key) SELECT 'full', '' WHERE NOT EXISTS "
            "(SELECT 1 FROM pending WHERE kind = 'full')",
        ],
    ),
]
