"""A name part's entries carry their birth dates: a large report asks, part by part of the register's vocabulary,
whether a citizen with it was born on one of the report's dates (``ssp.intake.registry``), and reads the answer
from this index alone. It replaces the ``(part, is_surname)`` index the counts were read from before ``0015``."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CREATE = """
CREATE INDEX intake_name_part_born ON intake_name_part (part, is_surname) INCLUDE (birth_date);
DROP INDEX intake_name_part_count;
"""
RESTORE = """
CREATE INDEX intake_name_part_count ON intake_name_part (part, is_surname);
DROP INDEX intake_name_part_born;
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def restore(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESTORE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0016_json_kept_as_text"),
    ]

    operations = [migrations.RunPython(create, restore)]
