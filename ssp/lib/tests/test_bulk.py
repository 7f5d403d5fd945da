"""PostgreSQL array literals: every element comes back from the database as it was sent."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from ssp.lib.bulk import array_literal

AWKWARD = ["", "plain", 'a "quoted" word', "back\\slash", '\\"', "comma, {braces}", "NULL", " spaced "]


def test_an_empty_list_is_the_empty_array() -> None:
    assert array_literal([]) == "{}"


def test_every_element_is_quoted_with_backslash_and_quote_escaped() -> None:
    assert array_literal(['a"b', "c\\d", 3, date(2026, 11, 23)]) == '{"a\\"b","c\\\\d","3","2026-11-23"}'


def test_an_element_holding_nul_stays_one_element_for_the_database_to_refuse() -> None:
    assert array_literal(["a\x00b", "c"]) == '{"a\x00b","c"}'


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="array literals are PostgreSQL's")
def test_the_database_reads_back_every_element() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [array_literal(AWKWARD)])
        assert cursor.fetchone()[0] == AWKWARD
