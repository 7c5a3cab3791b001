"""The full-text index over search_document, written per database.

SQLite: an FTS5 table with external content (it stores the index, not a second copy of the
terms), kept in step by triggers, and an fts5vocab table for term statistics. Its columns are
named like search_document's because FTS5 reads an external content table by column name
('rebuild', 'integrity-check'). Note: Django rebuilds a SQLite table for most AlterField
operations, which drops its triggers; a later migration changing search_document on SQLite
must run the trigger statements again.

PostgreSQL: a generated tsvector column (title weight A, body weight B) and a GIN index.

Only the "ask" kinds (question, article) are indexed here, so "has this been asked before?"
stays small when the search issue adds posts and answers to search_document.
"""

from django.db import migrations

ASK_KINDS = "('question', 'article')"

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_ask_fts USING fts5(
        title_terms, body_terms,
        content='search_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    "CREATE VIRTUAL TABLE search_ask_vocab USING fts5vocab(search_ask_fts, 'row')",
    f"""CREATE TRIGGER search_document_ai AFTER INSERT ON search_document
        WHEN new.kind IN {ASK_KINDS} BEGIN
        INSERT INTO search_ask_fts(rowid, title_terms, body_terms)
            VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    f"""CREATE TRIGGER search_document_ad AFTER DELETE ON search_document
        WHEN old.kind IN {ASK_KINDS} BEGIN
        INSERT INTO search_ask_fts(search_ask_fts, rowid, title_terms, body_terms)
            VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END""",
    # One trigger with both steps, in this order (SQLite does not promise an order between
    # triggers): take the old terms out, then put the new ones in; either side may be outside
    # the ask kinds when a document's kind changes.
    f"""CREATE TRIGGER search_document_au AFTER UPDATE OF kind, title_terms, body_terms
        ON search_document BEGIN
        INSERT INTO search_ask_fts(search_ask_fts, rowid, title_terms, body_terms)
            SELECT 'delete', old.id, old.title_terms, old.body_terms
            WHERE old.kind IN {ASK_KINDS};
        INSERT INTO search_ask_fts(rowid, title_terms, body_terms)
            SELECT new.id, new.title_terms, new.body_terms
            WHERE new.kind IN {ASK_KINDS};
    END""",
    # Documents written before this migration (none on a new installation).
    "INSERT INTO search_ask_fts(search_ask_fts) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_ask_vocab",
    "DROP TABLE IF EXISTS search_ask_fts",
]

POSTGRESQL_FORWARD = [
    # 'simple' only splits and lowercases: the terms are already stemmed and stop-word free.
    """ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_terms), 'B')
    ) STORED""",
    f"CREATE INDEX search_ask_tsv ON search_document USING gin (tsv) WHERE kind IN {ASK_KINDS}",
]

POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_ask_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS tsv",
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"search: no full-text index for the {vendor} database")
    for sql in statements[vendor]:
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def backward(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
