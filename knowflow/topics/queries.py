"""Reads of topics. Topics are the shared vocabulary: every signed-in person sees them all."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

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
