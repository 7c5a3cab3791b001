"""Writes to imports: remembering what a batch of an import created."""

from __future__ import annotations

from collections.abc import Iterable

from .models import ImportedObject

BATCH_SIZE = 1000


def remember_imported(*, source: str, kind: str, pairs: Iterable[tuple[int, int]]) -> None:
    """Record (source id, local id) pairs of one kind. Called inside the transaction that
    created the objects, so an object and its row are committed together or not at all."""
    ImportedObject.objects.bulk_create(
        [
            ImportedObject(source=source, kind=kind, source_id=source_id, object_id=object_id)
            for source_id, object_id in pairs
        ],
        batch_size=BATCH_SIZE,
    )
