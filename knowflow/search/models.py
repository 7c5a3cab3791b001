"""Search: what is indexed, as normalized terms (search/text.py), and which terms are common.

The full-text index itself is not a model: on SQLite an FTS5 table kept in step with
search_document by triggers, on PostgreSQL a generated tsvector column with a GIN index
(migrations/0002_fulltext.py). Both index the same terms, so both rank the same inputs.
"""

from __future__ import annotations

from django.db import models


class Document(models.Model):
    """One searchable item (questions now; posts and articles later), as normalized terms."""

    # question | article | post | answer: the full-text index covers the "ask" kinds
    # (question, article) for now, so "has this been asked before?" stays small as posts join.
    kind = models.CharField(max_length=12)
    post = models.OneToOneField(
        "posts.Post", null=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title_terms = models.TextField()  # search.text.terms(title), space-joined
    body_terms = models.TextField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} document for post {self.post_id}"


# The CommonTerm row with this term (never a real one) holds how many documents there are.
CORPUS_SIZE_TERM = ""


class CommonTerm(models.Model):
    """A term in more than 0.1% of documents: queries leave it out or use only a few of them
    (refresh_term_stats rebuilds the table, away from requests)."""

    term = models.CharField(max_length=64, primary_key=True)
    df = models.PositiveIntegerField()  # documents containing the term

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class CommonPostTerm(models.Model):
    """The same as CommonTerm for the index of every post (the search page's budget)."""

    term = models.CharField(max_length=64, primary_key=True)
    df = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class Embedding(models.Model):
    """A post's meaning as a sentence-embedding vector (the optional semantic extra): float32
    numbers as bytes, the same column on both databases (search/semantic.py)."""

    post = models.OneToOneField(
        "posts.Post", primary_key=True, on_delete=models.CASCADE, related_name="embedding"
    )
    model = models.CharField(max_length=200)  # which model made it: another model, new vectors
    vector = models.BinaryField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"embedding of post {self.post_id} ({self.model})"


class TopicEmbedding(models.Model):
    """A topic's meaning (the optional semantic extra): its name with its description, and its
    name alone, as vectors (float32 bytes, as Embedding). Suggested topics compare a draft
    with them, which finds a topic no earlier question has and one the draft never names."""

    topic = models.OneToOneField(
        "topics.Topic", primary_key=True, on_delete=models.CASCADE, related_name="embedding"
    )
    model = models.CharField(max_length=200)
    described = models.BinaryField()  # "name: description"
    named = models.BinaryField()  # the name alone
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"embedding of topic {self.topic_id} ({self.model})"
