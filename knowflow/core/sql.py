"""Running the hand-written SQL statements of hot paths (the home feed).

On PostgreSQL they are prepared on their connection: the feed's sources statement costs more
to plan (about 1.5 ms) than to run, and its text is the same for every reader (id lists are
one array parameter), so planning once per connection is the cheapest read there is. Django's
own cursors bind parameters on the client and cannot prepare, so these go through a psycopg
cursor on the same connection (same transaction, same type adapters), logged like Django's
queries so the query-count tests see them. DB_PREPARED_STATEMENTS=false turns it off (for a
pooler in transaction mode that does not carry prepared statements).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.conf import settings
from django.db import connection


def fetch_rows(sql: str, params: Sequence) -> list[tuple]:
    """All rows of one SELECT written for this database (`%s` placeholders)."""
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    import psycopg

    connection.ensure_connection()
    start = time.monotonic()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
    if connection.queries_logged:
        # With the values in, as Django logs its own (the benchmark's --explain re-runs them).
        logged = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
        connection.queries_log.append({"sql": logged, "time": f"{time.monotonic() - start:.3f}"})
    return rows
