"""Running the hand-written SQL statements of hot paths (the home feed).

On PostgreSQL they are prepared on their connection: the feed's sources statement costs more
to plan (about 1.5 ms) than to run, and its text is the same for every reader (id lists are
one array parameter), so planning once per connection is the cheapest read there is. Django's
own cursors bind parameters on the client and cannot prepare, so these go through a psycopg
cursor on the same connection (same transaction, same type adapters), logged like Django's
queries so the query-count tests see them. Independent statements can go together in one
round trip (fetch_many, psycopg's pipeline mode). DB_PREPARED_STATEMENTS=false turns both off
(for a pooler in transaction mode that does not carry prepared statements).

Bulk writes of imports (insert_rows, insert_objects, reserve_ids) are one prepared INSERT run
with executemany: bulk_create builds its statement value by value through every field's
preparation (about 2 µs a value, most of an imported post's write), where here only the values
that need it are adapted (dates, JSON) and the statement text is built once per table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone


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


# --- Bulk inserts (imports) ---------------------------------------------------------------------

# Fields whose Python values the database drivers take as they are (strings, numbers, booleans,
# None): the rest go through the field's own preparation, as bulk_create would do.
_AS_IS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
)


def _adapter(field) -> Callable | None:
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        return lambda value: None if value is None else adapt(value)
    if isinstance(field, _AS_IS):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _automatic(field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows of a model with an automatic id, in ascending order,
    for rows inserted in this same transaction."""
    if count <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids() needs a transaction: the ids are taken until it ends.")
    table, column = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        # SQLite: the transaction holds the database's one write lock from its start (BEGIN
        # IMMEDIATE, config/settings.py), so nobody else takes these. AUTOINCREMENT never hands
        # out an id used before (sqlite_sequence); inserting them explicitly moves it on.
        largest = f"SELECT max({quote(column)}) FROM {quote(table)}"  # noqa: S608
        sql = "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
        sql += f"coalesce(({largest}), 0))"
        cursor.execute(sql, [table])
        (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    update_on_conflict: tuple[Sequence[str], Sequence[str]] | None = None,
) -> None:
    """Insert rows of a model, each a sequence of values in the order of `fields` (attnames:
    "author_id"), in one prepared statement run for each (executemany), or on PostgreSQL in
    one COPY.
    Fields left out get their defaults (auto_now ones the time now), as a new instance would.
    `update_on_conflict=(unique fields, fields to update)` makes it an upsert. No signals are
    sent and no ids are returned: give the ids (reserve_ids), or none."""
    opts = model._meta
    by_name = {f.attname: f for f in opts.concrete_fields}
    unknown = [name for name in fields if name not in by_name]
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {', '.join(unknown)}.")
    given = [by_name[name] for name in fields]
    rest = [f for f in opts.concrete_fields if f.attname not in fields and not f.primary_key]
    now = timezone.now()
    constant = [now if _automatic(f) else f.get_default() for f in rest]
    per_row = [i for i, f in enumerate(rest) if f.has_default() and callable(f.default)]
    adapters = [(i, a) for i, f in enumerate(given + rest) if (a := _adapter(f)) is not None]
    values = []
    for row in rows:
        value = [*row, *constant]
        for i in per_row:
            value[len(given) + i] = rest[i].get_default()
        for i, adapt in adapters:
            value[i] = adapt(value[i])
        values.append(value)
    if not values:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in given + rest)
    if connection.vendor == "postgresql" and not update_on_conflict:
        # COPY: the rows stream in one command, without a statement per row.
        start = time.monotonic()
        copy = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy) as stream:
            for value in values:
                stream.write_row(value)
        if connection.queries_logged:
            connection.queries_log.append({"sql": copy, "time": f"{time.monotonic() - start:.3f}"})
        return
    marks = ", ".join(["%s"] * (len(given) + len(rest)))
    # Identifiers come from the model; values are parameters.
    sql = f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    if update_on_conflict:
        unique, update = (
            [quote(by_name[name].column) for name in names] for names in update_on_conflict
        )
        sql += f" ON CONFLICT ({', '.join(unique)}) DO UPDATE SET " + ", ".join(
            f"{column} = excluded.{column}" for column in update
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def insert_objects(objects: Sequence[models.Model]) -> None:
    """Insert new instances of one model (bulk_create for imports: one prepared statement, no
    signals). A model with an automatic id gives them theirs (reserve_ids); afterwards they
    are as if loaded."""
    if not objects:
        return
    model = type(objects[0])
    concrete = model._meta.concrete_fields
    fields = [f.attname for f in concrete]
    automatic = [f for f in concrete if _automatic(f)]
    if isinstance(model._meta.pk, AutoFieldMixin):
        for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
            obj.pk = pk
    for obj in objects:
        for field in automatic:
            field.pre_save(obj, add=True)
    insert_rows(model, fields, ([getattr(obj, name) for name in fields] for obj in objects))
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


_DEFAULTS: dict[type, list[tuple[str, object, bool]]] = {}


def new_instance(model: type, values: dict):
    """model(**values), built from positional values (bulk writes make thousands): with
    keyword arguments, Model.__init__ looks every field up by name, about three times the
    cost. Fields not in `values` get their defaults, as with keywords."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = [
            (f.attname, f.default, True)
            if f.has_default() and callable(f.default)
            else (f.attname, f.get_default(), False)
            for f in model._meta.concrete_fields
        ]
    return model(
        *[
            values[name] if name in values else (default() if call else default)
            for name, default, call in defaults
        ]
    )
