"""The full-text index over every kind of post (the search page), beside the "ask" index.

SQLite: a second FTS5 table, search_all_fts, external content over search_document like
search_ask_fts, with its own triggers for every row. PostgreSQL: a GIN index over the same
generated tsvector column for every row (search_ask_tsv stays, partial, for "has this been
asked before?").

Posts written before this migration are indexed by it when there are at most
INDEX_IN_MIGRATION of them; a larger installation runs `knowflow search_index --reindex`
after upgrading (docs/deployment.md, "Upgrades"), which takes minutes at a million posts and
can run while the site serves.
"""

from django.db import migrations, models

INDEX_IN_MIGRATION = 50_000

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_all_fts USING fts5(
        title_terms, body_terms,
        content='search_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    "CREATE VIRTUAL TABLE search_all_vocab USING fts5vocab(search_all_fts, 'row')",
    """CREATE TRIGGER search_document_all_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_all_fts(rowid, title_terms, body_terms)
            VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_document_all_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_all_fts(search_all_fts, rowid, title_terms, body_terms)
            VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_document_all_au AFTER UPDATE OF title_terms, body_terms
        ON search_document BEGIN
        INSERT INTO search_all_fts(search_all_fts, rowid, title_terms, body_terms)
            VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO search_all_fts(rowid, title_terms, body_terms)
            VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    "INSERT INTO search_all_fts(search_all_fts) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_all_au",
    "DROP TRIGGER IF EXISTS search_document_all_ad",
    "DROP TRIGGER IF EXISTS search_document_all_ai",
    "DROP TABLE IF EXISTS search_all_vocab",
    "DROP TABLE IF EXISTS search_all_fts",
]

POSTGRESQL_FORWARD = ["CREATE INDEX search_all_tsv ON search_document USING gin (tsv)"]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS search_all_tsv"]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"search: no full-text index for the {vendor} database")
    for sql in statements[vendor]:
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})
    Post = apps.get_model("posts", "Post")
    live = Post.objects.filter(deleted_at__isnull=True)
    if not live.exists() or live.count() > INDEX_IN_MIGRATION:
        return
    from knowflow.search.actions import bulk_index

    # Historical Post rows have the fields the documents are made of (kind, title, body).
    bulk_index(
        live.only("id", "kind", "title", "body", "deleted_at").iterator(chunk_size=2000),
        embed=False,
    )


def backward(apps, schema_editor):
    Document = apps.get_model("search", "Document")
    Document.objects.exclude(kind__in=["question", "article"]).delete()
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext"), ("posts", "0007_kinds_titles_votes")]

    operations = [
        migrations.CreateModel(
            name="CommonPostTerm",
            fields=[
                ("term", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("df", models.PositiveIntegerField()),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
