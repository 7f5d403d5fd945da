"""A median aggregate for grouped figures, computed by the database (no rows travel to Python).

PostgreSQL has ``percentile_cont``; SQLite (tests, development) has no median, so ``register_sqlite_median`` adds
one to each new SQLite connection. A ``DurationField`` expression works on both: PostgreSQL takes the median of
intervals, SQLite of the microseconds Django stores.
"""

from __future__ import annotations

from statistics import median
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate


class Median(Aggregate):
    function = "percentile_cont"
    name = "Median"
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, function="ssp_median", template="%(function)s(%(expressions)s)")


class _SqliteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return median(self.values) if self.values else None


def register_sqlite_median(sender: Any = None, connection: BaseDatabaseWrapper | None = None, **kwargs: Any) -> None:
    """``connection_created`` receiver: give a new SQLite connection the ``ssp_median`` aggregate."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_aggregate("ssp_median", 1, _SqliteMedian)
