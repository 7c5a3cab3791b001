"""Writes to the topic vocabulary."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from knowflow.core.memo import forget

from .models import Topic, TopicSynonym
from .queries import TOPIC_NAMES_KEY, find_topic, topic_slug

logger = logging.getLogger(__name__)


def forget_topic_names() -> None:
    """Drop the cached name-search index after a topic's names change: now, so this process
    finds the new name at once, and again on commit, since another request could rebuild it
    from the old rows in between."""
    forget(TOPIC_NAMES_KEY)
    transaction.on_commit(lambda: forget(TOPIC_NAMES_KEY))


def _described(topics: list[Topic]) -> None:
    """Topics whose name or description changed: with the semantic extra, their meaning is
    computed again (suggested topics compare drafts with it)."""
    from knowflow.search.actions import embed_topics_later

    embed_topics_later([t.pk for t in topics])


def _check_slug_free(slug: str, *, topic: Topic | None = None) -> None:
    taken = Topic.objects.filter(slug=slug).exclude(pk=topic.pk if topic else None).exists()
    taken = taken or TopicSynonym.objects.filter(slug=slug).exclude(topic=topic).exists()
    if taken:
        raise ValidationError(
            {"slug": _("“%(slug)s” is already a topic or synonym.") % {"slug": slug}}
        )


def create_topic(*, name: str, description: str = "", slug: str = "") -> Topic:
    """Add a topic to the vocabulary."""
    name = name.strip().lstrip("#").strip()
    slug = topic_slug(slug or name)
    if not name or not slug:
        raise ValidationError({"name": _("A topic needs a name made of letters or digits.")})
    if len(name) > 80:
        raise ValidationError({"name": _("A topic name has at most 80 characters.")})
    _check_slug_free(slug)
    topic = Topic.objects.create(name=name, slug=slug, description=description.strip())
    forget_topic_names()
    _described([topic])
    return topic


def get_or_create_topic(*, name: str) -> Topic:
    """The topic a name (or synonym) refers to, created when it is new."""
    return find_topic(name) or create_topic(name=name)


def update_topic(topic: Topic, *, name: str, description: str) -> Topic:
    """Rename or re-describe a topic (its slug, used in links, stays)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A topic needs a name.")})
    renamed = topic.name != name
    topic.name = name
    topic.description = description.strip()
    topic.save(update_fields=["name", "description"])
    if renamed:
        forget_topic_names()
    _described([topic])
    return topic


def add_synonym(topic: Topic, *, name: str) -> TopicSynonym:
    """Let another name find this topic."""
    slug = topic_slug(name)
    if not slug:
        raise ValidationError({"name": _("A synonym needs letters or digits.")})
    _check_slug_free(slug)
    synonym = TopicSynonym.objects.create(topic=topic, slug=slug, name=name.strip().lstrip("#"))
    forget_topic_names()
    return synonym


def _relations_to_topic() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) that points at Topic with a foreign key, from every app.

    Found through the model registry so apps added later (posts, questions, articles) are
    moved by merge_topics without having to register themselves.
    """
    out = []
    for rel in Topic._meta.related_objects:
        if rel.many_to_many or rel.related_model is TopicSynonym:
            continue
        out.append((rel.related_model, rel.field.name))
    for rel in Topic._meta.related_objects:
        if rel.many_to_many:
            through = rel.through if hasattr(rel, "through") else rel.field.remote_field.through
            for f in through._meta.fields:
                if f.is_relation and f.related_model is Topic:
                    out.append((through, f.name))
    return out


def _unique_field_sets(model: type[models.Model], field: str) -> list[list[str]]:
    sets: list[list[str]] = []
    for names in model._meta.unique_together:
        if field in names:
            sets.append(list(names))
    for constraint in model._meta.constraints:
        fields = list(getattr(constraint, "fields", ()) or ())
        # Conditional constraints count too: rows pointing at a topic satisfy "topic IS NOT NULL".
        if isinstance(constraint, models.UniqueConstraint) and field in fields:
            sets.append(fields)
    if model._meta.get_field(field).unique:  # one row per topic (a one-to-one relation)
        sets.append([field])
    return sets


@transaction.atomic
def merge_topics(source: Topic, *, into: Topic) -> Topic:
    """Merge `source` into `into`: everything tagged, followed or claimed moves; the old
    name and its synonyms become synonyms of the target so old links and hashtags still work.
    """
    if source.pk == into.pk:
        raise ValidationError(_("A topic cannot be merged into itself."))
    for model, field in _relations_to_topic():
        rows = model._default_manager.filter(**{field: source})
        # Rows that would duplicate one already on the target (the same person already has the
        # target skill, say) are dropped rather than violating the unique constraint.
        for names in _unique_field_sets(model, field):
            others = [n for n in names if n != field]
            match = {n: OuterRef(n) for n in others}
            clash = model._default_manager.filter(**{field: into}, **match)
            rows.filter(Exists(clash)).delete()
        moved = rows.update(**{field: into})
        logger.info("merge_topics: moved %s %s rows", moved, model._meta.label)
    TopicSynonym.objects.filter(topic=source).update(topic=into)
    old_slug, old_name = source.slug, source.name
    if not into.description and source.description:
        into.description = source.description
        into.save(update_fields=["description"])
        _described([into])
    source.delete()
    TopicSynonym.objects.create(topic=into, slug=old_slug, name=old_name)
    # The sums of evidence moved with the rest, clashes dropped: summed again from the posts.
    from knowflow.expertise.tallies import topics_changed

    topics_changed([into.pk])
    forget_topic_names()
    return into


@transaction.atomic
def import_topics(topics: list[tuple[str, str]]) -> list[Topic | None]:
    """Find or create many topics at once (imports' tags), given (name, description) pairs;
    one result per pair, None for a name without letters or digits. A name, slug or synonym
    already known is that topic (its description is filled in only if it has none); the
    others are created together."""
    slugs = [topic_slug(name) for name, _description in topics]
    known: dict[str, Topic] = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    for synonym in TopicSynonym.objects.select_related("topic").filter(slug__in=slugs):
        known.setdefault(synonym.slug, synonym.topic)
    new: dict[str, Topic] = {}
    described: dict[int, Topic] = {}
    out: list[Topic | None] = []
    for (name, description), slug in zip(topics, slugs, strict=True):
        name, description = name.strip().lstrip("#").strip()[:80], description.strip()
        if not slug or not name:
            out.append(None)
            continue
        topic = known.get(slug) or new.get(slug)
        if topic is None:
            topic = new[slug] = Topic(name=name, slug=slug, description=description)
        elif description and not topic.description and topic.pk:
            topic.description = description
            described[topic.pk] = topic
        out.append(topic)
    Topic.objects.bulk_create(new.values())
    Topic.objects.bulk_update(described.values(), ["description"])
    if new:
        forget_topic_names()  # imported topics are found by name at once
    _described([*new.values(), *described.values()])
    return out
