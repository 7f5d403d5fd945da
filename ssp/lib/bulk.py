"""Bulk work: many plain rows written at once, and the garbage collector paused while they are made.

``insert_rows`` is for imports where Django's ``bulk_create`` costs more than the work itself; ``AnyOf`` filters on
a list of 10,000 keys as one parameter (no ``IN`` list of 10,000 placeholders to build, quote and parse);
``probe_each`` looks up many composite keys with one index probe each.

``bulk_create`` builds a model instance per row and one ``INSERT`` whose every value is quoted into the SQL text;
for 10,000 rows with encrypted and JSON columns that is seconds. ``insert_rows`` prepares each value with its
field (``get_db_prep_save``, as the ORM would) and hands the rows to the driver: ``COPY`` on PostgreSQL,
``executemany`` on SQLite. Nothing else of the ORM runs: no model instances, no ``save()``, no signals, no returned
primary keys; the caller has validated the values, and the database's constraints hold the rest.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from django.db import connections, models, router
from django.db.models import Lookup, Model, QuerySet
from django.db.models.expressions import RawSQL


class AnyOf(Lookup):
    """``AnyOf(F("column"), values)``: the column equals one of ``values``, sent as a single parameter.

    PostgreSQL gets an array literal cast to the column's type (``= ANY('{…}'::date[])``): the driver would adapt
    a Python list element by element, which for 10,000 dates costs more than the query. SQLite gets a JSON list.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> Any:
        field = self.lhs.output_field
        values = [field.get_db_prep_value(item, connection, prepared=False) for item in value]
        if connection.vendor == "postgresql":
            return f"%s::{field.cast_db_type(connection)}[]", [array_literal(values)]
        return "%s", [json.dumps(values, default=str)]

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
        return f"{lhs} IN (SELECT value FROM json_each({rhs}))", [*lhs_params, *rhs_params]  # noqa: S608 - no values


def probe_each(queryset: QuerySet[Any], keys: Mapping[str, Sequence[Any]]) -> tuple[str, list[Any]]:
    """PostgreSQL: SQL and parameters for ``queryset``'s rows whose fields equal one key, given as ``{field: values}``
    (the keys' parts side by side; each value's ``str()`` must be its PostgreSQL text form: text, numbers, dates).

    One index probe per key, in a LATERAL subquery the planner may not flatten (``OFFSET 0``): as a join or an
    ``= ANY`` list the planner prefers a (parallel) scan of the whole table, several times slower for thousands of
    keys against hundreds of thousands of rows, and growing with the table.
    """
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    fields = [queryset.model._meta.get_field(name) for name in keys]
    # The column names come from the model; the values are parameters.
    probe = {f.attname: RawSQL(f"key.{quote(f.column)}", (), output_field=f) for f in fields}  # noqa: S611
    sql, params = queryset.filter(**probe).order_by().query.get_compiler(using=queryset.db).as_sql()
    arrays = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in fields)
    columns = ", ".join(quote(f.column) for f in fields)
    probes = f"SELECT found.* FROM unnest({arrays}) AS key({columns}) CROSS JOIN LATERAL ({sql} OFFSET 0) AS found"  # noqa: S608
    return probes, [*map(array_literal, keys.values()), *params]


def array_literal(values: Iterable[Any]) -> str:
    """PostgreSQL's text form of an array: every element double-quoted, backslash and quote escaped."""
    texts = list(map(str, values))
    if not texts:
        return "{}"
    # Escaped in one pass over the joined text, not element by element (a preview sends 120,000 elements). The
    # elements are joined by NUL, which no PostgreSQL text holds, and the NULs become the quoted separators.
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        # An element holds a NUL itself: quoted alone, for the database to refuse as it refuses any NUL.
        return "{" + ",".join(_quoted(text) for text in texts) + "}"
    return '{"' + _escaped(joined).replace("\0", '","') + '"}'


def _quoted(text: str) -> str:
    return '"' + _escaped(text) + '"'


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def insert_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (values in the order of ``fields``) into ``model``'s table, one statement for them all."""
    connection = connections[router.db_for_write(model)]
    columns: list[Any] = [model._meta.get_field(name) for name in fields]
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    # Text, numbers and booleans go to the driver as they are; JSON goes as its text (the database parses it, as
    # it would the driver's adapter's output); other values (dates, UUIDs) are prepared by their field, as the ORM
    # would. Preparing every value cost more than the COPY itself; only those columns are visited.
    preps = [
        (index, _json_text(field) or _Repeated(field.get_db_prep_save))
        for index, field in enumerate(columns)
        if not _plain(field)
    ]
    prepared = _prepared(rows, preps, len(columns), connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({names}) FROM STDIN"
            # The driver's COPY bypasses Django's cursor: log it as the one query it is (query-count tests, DEBUG).
            logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
            with logged, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            insert = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 - names from the model's meta
            cursor.executemany(insert, list(prepared))


def _prepared(
    rows: Iterable[Sequence[Any]], preps: list[tuple[int, Callable[[Any, Any], Any]]], width: int, connection: Any
) -> Iterator[list[Any]]:
    """Each row as a list with its columns at ``preps`` (index, preparer) prepared; the plain values stay."""
    for row in rows:
        values = list(row)
        if len(values) != width:
            raise ValueError(f"{len(values)} values for {width} columns")
        for index, prep in preps:
            values[index] = prep(values[index], connection)
        yield values


class _Repeated:
    """A column's preparer that prepares a value once while the rows repeat it (one timestamp for every audit
    event of an import): the same object as the row before gets the same prepared value. Only for the fields
    whose values are immutable (dates, times, UUIDs), never JSON."""

    def __init__(self, prepare: Callable[[Any, Any], Any]) -> None:
        self._prepare = prepare
        self._last: Any = _Repeated
        self._prepared: Any = None

    def __call__(self, value: Any, connection: Any) -> Any:
        if value is not self._last:
            self._last, self._prepared = value, self._prepare(value, connection)
        return self._prepared


class JsonText(str):
    """A JSON column's value already written as JSON text, which ``insert_rows`` stores as it is (a caller that
    writes thousands of similar values can put their text together cheaper than the encoder walks them)."""


def _json_text(field: Any) -> Callable[[Any, Any], str | None] | None:
    """For a JSON field, a preparer that writes the value's JSON text (``None`` is SQL NULL, as Django saves it)."""
    if not isinstance(field, models.JSONField):
        return None
    encode = (field.encoder or json.JSONEncoder)().encode

    def text(value: Any, _connection: Any) -> str | None:
        if isinstance(value, JsonText):
            return value
        return None if value is None else encode(value)

    return text


_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField, models.BooleanField)


def _plain(field: Any) -> bool:
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    return isinstance(target, _PLAIN) and not isinstance(target, models.JSONField)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk step allocates hundreds of thousands of objects.

    The objects (tuples, strings, small records) hold no reference cycles, so reference counting frees them all;
    but every few hundred allocations the collector would walk a young generation, and often enough the whole
    heap, which in a 10,000-row import cost a third of the time. It runs again as soon as the step ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
