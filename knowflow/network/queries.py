"""Reads of follows and trusted colleagues. The trusted list is private to its owner:
these functions only ever answer about the viewer's own list."""

from __future__ import annotations

from django.db.models import QuerySet

from knowflow.topics.models import Topic

from .models import Follow, TrustedColleague


def is_following_person(viewer, person) -> bool:
    return Follow.objects.filter(follower=viewer, user=person).exists()


def is_following_topic(viewer, topic) -> bool:
    return Follow.objects.filter(follower=viewer, topic=topic).exists()


def my_trust(viewer, person) -> TrustedColleague | None:
    """The viewer's own trust entry for `person`, if any (never someone else's)."""
    return TrustedColleague.objects.filter(owner=viewer, colleague=person).first()


def followed_people(viewer) -> QuerySet:
    from knowflow.people.queries import people_visible_to

    return (
        people_visible_to(viewer)
        .filter(followers__follower=viewer)
        .select_related("profile")
        .order_by("full_name")
    )


def followed_topics(viewer) -> QuerySet[Topic]:
    return Topic.objects.filter(followers__follower=viewer).order_by("name")


def my_trusted_colleagues(viewer) -> QuerySet[TrustedColleague]:
    return (
        TrustedColleague.objects.filter(owner=viewer, colleague__is_active=True)
        .select_related("colleague", "colleague__profile", "colleague__profile__department")
        .order_by("colleague__full_name")
    )


def follower_count(person) -> int:
    return Follow.objects.filter(user=person).count()


def is_following_department(viewer, department) -> bool:
    return Follow.objects.filter(follower=viewer, department=department).exists()


def followed_departments(viewer):
    from knowflow.org.models import Department

    return Department.objects.filter(followers__follower=viewer).order_by("name")
