"""Reads of notifications. A person only ever sees their own: every function here filters by
the viewer as recipient."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from knowflow.core.sql import fetch_rows

from .models import Notification, NotificationKind, NotificationPreference


def notifications_for(viewer) -> QuerySet[Notification]:
    """The viewer's notifications, newest first, with who caused them."""
    return (
        Notification.objects.filter(recipient=viewer)
        .select_related("actor", "actor__profile")
        .order_by("-created_at", "-pk")
    )


def unread_count(viewer) -> int:
    """How many of the viewer's notifications are unread (one COUNT on an index, or read
    already with the page's other reads: remember_unread_count)."""
    if not getattr(viewer, "is_authenticated", False):
        return 0
    known = getattr(viewer, "_kf_unread_count", None)
    if known is not None:
        return known
    return fetch_rows(*unread_count_statement(viewer))[0][0]


def unread_count_statement(viewer) -> tuple[str, list]:
    # Written out: the header shows it on every page, and the ORM's COUNT costs more to build
    # than to run.
    table = Notification._meta.db_table
    sql = f"SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL"  # noqa: S608
    return sql, [viewer.pk]


def remember_unread_count(viewer, rows) -> None:
    """Keep the count read by unread_count_statement for the rest of this request."""
    viewer._kf_unread_count = rows[0][0]


def access_notification(viewer, *, notification_id: int) -> Notification:
    """One of the viewer's own notifications, or 404 (someone else's is "not found" too)."""
    try:
        return Notification.objects.get(recipient=viewer, pk=notification_id)
    except (Notification.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such notification.") from None


def preferences_for(viewer) -> dict[str, bool]:
    """Whether the viewer wants each kind in the app; kinds without a row are on."""
    chosen = dict(NotificationPreference.objects.filter(user=viewer).values_list("kind", "in_app"))
    return {kind: chosen.get(kind, True) for kind in NotificationKind.values}
