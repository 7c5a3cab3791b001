"""Reads of topics. Topics are the shared vocabulary: every signed-in person sees them all."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from knowflow.core.memo import shared_value
from knowflow.core.names import NameIndex, build_name_index, fold, query_words, score

from .models import Topic, TopicSynonym


def topics_visible_to(viewer) -> QuerySet[Topic]:
    return Topic.objects.all()


def topic_slug(text: str) -> str:
    """The slug a topic name or hashtag maps to ("#Machine Learning" -> "machine-learning")."""
    return slugify(text.strip().lstrip("#"))[:80]


def find_topic(text: str) -> Topic | None:
    """The topic a slug, name or synonym refers to, or None."""
    slug = topic_slug(text)
    if not slug:
        return None
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        synonym = TopicSynonym.objects.select_related("topic").filter(slug=slug).first()
        topic = synonym.topic if synonym else None
    return topic


def resolve_topic(text: str) -> Topic:
    """Like find_topic, but unknown topics are a validation error (bad filter or API input)."""
    topic = find_topic(text)
    if topic is None:
        raise ValidationError(_("Unknown topic “%(topic)s”.") % {"topic": text.strip()[:80]})
    return topic


def access_topic(viewer, *, slug: str) -> Topic:
    """The topic at `slug` (a synonym's slug finds its topic), or 404."""
    topic = find_topic(slug)
    if topic is None:
        raise Http404("No such topic.")
    return topic


def search_topics(viewer, *, query: str, limit: int = 10) -> list[Topic]:
    """Topics whose name, slug or a synonym starts with (or contains) the query, best first."""
    query = query.strip().lstrip("#")
    if not query:
        return []
    slug = slugify(query)
    base = topics_visible_to(viewer)
    prefix = list(
        base.filter(
            Q(name__istartswith=query)
            | Q(slug__startswith=slug)
            | Q(synonyms__slug__startswith=slug)
        )
        .distinct()
        .order_by("name")[:limit]
    )
    if len(prefix) >= limit:
        return prefix
    seen = {t.pk for t in prefix}
    contains = (
        base.filter(Q(name__icontains=query) | Q(synonyms__name__icontains=query))
        .exclude(pk__in=seen)
        .distinct()
        .order_by("name")[: limit - len(prefix)]
    )
    return prefix + list(contains)


# --- Name search (typo-tolerant; docs/subsystems/topics.md) -----------------------------------

TOPIC_NAMES_KEY = "topics:names:v1"
# A new or renamed topic or synonym is found within this time in every process (at once in the
# one that made the change: topics.actions forgets the index).
TOPIC_NAMES_SECONDS = 300


@dataclass(frozen=True)
class TopicMatch:
    """A topic found by name: how well, and by which of its names (its own or a synonym)."""

    topic: Topic
    name: str
    kind: str  # "exact", "prefix" or "fuzzy" (core.names)
    edits: int

    @property
    def score(self) -> float:
        return score(self.kind, self.edits)


def _build_topic_names() -> NameIndex:
    topics = sorted(
        Topic.objects.values_list("pk", "name", "slug"), key=lambda t: (fold(t[1]), t[0])
    )
    synonyms: dict[int, list[tuple[str, str]]] = {}
    for topic_id, name, slug in TopicSynonym.objects.values_list("topic_id", "name", "slug"):
        synonyms.setdefault(topic_id, []).append((name, slug))
    entries: list[tuple[int, str]] = []
    for pk, name, slug in topics:
        # Its name, its slug when that says something else (as hashtags are written), and
        # each synonym's; the topic's entries together, so the first one matching is its best.
        texts = [name, slug, *(text for pair in synonyms.get(pk, []) for text in pair)]
        seen: set[str] = set()
        for text in texts:
            key = " ".join(query_words(text.replace("-", " ")))
            if key and key not in seen:
                seen.add(key)
                entries.append((pk, text))
    return build_name_index(entries, keep_names=True, joined=True)


def topic_name_index() -> NameIndex:
    """The words of every topic's names and synonyms, shared by the processes for minutes."""
    return shared_value(TOPIC_NAMES_KEY, _build_topic_names, seconds=TOPIC_NAMES_SECONDS)


def find_topics(viewer, text: str, *, limit: int = 10) -> list[TopicMatch]:
    """Topics the viewer may see whose name, slug or a synonym matches `text` (a leading # and
    other punctuation are ignored), typos tolerated ("kubernets" finds Kubernetes), ranked as
    find_people ranks people. Any input is safe: what holds no letters or digits finds none."""
    words = query_words(text)
    if not words or limit <= 0:
        return []
    index = topic_name_index()
    best: dict[int, tuple[str, str, int]] = {}
    for hit in index.search(words):
        if hit.owner not in best:
            best[hit.owner] = (index.names[hit.position], hit.kind, hit.edits)
            # A topic has a few entries: read a little past the limit for those repeating.
            if len(best) >= limit * 2:
                break
    topics = topics_visible_to(viewer).in_bulk(list(best))
    found = [
        TopicMatch(topics[pk], name, kind, edits)
        for pk, (name, kind, edits) in best.items()
        if pk in topics
    ]
    return found[:limit]


def complete_topics(viewer, *, text: str, limit: int = 8) -> list[Topic]:
    """Topics for a #hashtag or topic field being typed: by name (typos tolerated), then any
    whose name or a synonym contains the text."""
    found = [m.topic for m in find_topics(viewer, text, limit=limit)]
    if len(found) < limit and "\x00" not in text:
        seen = {t.pk for t in found}
        found += [
            t for t in search_topics(viewer, query=text[:100], limit=limit) if t.pk not in seen
        ]
    return found[:limit]
