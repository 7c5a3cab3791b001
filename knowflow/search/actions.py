"""Writes to the search index: documents follow their posts, term statistics are rebuilt.

index_post runs inside the transaction that asks or edits a question, and the full-text index
follows search_document in that same transaction (SQLite triggers, PostgreSQL's generated
column), so a question is findable the moment it is committed and gone the moment its
deletion is. There is no queue to fall behind.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from knowflow.core.memo import forget
from knowflow.posts.models import Post, PostKind

from .models import CORPUS_SIZE_TERM, CommonTerm, Document
from .queries import COMMON_TERMS_KEY
from .text import terms

# Kinds indexed for now ("has this been asked before?"); the search issue adds the rest.
INDEXED_KINDS = frozenset({PostKind.QUESTION})
# A term in more than this share of documents is common (CommonTerm).
COMMON_SHARE = 0.001
# ... and in more than this many: on a small index 0.1% is a handful of documents, and listing
# nearly every term would cost memory in every process for no saving (everything is cheap).
MIN_COMMON_DF = 10
BATCH_SIZE = 500


def _indexable(post: Post) -> bool:
    return post.kind in INDEXED_KINDS and post.deleted_at is None


def _document(post: Post, now) -> Document:
    return Document(
        kind=post.kind,
        post_id=post.pk,
        title_terms=" ".join(terms(post.title)),
        body_terms=" ".join(terms(post.body)),
        updated_at=now,
    )


def _upsert(documents: list[Document]) -> None:
    # One INSERT ... ON CONFLICT (post_id) DO UPDATE per batch, on both databases: no read
    # before the write, and on SQLite the update fires the trigger that re-indexes the row.
    Document.objects.bulk_create(
        documents,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["post"],
        update_fields=["kind", "title_terms", "body_terms", "updated_at"],
    )


def index_post(post: Post) -> None:
    """Index a post as it is now: a live question gets its document written; anything else
    (another kind, or deleted) has its document removed."""
    if not _indexable(post):
        remove_post(post.pk)
        return
    _upsert([_document(post, timezone.now())])


def remove_post(post_id: int) -> None:
    """Take a post out of the index (deleting it, or it stopped being indexable)."""
    Document.objects.filter(post_id=post_id).delete()


@transaction.atomic
def bulk_index(posts: Iterable[Post]) -> int:
    """Index many posts at once (imports, re-indexing); returns how many are now indexed.
    Posts that are not indexable have their documents removed."""
    now = timezone.now()
    documents: list[Document] = []
    gone: list[int] = []
    indexed = 0
    for post in posts:
        if _indexable(post):
            documents.append(_document(post, now))
            indexed += 1
        else:
            gone.append(post.pk)
        if len(documents) >= BATCH_SIZE:
            _upsert(documents)
            documents = []
    if documents:
        _upsert(documents)
    for start in range(0, len(gone), BATCH_SIZE):
        Document.objects.filter(post_id__in=gone[start : start + BATCH_SIZE]).delete()
    return indexed


def _document_frequencies(threshold: int) -> list[tuple[str, int]]:
    """(term, documents containing it) for terms in more than `threshold` indexed documents,
    read from the full-text index's own statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ts_stat reads every indexed tsvector: seconds at a million documents.
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat("
                "'SELECT tsv FROM search_document WHERE kind IN (''question'', ''article'')'"
                ") WHERE ndoc > %s",
                [threshold],
            )
        else:
            # fts5vocab walks the index's whole vocabulary (3.3 s at a million documents).
            cursor.execute("SELECT term, doc FROM search_ask_vocab WHERE doc > %s", [threshold])
        return [(term, df) for term, df in cursor.fetchall() if len(term) <= 64]


@transaction.atomic
def refresh_term_stats() -> int:
    """Recompute CommonTerm from the full-text index: the terms in more than 0.1% of the
    indexed documents. Seconds on a large index, so never in a request: after imports, and
    daily (`knowflow refresh_search_terms`). Returns the number of common terms."""
    total = Document.objects.filter(kind__in=["question", "article"]).count()
    threshold = max(int(total * COMMON_SHARE), MIN_COMMON_DF)
    rows = _document_frequencies(threshold)
    CommonTerm.objects.all().delete()
    # The row with the empty term (never a real one) holds how many documents there are.
    CommonTerm.objects.bulk_create(
        [CommonTerm(term=CORPUS_SIZE_TERM, df=total)]
        + [CommonTerm(term=term, df=df) for term, df in rows if term != CORPUS_SIZE_TERM],
        batch_size=BATCH_SIZE,
    )
    transaction.on_commit(lambda: forget(COMMON_TERMS_KEY))
    return len(rows)
