"""API: the signed-in person's notifications."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from knowflow.core.pagination import paginate, parse_page_number

from . import actions
from .queries import notifications_for, unread_count

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    summary: str
    actor_id: int | None
    target_url: str = Field(description="A path on this site.")
    created_at: dt.datetime = Field(description="When it last happened (collapsed events bump it).")
    read: bool
    count: int = Field(description="How many events were collapsed into this notification.")


class NotificationListOut(Schema):
    page: int
    has_next: bool
    unread: int
    results: list[NotificationOut]


class NotificationListQuery(Schema):
    page: int = 1
    unread_only: bool = False


class MarkReadIn(Schema):
    ids: list[int] | None = Field(
        None, description="The notifications to mark read; leave out to mark all read."
    )


class MarkReadOut(Schema):
    marked: int
    unread: int


def _out(n) -> NotificationOut:
    return NotificationOut(
        id=n.pk,
        kind=n.kind,
        summary=n.summary,
        actor_id=n.actor_id,
        target_url=n.target_url,
        created_at=n.created_at,
        read=n.read_at is not None,
        count=n.count,
    )


@router.get("", response=NotificationListOut, summary="My notifications, newest first")
def list_notifications(request: HttpRequest, query: Query[NotificationListQuery]):
    viewer = request.auth
    qs = notifications_for(viewer).select_related(None)  # the API gives ids, not people
    if query.unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = paginate(qs, page=parse_page_number(query.page), per_page=50)
    return NotificationListOut(
        page=page.number,
        has_next=page.has_next,
        unread=unread_count(viewer),
        results=[_out(n) for n in page.items],
    )


@router.post("/read", response=MarkReadOut, summary="Mark notifications read (all, or some)")
def mark_read(request: HttpRequest, payload: MarkReadIn | None = None):
    viewer = request.auth
    ids = payload.ids if payload is not None else None
    marked = actions.mark_read(viewer, notification_ids=ids)
    return MarkReadOut(marked=marked, unread=unread_count(viewer))
