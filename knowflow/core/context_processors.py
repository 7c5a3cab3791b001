"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    from knowflow.org.queries import organization_for_display

    return {"organization": organization_for_display()}
