"""Model fields the platform adds to Django's."""

from __future__ import annotations

from typing import Any

from django.db import models


class JSONTextField(models.JSONField):
    """JSON kept as PostgreSQL ``json`` (its text, checked on the way in), not ``jsonb``.

    For columns written by the thousand and only ever read whole, never searched inside: ``jsonb`` parses every
    value into a tree as it is stored, which made half the cost of COPYing a 10,000-row preview's rows (its
    candidates and waterfalls, 6 MB of JSON: 0.14-0.25 s as ``jsonb``, 0.07 s as ``json``). A ``json`` column has no
    containment or key look-ups and cannot be compared, so no query may filter, group or order by it. SQLite
    stores every JSON field as text anyway.
    """

    def db_type(self, connection: Any) -> str | None:
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        # psycopg reads ``json`` into Python itself (Django has it leave only ``jsonb`` as text): a JSON string it
        # read must not be parsed a second time.
        if connection.vendor == "postgresql":
            return value
        return super().from_db_value(value, expression, connection)
