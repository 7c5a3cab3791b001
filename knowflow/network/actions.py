"""Writes to follows and trusted colleagues."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from knowflow.expertise.paths import first_steps_changed
from knowflow.notifications.actions import notify
from knowflow.notifications.models import NotificationKind

from .models import Follow, TrustedColleague


def follow_person(follower, *, person) -> Follow:
    """Follow a person (idempotent)."""
    if follower.pk == person.pk:
        raise ValidationError(_("You cannot follow yourself."))
    try:
        with transaction.atomic():
            follow, created = Follow.objects.get_or_create(follower=follower, user=person)
    except IntegrityError:  # a concurrent request created it first
        follow, created = Follow.objects.get(follower=follower, user=person), False
    if created:
        first_steps_changed(follower.pk)
        # robust: a failed notification must never undo or break the follow itself.
        transaction.on_commit(
            partial(_notify_new_follower, follower=follower, person=person), robust=True
        )
    return follow


def _notify_new_follower(*, follower, person) -> None:
    notify(
        recipient=person,
        kind=NotificationKind.NEW_FOLLOWER,
        actor=follower,
        summary=_("%(name)s started following you") % {"name": follower.full_name},
        target_url=reverse("people:profile", args=[follower.pk]),
        # Unfollowing and following again while unread updates one notification.
        group_key=f"new_follower:{follower.pk}",
    )


def unfollow_person(follower, *, person) -> None:
    """Stop following a person (idempotent)."""
    if Follow.objects.filter(follower=follower, user=person).delete()[0]:
        first_steps_changed(follower.pk)


def follow_topic(follower, *, topic) -> Follow:
    """Follow a topic (idempotent)."""
    try:
        with transaction.atomic():
            follow, _created = Follow.objects.get_or_create(follower=follower, topic=topic)
    except IntegrityError:
        follow = Follow.objects.get(follower=follower, topic=topic)
    return follow


def unfollow_topic(follower, *, topic) -> None:
    """Stop following a topic (idempotent)."""
    Follow.objects.filter(follower=follower, topic=topic).delete()


def trust_colleague(owner, *, colleague, note: str = "") -> TrustedColleague:
    """Put a colleague on one's private "people I turn to" list."""
    if owner.pk == colleague.pk:
        raise ValidationError(_("Your list is of other people."))
    try:
        with transaction.atomic():
            trusted, created = TrustedColleague.objects.get_or_create(
                owner=owner, colleague=colleague, defaults={"note": note.strip()[:200]}
            )
    except IntegrityError:
        trusted, created = TrustedColleague.objects.get(owner=owner, colleague=colleague), False
    if not created and note:
        trusted.note = note.strip()[:200]
        trusted.save(update_fields=["note"])
    if created:
        first_steps_changed(owner.pk)
    return trusted


def untrust_colleague(owner, *, colleague) -> None:
    """Take a colleague off one's private list."""
    if TrustedColleague.objects.filter(owner=owner, colleague=colleague).delete()[0]:
        first_steps_changed(owner.pk)


def follow_department(follower, *, department) -> Follow:
    """Follow a department: its people's posts come to one's feed (idempotent)."""
    try:
        with transaction.atomic():
            follow, _created = Follow.objects.get_or_create(
                follower=follower, department=department
            )
    except IntegrityError:
        follow = Follow.objects.get(follower=follower, department=department)
    return follow


def unfollow_department(follower, *, department) -> None:
    """Stop following a department (idempotent)."""
    Follow.objects.filter(follower=follower, department=department).delete()
