"""Writes to the search index: documents follow their posts, term statistics are rebuilt.

index_post runs inside the transaction that writes or edits a post, and the full-text index
follows search_document in that same transaction (SQLite triggers, PostgreSQL's generated
column), so a post is findable the moment it is committed and gone the moment its deletion
is. There is no queue to fall behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.utils import timezone

from knowflow.core.memo import forget
from knowflow.core.sql import insert_rows, reserve_ids
from knowflow.posts.models import Post, PostKind

from .models import CORPUS_SIZE_TERM, CommonPostTerm, CommonTerm, Document
from .queries import COMMON_POST_TERMS_KEY, COMMON_TERMS_KEY
from .text import document_terms

# Every kind of post is searchable; "has this been asked before?" reads only the ask kinds
# (questions; articles later) through its own index (migrations/0002_fulltext.py).
INDEXED_KINDS = frozenset(PostKind)
# A term in more than this share of documents is common (CommonTerm).
COMMON_SHARE = 0.001
# ... and in more than this many: on a small index 0.1% is a handful of documents, and listing
# nearly every term would cost memory in every process for no saving (everything is cheap).
MIN_COMMON_DF = 10
BATCH_SIZE = 500


def _indexable(post: Post) -> bool:
    return post.kind in INDEXED_KINDS and post.deleted_at is None


def _document(post: Post, now, terms: tuple[str, str] | None = None) -> tuple:
    title_terms, body_terms = terms or document_terms(post.title, post.body)
    return (post.kind, post.pk, title_terms, body_terms, now)


DOCUMENT_FIELDS = ("kind", "post_id", "title_terms", "body_terms", "updated_at")


def _upsert(documents: list[tuple], *, new: bool = False) -> None:
    if new:  # posts created in this transaction have no documents yet: COPY on PostgreSQL
        if connection.vendor == "sqlite":
            _insert_new_sqlite(documents)
        else:
            insert_rows(Document, DOCUMENT_FIELDS, documents)
        return
    # One INSERT ... ON CONFLICT (post_id) DO UPDATE (executemany), on both databases: no read
    # before the write, and on SQLite the update fires the trigger that re-indexes the row.
    insert_rows(
        Document,
        DOCUMENT_FIELDS,
        documents,
        update_on_conflict=(["post_id"], ["kind", "title_terms", "body_terms", "updated_at"]),
    )


def _insert_new_sqlite(documents: list[tuple]) -> None:
    """New documents, and their full-text index entries in one INSERT ... SELECT per FTS
    table rather than by a trigger per row (three times faster; migrations/0005). The id
    range they take is put in search_bulk first, where the insert triggers skip it; the
    caller's transaction holds SQLite's write lock, so the range is exactly theirs."""
    # Ids never handed out before (reserve_ids reads sqlite_sequence, as AUTOINCREMENT does).
    ids = reserve_ids(Document, len(documents))
    lo, hi = ids[0], ids[-1]
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_bulk (lo, hi) VALUES (%s, %s)", [lo, hi])
        insert_rows(
            Document,
            ("id", *DOCUMENT_FIELDS),
            [(i, *d) for i, d in zip(ids, documents, strict=True)],
        )
        for table, kinds in (
            ("search_ask_fts", "AND kind IN ('question', 'article')"),
            ("search_all_fts", ""),
        ):
            cursor.execute(
                f"INSERT INTO {table}(rowid, title_terms, body_terms) "  # noqa: S608 (fixed names)
                f"SELECT id, title_terms, body_terms FROM search_document "
                f"WHERE id BETWEEN %s AND %s {kinds}",
                [lo, hi],
            )
        cursor.execute("DELETE FROM search_bulk WHERE lo = %s", [lo])


def index_post(post: Post) -> None:
    """Index a post as it is now: a live post gets its document written (and, with the
    semantic extra, a question its embedding soon after); a deleted one has it removed."""
    if not _indexable(post):
        remove_post(post.pk)
        return
    _upsert([_document(post, timezone.now())])
    _embed_later([post])


# Every kind: "asked before?" compares questions by meaning, the search page any post.
EMBEDDED_KINDS = frozenset(PostKind)


def _embed_later(posts: Iterable[Post]) -> None:
    """With the semantic extra: compute these questions' embeddings in a background task once
    the transaction commits (a model takes milliseconds a text; the post is findable by its
    words at once, and by its meaning when the task has run)."""
    from . import semantic

    ids = [p.pk for p in posts if p.kind in EMBEDDED_KINDS]
    if not ids or not semantic.enabled():
        return
    from .tasks import embed_posts

    transaction.on_commit(lambda: embed_posts.enqueue(ids))


def store_embeddings(post_ids: Iterable[int]) -> int:
    """Compute and store the embeddings of these posts (live ones; deleted ones are skipped)
    with the configured model; returns how many were written."""
    from . import semantic
    from .models import Embedding

    if not semantic.enabled():
        return 0
    written = 0
    ids = list(post_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        posts = list(
            Post.objects.filter(
                pk__in=ids[start : start + BATCH_SIZE],
                kind__in=EMBEDDED_KINDS,
                deleted_at__isnull=True,
            ).only("id", "title", "body")
        )
        if not posts:
            continue
        vectors = semantic.embed([semantic.text_of(p.title, p.body) for p in posts])
        now = timezone.now()
        Embedding.objects.bulk_create(
            [
                Embedding(
                    post_id=p.pk,
                    model=semantic.model_name(),
                    vector=semantic.to_bytes(v),
                    updated_at=now,
                )
                for p, v in zip(posts, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["post"],
            update_fields=["model", "vector", "updated_at"],
        )
        written += len(posts)
    return written


def embed_topics_later(topic_ids: list[int]) -> None:
    """With the semantic extra: compute these topics' meaning in a background task once the
    transaction commits."""
    from . import semantic

    if not topic_ids or not semantic.enabled():
        return
    from .tasks import embed_topics

    transaction.on_commit(lambda: embed_topics.enqueue(topic_ids))


def store_topic_embeddings(topic_ids: Iterable[int]) -> int:
    """Compute and store these topics' vectors (semantic.topic_texts) with the configured
    model; returns how many were written."""
    from knowflow.topics.models import Topic

    from . import semantic
    from .models import TopicEmbedding

    if not semantic.enabled():
        return 0
    written = 0
    ids = list(topic_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        topics = list(Topic.objects.filter(pk__in=ids[start : start + BATCH_SIZE]))
        if not topics:
            continue
        described, named = semantic.topic_texts(topics)
        vectors = semantic.embed(described + named)
        now = timezone.now()
        TopicEmbedding.objects.bulk_create(
            [
                TopicEmbedding(
                    topic_id=t.pk,
                    model=semantic.model_name(),
                    described=semantic.to_bytes(vectors[i]),
                    named=semantic.to_bytes(vectors[len(topics) + i]),
                    updated_at=now,
                )
                for i, t in enumerate(topics)
            ],
            update_conflicts=True,
            unique_fields=["topic"],
            update_fields=["model", "described", "named", "updated_at"],
        )
        written += len(topics)
    return written


def remove_post(post_id: int) -> None:
    """Take a post out of the index (deleting it, or it stopped being indexable), with its
    embedding: a deleted post keeps its row, so nothing else would remove it."""
    from .models import Embedding

    Document.objects.filter(post_id=post_id).delete()
    Embedding.objects.filter(post_id=post_id).delete()


@transaction.atomic
def bulk_index(
    posts: Iterable[Post],
    *,
    known_terms: Mapping[int, tuple[str, str]] | None = None,
    new: bool = False,
    embed: bool = True,
) -> int:
    """Index many posts at once (imports, re-indexing); returns how many are now indexed.
    Posts that are not indexable have their documents removed. `known_terms`: {post id:
    search.text.document_terms(title, body)} already worked out for their text as it is
    (imports work them out in other processes). `new`: the posts were created in this
    transaction, so they have no documents to replace. `embed=False` leaves the embeddings
    (semantic extra) to `knowflow search_index --embed` (a migration cannot queue tasks)."""
    now = timezone.now()
    known = known_terms or {}
    documents: list[tuple] = []
    gone: list[int] = []
    indexed = 0
    indexed_posts: list[Post] = []
    for post in posts:
        if _indexable(post):
            documents.append(_document(post, now, known.get(post.pk)))
            indexed_posts.append(post)
            indexed += 1
        else:
            gone.append(post.pk)
        if len(documents) >= BATCH_SIZE:
            _upsert(documents, new=new)
            documents = []
    if documents:
        _upsert(documents, new=new)
    if embed:
        _embed_later(indexed_posts)
    from .models import Embedding

    for start in range(0, len(gone), BATCH_SIZE):
        Document.objects.filter(post_id__in=gone[start : start + BATCH_SIZE]).delete()
        Embedding.objects.filter(post_id__in=gone[start : start + BATCH_SIZE]).delete()
    return indexed


def _document_frequencies(threshold: int, *, everything: bool) -> list[tuple[str, int]]:
    """(term, documents containing it) for terms in more than `threshold` indexed documents,
    read from the full-text index's own statistics: of the ask kinds, or of `everything`."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ts_stat reads every indexed tsvector: seconds at a million documents.
            documents = "SELECT tsv FROM search_document"
            if not everything:
                documents += " WHERE kind IN (''question'', ''article'')"
            sql = f"SELECT word, ndoc FROM ts_stat('{documents}') WHERE ndoc > %s"  # noqa: S608
            cursor.execute(sql, [threshold])
        else:
            # fts5vocab walks the index's whole vocabulary (3.3 s at a million documents).
            vocab = "search_all_vocab" if everything else "search_ask_vocab"
            cursor.execute(f"SELECT term, doc FROM {vocab} WHERE doc > %s", [threshold])  # noqa: S608
        return [(term, df) for term, df in cursor.fetchall() if len(term) <= 64]


def _refresh(model, documents, *, everything: bool) -> int:
    total = documents.count()
    threshold = max(int(total * COMMON_SHARE), MIN_COMMON_DF)
    rows = _document_frequencies(threshold, everything=everything)
    model.objects.all().delete()
    # The row with the empty term (never a real one) holds how many documents there are.
    model.objects.bulk_create(
        [model(term=CORPUS_SIZE_TERM, df=total)]
        + [model(term=term, df=df) for term, df in rows if term != CORPUS_SIZE_TERM],
        batch_size=BATCH_SIZE,
    )
    return len(rows)


@transaction.atomic
def refresh_term_stats() -> int:
    """Recompute the common terms from the full-text indexes: CommonTerm for the questions
    ("has this been asked before?"), CommonPostTerm for every post (the search page); a term
    is common in more than 0.1% of the documents. Seconds on a large index, so never in a
    request: after imports, and daily (`knowflow search_index`). Returns the number of common
    question terms."""
    common = _refresh(
        CommonTerm, Document.objects.filter(kind__in=["question", "article"]), everything=False
    )
    _refresh(CommonPostTerm, Document.objects.all(), everything=True)

    def forget_both() -> None:
        forget(COMMON_TERMS_KEY)
        forget(COMMON_POST_TERMS_KEY)

    transaction.on_commit(forget_both)
    return common
