"""Writes to notifications and notification preferences."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .models import Notification, NotificationKind, NotificationPreference

SUMMARY_MAX = Notification._meta.get_field("summary").max_length
GROUP_KEY_MAX = Notification._meta.get_field("group_key").max_length


def notify(
    *,
    recipient,
    kind: str,
    actor=None,
    summary: str,
    target_url: str,
    post_id: int | None = None,
    group_key: str = "",
) -> Notification | None:
    """Tell `recipient` that something happened, unless they turned that kind off.

    Returns None and writes nothing when the recipient is the actor, is inactive, or does not
    want this kind in the app. An unread notification with the same `group_key` is updated
    (latest actor and summary, count + 1, moved to the top) instead of adding another row.
    Callers run this after their own transaction commits (`transaction.on_commit`).
    """
    if kind not in NotificationKind.values:
        raise ValidationError(
            {"kind": _("“%(kind)s” is not a kind of notification.") % {"kind": kind}}
        )
    # Only paths on this site: the link is followed with the recipient's session.
    if not target_url or not url_has_allowed_host_and_scheme(target_url, allowed_hosts=None):
        raise ValidationError({"target_url": _("The link must be a path on this site.")})
    if len(group_key) > GROUP_KEY_MAX:
        raise ValidationError({"group_key": _("The group key is too long.")})
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active:
        return None
    if NotificationPreference.objects.filter(user=recipient, kind=kind, in_app=False).exists():
        return None
    summary = Truncator(" ".join(summary.split())).chars(SUMMARY_MAX)
    fields = {
        "kind": kind,
        "actor": actor,
        "summary": summary,
        "target_url": target_url,
        "post_id": post_id,
    }
    if not group_key:
        return Notification.objects.create(recipient=recipient, **fields)
    try:
        return _collapse_or_create(recipient=recipient, group_key=group_key, fields=fields)
    except IntegrityError:
        # A concurrent notify() inserted this group's unread row first: update that one.
        return _collapse_or_create(recipient=recipient, group_key=group_key, fields=fields)


def _collapse_or_create(*, recipient, group_key: str, fields: dict) -> Notification:
    """Update the unread notification of this group, or create it."""
    with transaction.atomic():
        existing = (
            Notification.objects.select_for_update()
            .filter(recipient=recipient, group_key=group_key, read_at__isnull=True)
            .first()
        )
        if existing is None:
            return Notification.objects.create(recipient=recipient, group_key=group_key, **fields)
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.count += 1
        existing.created_at = timezone.now()
        # New activity since the last digest: the next digest should mention it again.
        existing.emailed_at = None
        existing.save(update_fields=[*fields, "count", "created_at", "emailed_at"])
        return existing


def mark_read(user, *, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the person's unread notifications read (all of them, or only `notification_ids`)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        ids = list(notification_ids)
        if not all(type(i) is int and 0 < i < 2**63 for i in ids):
            raise ValidationError({"ids": _("Notification ids are positive whole numbers.")})
        if not ids:
            return 0
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def set_preferences(user, *, choices: dict[str, bool]) -> None:
    """Choose which kinds of notification the person sees in the app (one row per kind)."""
    for kind in choices:
        if kind not in NotificationKind.values:
            raise ValidationError(_("“%(kind)s” is not a kind of notification.") % {"kind": kind})
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=kind, in_app=bool(wanted))
            for kind, wanted in choices.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["in_app"],
    )


def delete_notifications_for_post(*, post_id: int) -> int:
    """Remove the notifications about a post (the posts app calls this when a post is deleted)."""
    deleted, _rows = Notification.objects.filter(post_id=post_id).delete()
    return deleted
