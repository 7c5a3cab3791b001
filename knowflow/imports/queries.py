"""Reads of imports: which source objects are already imported, and as what."""

from __future__ import annotations

from collections.abc import Collection

from .models import ImportedObject

CHUNK = 900  # ids per IN (...): under SQLite's oldest limit of 999 variables


def imported_ids(*, source: str, kind: str, source_ids: Collection[int]) -> dict[int, int]:
    """{source id: local id} for those of `source_ids` that were imported."""
    found: dict[int, int] = {}
    ids = list(set(source_ids))
    for start in range(0, len(ids), CHUNK):
        found.update(
            ImportedObject.objects.filter(
                source=source, kind=kind, source_id__in=ids[start : start + CHUNK]
            ).values_list("source_id", "object_id")
        )
    return found


def imported_count(*, source: str, kind: str | None = None) -> int:
    """How many objects of a source (of one kind) were imported."""
    rows = ImportedObject.objects.filter(source=source)
    return (rows.filter(kind=kind) if kind else rows).count()
