"""Send report queries to a read replica; everything else, and every write, to the primary.

Reports (dashboards, statistics, exports of aggregates) read a lot and change nothing, so at national scale
they run on a PostgreSQL streaming replica (``SSP_REPORTS_DATABASE_URL``), away from the caseworkers' requests.
A report marks its reads with ``with reading_reports():``; only those go to the ``reports`` alias. A replica
lags the primary by a moment, which a report can live with and a page that just saved something cannot: that
is why routing is opt-in per block and never by model.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

REPORTS = "reports"
_reporting: ContextVar[bool] = ContextVar("ssp_reading_reports", default=False)


@contextmanager
def reading_reports() -> Iterator[None]:
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


class ReportReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return REPORTS if _reporting.get() else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary, so objects read from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica receives the schema through replication, never through migrate.
        return db != REPORTS
