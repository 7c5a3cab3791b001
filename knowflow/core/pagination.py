"""Pagination shared by list pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Page:
    """One page of a list: its items and where the neighbours are."""

    items: list[Any]
    number: int
    has_next: bool
    has_previous: bool

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def parse_page_number(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 10_000))


def paginate(queryset: QuerySet, *, page: int, per_page: int) -> Page:
    """Slice one page out of an ordered queryset without a COUNT(*) over the whole list.

    Fetching one row more than the page tells whether a next page exists; counting every
    matching row would cost a full scan on large directories.
    """
    offset = (page - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return Page(
        items=rows[:per_page],
        number=page,
        has_next=len(rows) > per_page,
        has_previous=page > 1,
    )
