"""Running the hand-written SQL statements of hot paths (the home feed).

On PostgreSQL they are prepared on their connection: the feed's sources statement costs more
to plan (about 1.5 ms) than to run, and its text is the same for every reader (id lists are
one array parameter), so planning once per connection is the cheapest read there is. Django's
own cursors bind parameters on the client and cannot prepare, so these go through a psycopg
cursor on the same connection (same transaction, same type adapters), logged like Django's
queries so the query-count tests see them. Independent statements can go together in one
round trip (fetch_many, psycopg's pipeline mode). DB_PREPARED_STATEMENTS=false turns both off
(for a pooler in transaction mode that does not carry prepared statements).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connection


def _prepared() -> bool:
    return connection.vendor == "postgresql" and settings.DB_PREPARED_STATEMENTS


def fetch_rows(sql: str, params: Sequence) -> list[tuple]:
    """All rows of one SELECT written for this database (`%s` placeholders)."""
    if not _prepared():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    import psycopg

    connection.ensure_connection()
    start = time.monotonic()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
    _log(sql, params, start)
    return rows


def fetch_many(statements: Sequence[tuple[str, Sequence]]) -> list[list[tuple]]:
    """The rows of several independent SELECTs. On PostgreSQL they are sent together in
    pipeline mode (one round trip for all, each prepared); elsewhere one after the other."""
    if not _prepared():
        return [fetch_rows(sql, params) for sql, params in statements]
    import psycopg

    connection.ensure_connection()
    db = connection.connection
    start = time.monotonic()
    with connection.wrap_database_errors:
        cursors = [psycopg.Cursor(db) for _ in statements]
        try:
            with db.pipeline():
                for cursor, (sql, params) in zip(cursors, statements, strict=True):
                    cursor.execute(sql, params, prepare=True)
            results = [cursor.fetchall() for cursor in cursors]
        finally:
            for cursor in cursors:
                cursor.close()
    for sql, params in statements:
        _log(sql, params, start)
    return results


def _log(sql: str, params: Sequence, start: float) -> None:
    if connection.queries_logged:
        import psycopg

        # With the values in, as Django logs its own (the benchmark's --explain re-runs them).
        logged = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
        connection.queries_log.append({"sql": logged, "time": f"{time.monotonic() - start:.3f}"})


@dataclass(frozen=True)
class ModelPart:
    """Some columns of one model in a hand-written SELECT, and how to make the ORM's own
    instance of them (converters and Model.from_db, as a queryset does), so that code reading
    the instance cannot tell it from one the ORM loaded."""

    model: type
    alias: str
    names: tuple[str, ...]  # field names, loaded in the model's field order (Model.from_db)
    join: str  # how the part joins the statement's first table ("" for that table itself)

    @cached_property
    def fields(self) -> list:
        wanted = set(self.names)
        return [f for f in self.model._meta.concrete_fields if f.name in wanted]

    @cached_property
    def converters(self) -> list[tuple]:
        """Per field, the database's and the field's converters, as the ORM applies them."""
        out = []
        for f in self.fields:
            col = f.get_col(self.alias)
            out.append(
                (col, connection.ops.get_db_converters(col) + f.get_db_converters(connection))
            )
        return out

    @cached_property
    def columns(self) -> str:
        """The part's columns for a SELECT list."""
        return ", ".join(f"{self.alias}.{f.column}" for f in self.fields)

    def instance(self, values: Sequence):
        values = list(values)
        for i, (col, converters) in enumerate(self.converters):
            for convert in converters:
                values[i] = convert(values[i], col, connection)
        return self.model.from_db(connection.alias, [f.attname for f in self.fields], values)
