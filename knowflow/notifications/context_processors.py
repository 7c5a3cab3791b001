"""The unread count for the header, on every page a signed-in person sees."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from .queries import unread_count


class UnreadNotifications:
    """Counts lazily and once: a page that never shows the header (a fragment, an anonymous
    page) costs no query, and the header using the number twice costs one."""

    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self._user)


def notifications(request: HttpRequest) -> dict[str, Any]:
    return {"unread_notifications": UnreadNotifications(getattr(request, "user", None))}
