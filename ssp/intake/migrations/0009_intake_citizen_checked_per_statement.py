"""An intake's citizen is checked once per statement on PostgreSQL, not by a foreign key.

PostgreSQL checks a foreign key row by row and locks each referenced row (``FOR KEY SHARE``); the lock is written
into the citizen's heap page. A 10,000-row commit thus dirtied thousands of the register's pages: 40 MB of WAL
(full-page images after a checkpoint) and 0.9 s, more than writing the intakes themselves. Two statement-level
triggers keep the same rule without the locks:

- an ``INSERT`` or ``UPDATE`` of intakes whose citizen does not exist is refused (``foreign_key_violation``);
- a ``DELETE`` of citizens that leaves an intake behind is refused (Django's ``on_delete=CASCADE`` deletes a
  citizen's intakes first, as it did with the foreign key).

What the lock also did, and the triggers do not: make an import wait for a citizen being deleted in the same
instant. Both checks see only committed rows, so an import and a deletion of the same citizen at the same moment
can each pass; the intake then names a citizen that is gone, and the intakes' retention deletes it. SQLite has
neither the key nor the triggers; Django's cascade keeps the rule there as on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION intake_citizen_exists() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM intake_written w WHERE NOT EXISTS (SELECT 1 FROM {citizens} c WHERE c.id = w.citizen_id))
    THEN
        RAISE EXCEPTION 'an intake refers to a citizen that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION intake_citizen_not_left_behind() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM citizen_deleted d JOIN {intakes} i ON i.citizen_id = d.id) THEN
        RAISE EXCEPTION 'a deleted citizen still has intakes' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER intake_citizen_inserted AFTER INSERT ON {intakes}
    REFERENCING NEW TABLE AS intake_written FOR EACH STATEMENT EXECUTE FUNCTION intake_citizen_exists();
CREATE TRIGGER intake_citizen_updated AFTER UPDATE ON {intakes}
    REFERENCING NEW TABLE AS intake_written FOR EACH STATEMENT EXECUTE FUNCTION intake_citizen_exists();
CREATE TRIGGER intake_citizen_deleted AFTER DELETE ON {citizens}
    REFERENCING OLD TABLE AS citizen_deleted FOR EACH STATEMENT EXECUTE FUNCTION intake_citizen_not_left_behind();
"""
DROP = """
DROP TRIGGER IF EXISTS intake_citizen_inserted ON {intakes};
DROP TRIGGER IF EXISTS intake_citizen_updated ON {intakes};
DROP TRIGGER IF EXISTS intake_citizen_deleted ON {citizens};
DROP FUNCTION IF EXISTS intake_citizen_exists();
DROP FUNCTION IF EXISTS intake_citizen_not_left_behind();
"""


def _tables(apps: Any, schema_editor: Any) -> dict[str, str]:
    quote = schema_editor.connection.ops.quote_name
    return {
        "intakes": quote(apps.get_model("intake", "Intake")._meta.db_table),
        "citizens": quote(apps.get_model("citizens", "Citizen")._meta.db_table),
    }


def create_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE.format(**_tables(apps, schema_editor)), params=None)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP.format(**_tables(apps, schema_editor)), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0001_citizen_guardian_from_concerns"),
        ("intake", "0008_person_data_encrypted_per_municipality"),
    ]

    operations = [
        migrations.AlterField(
            model_name="intake",
            name="citizen",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="intakes",
                to="citizens.citizen",
                verbose_name="borger",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
