"""The raw database holds no CPR number in plain text, in any table or column."""

from __future__ import annotations

from typing import Any

from django.db import connection

from ssp.citizens.models import Citizen


def _all_text(cursor: Any) -> str:
    chunks: list[str] = []
    for table in connection.introspection.table_names(cursor):
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names come from introspection
        chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def test_it_stores_no_cpr_number_in_clear(make_concern: Any, login: Any) -> None:
    concerns = [make_concern() for _ in range(3)]
    login(concerns[0].responsible).post(f"/sager/borger/{concerns[0].citizen_id}/cpr/")
    numbers = [Citizen.objects.get(pk=c.citizen_id).cpr for c in concerns]
    assert all(len(n) == 10 for n in numbers)

    with connection.cursor() as cursor:
        dump = _all_text(cursor)

    for number in numbers:
        assert number not in dump
        assert f"{number[:6]}-{number[6:]}" not in dump
