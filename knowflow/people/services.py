"""Turning request parameters into directory filters (shared by the page and the API)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from knowflow.org.models import Department, Location
from knowflow.topics.queries import resolve_topic

from .queries import DirectoryFilters


def directory_filters_from(viewer, params: Mapping[str, str]) -> DirectoryFilters:
    """Parse filter parameters; unknown topics, departments or locations are validation errors."""
    errors: dict[str, str] = {}
    filters = DirectoryFilters(text=(params.get("q") or "").strip()[:100])
    for key in ("skill", "can_mentor", "wants_to_learn"):
        value = (params.get(key) or "").strip()
        if value:
            try:
                setattr(filters, key, resolve_topic(value))
            except ValidationError as exc:
                errors[key] = exc.messages[0]
    dept = (params.get("department") or "").strip()
    if dept:
        filters.department = Department.objects.filter(slug=dept).first()
        if filters.department is None:
            errors["department"] = _("Unknown department “%(slug)s”.") % {"slug": dept[:80]}
    loc = (params.get("location") or "").strip()
    if loc:
        filters.location = Location.objects.filter(slug=loc).first()
        if filters.location is None:
            errors["location"] = _("Unknown location “%(slug)s”.") % {"slug": loc[:80]}
    if errors:
        raise ValidationError(errors)
    return filters
