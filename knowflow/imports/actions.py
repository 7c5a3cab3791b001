"""Writes to imports: remembering what a batch of an import created."""

from __future__ import annotations

from collections.abc import Iterable

from knowflow.core.sql import insert_rows

from .models import ImportedObject


def remember_imported(*, source: str, kind: str, pairs: Iterable[tuple[int, int]]) -> None:
    """Record (source id, local id) pairs of one kind. Called inside the transaction that
    created the objects, so an object and its row are committed together or not at all."""
    insert_rows(
        ImportedObject,
        ("source", "kind", "source_id", "object_id"),
        [(source, kind, source_id, object_id) for source_id, object_id in pairs],
    )
