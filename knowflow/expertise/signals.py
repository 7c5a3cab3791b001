"""Rows deleted outright, past the actions (an account deleted in the admin takes with it the
threads it started, the replies to its posts and the thanks it gave): the evidence sums of
the people whose answers, posts or thanks went are computed again once the deletion is
committed (expertise.tallies). Everything else reaches the sums through the actions."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from knowflow.posts.models import Post, PostKind, Thanks


def _after_commit(*, people: set[int] = frozenset(), posts: set[int] = frozenset()) -> None:
    from .models import TopicEvidence
    from .tallies import evidence_changed, posts_changed

    def refresh() -> None:
        with transaction.atomic():
            if people:
                topics = TopicEvidence.objects.filter(person_id__in=list(people)).values_list(
                    "topic_id", flat=True
                )
                evidence_changed(people, set(topics))
            if posts:
                posts_changed(posts)

    transaction.on_commit(refresh, robust=True)


@receiver(post_delete, sender=Post, dispatch_uid="expertise_post_deleted")
def _post_deleted(sender, instance: Post, **kwargs) -> None:
    if instance.kind in (PostKind.ANSWER, PostKind.POST) and instance.deleted_at is None:
        _after_commit(people={instance.author_id})


@receiver(post_delete, sender=Thanks, dispatch_uid="expertise_thanks_deleted")
def _thanks_deleted(sender, instance: Thanks, **kwargs) -> None:
    _after_commit(posts={instance.post_id})
