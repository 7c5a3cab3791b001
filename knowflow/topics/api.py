"""API: the topic vocabulary."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from .queries import access_topic, search_topics, topics_visible_to

router = Router(tags=["topics"])


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    synonyms: list[str]


def _out(topic) -> TopicOut:
    return TopicOut(
        slug=topic.slug,
        name=topic.name,
        description=topic.description,
        synonyms=[s.slug for s in topic.synonyms.all()],
    )


@router.get("", response=list[TopicOut], summary="Topics, optionally matching a query")
def list_topics(request: HttpRequest, q: str = "", limit: int = 50):
    limit = max(1, min(limit, 200))
    if q:
        topics = search_topics(request.auth, query=q, limit=limit)
        topics = list(
            topics_visible_to(request.auth)
            .filter(pk__in=[t.pk for t in topics])
            .prefetch_related("synonyms")
        )
        topics.sort(key=lambda t: t.name.lower())
    else:
        topics = list(topics_visible_to(request.auth).prefetch_related("synonyms")[:limit])
    return [_out(t) for t in topics]


@router.get("/{slug}", response=TopicOut, summary="One topic (a synonym's slug finds it too)")
def get_topic(request: HttpRequest, slug: str):
    return _out(access_topic(request.auth, slug=slug))
