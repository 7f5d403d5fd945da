"""Writing many plain rows at once, for imports where Django's ``bulk_create`` costs more than the work itself.

``bulk_create`` builds a model instance per row and one ``INSERT`` whose every value is quoted into the SQL text;
for 10,000 rows with encrypted and JSON columns that is seconds. ``insert_rows`` prepares each value with its
field (``get_db_prep_save``, as the ORM would) and hands the rows to the driver: ``COPY`` on PostgreSQL,
``executemany`` on SQLite. Nothing else of the ORM runs: no model instances, no ``save()``, no signals, no returned
primary keys; the caller has validated the values, and the database's constraints hold the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any

from django.db import connections, router
from django.db.models import Model


def insert_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (values in the order of ``fields``) into ``model``'s table, one statement for them all."""
    connection = connections[router.db_for_write(model)]
    columns = [model._meta.get_field(name) for name in fields]
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)  # type: ignore[union-attr]
    table = connection.ops.quote_name(model._meta.db_table)
    prepared = (
        [field.get_db_prep_save(value, connection) for field, value in zip(columns, row, strict=True)] for row in rows
    )
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
