from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from ssp.operations.routers import reading_reports
from ssp.structure.models import Municipality


@pytest.fixture(autouse=True)
def _close_the_replica_connection() -> Iterator[None]:
    # The mirror keeps its own connection, which would keep the test database from being dropped at the end.
    yield
    connections["reports"].close()


@pytest.mark.django_db(databases=["default", "reports"])
def test_report_reads_go_to_the_replica_and_everything_else_to_the_primary() -> None:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["reports"]) as replica,
    ):
        with reading_reports():
            in_report = Municipality.objects.count()
        outside = Municipality.objects.count()
    assert in_report == outside == 98
    assert len(replica.captured_queries) == 1 and "COUNT" in replica.captured_queries[0]["sql"]
    assert len(primary.captured_queries) == 1


def test_a_write_inside_a_report_block_still_goes_to_the_primary() -> None:
    from django.db import router

    with reading_reports():
        assert router.db_for_read(Municipality) == "reports"
        assert router.db_for_write(Municipality) == "default"
    assert router.db_for_read(Municipality) == "default"


@pytest.mark.django_db(databases=["default", "reports"])
def test_migrations_never_run_on_the_replica() -> None:
    from django.db import router

    assert router.allow_migrate("reports", "structure") is False
    assert router.allow_migrate("default", "structure") is True
