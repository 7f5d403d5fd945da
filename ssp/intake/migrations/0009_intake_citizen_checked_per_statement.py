"""An intake's citizen, municipality, author and preview are checked once per statement on PostgreSQL, not by
foreign keys.

PostgreSQL checks a foreign key row by row and locks each referenced row (``FOR KEY SHARE``); the citizen's lock is
written into its heap page. A 10,000-row commit thus dirtied thousands of the register's pages: 40 MB of WAL
(full-page images after a checkpoint) and 0.9 s, more than writing the intakes themselves, and 30,000 more checks
of the same few municipalities, author and preview. Statement-level triggers keep the same rules without the locks:

- an ``INSERT`` or ``UPDATE`` of intakes that refers to a row that does not exist is refused
  (``foreign_key_violation``), with one look-up per distinct value;
- a ``DELETE`` of citizens, municipalities, users or previews that leaves an intake referring to them is refused
  (Django's ``on_delete`` rules act first, as they did with the foreign keys: a citizen's intakes are deleted, a
  preview's are detached, a municipality or author with intakes is protected).

What the locks also did, and the triggers do not: make an import wait for a row being deleted in the same instant.
Both checks see only committed rows, so an import and a deletion of the same citizen at the same moment can each
pass; the intake then names a citizen that is gone, and the intakes' retention deletes it. SQLite has neither the
keys nor the triggers; Django's ``on_delete`` rules keep them there as on PostgreSQL.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Key(NamedTuple):
    column: str
    model: tuple[str, str]
    noun: str  # in the error message


KEYS = (
    Key("citizen_id", ("citizens", "Citizen"), "citizen"),
    Key("municipality_id", ("structure", "Municipality"), "municipality"),
    Key("created_by_id", ("accounts", "User"), "user"),
    Key("preview_id", ("intake", "IntakePreview"), "preview"),
)


# One look-up per distinct value: an import's 10,000 rows name a handful of municipalities, one author, one preview,
# and thousands of citizens.
EXISTS_CHECK = """
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT {column} AS id FROM intake_written) w
               WHERE w.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {target} t WHERE t.id = w.id)) THEN
        RAISE EXCEPTION 'an intake refers to a {noun} that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;"""
KEYS_EXIST = """
CREATE OR REPLACE FUNCTION intake_keys_exist() RETURNS trigger AS $$
BEGIN{checks}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER intake_keys_inserted AFTER INSERT ON {intakes}
    REFERENCING NEW TABLE AS intake_written FOR EACH STATEMENT EXECUTE FUNCTION intake_keys_exist();
CREATE TRIGGER intake_keys_updated AFTER UPDATE ON {intakes}
    REFERENCING NEW TABLE AS intake_written FOR EACH STATEMENT EXECUTE FUNCTION intake_keys_exist();
"""
NOT_LEFT_BEHIND = """
CREATE OR REPLACE FUNCTION intake_{noun}_not_left_behind() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM deleted d JOIN {intakes} i ON i.{column} = d.id) THEN
        RAISE EXCEPTION 'a deleted {noun} still has intakes' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER intake_{noun}_deleted AFTER DELETE ON {target}
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION intake_{noun}_not_left_behind();
"""
DROP = """
DROP TRIGGER IF EXISTS intake_keys_inserted ON {intakes};
DROP TRIGGER IF EXISTS intake_keys_updated ON {intakes};
DROP FUNCTION IF EXISTS intake_keys_exist();
"""
DROP_NOT_LEFT_BEHIND = """
DROP TRIGGER IF EXISTS intake_{noun}_deleted ON {target};
DROP FUNCTION IF EXISTS intake_{noun}_not_left_behind();
"""


def _sql(apps: Any, schema_editor: Any, whole: str, per_key: str) -> str:
    quote = schema_editor.connection.ops.quote_name
    intakes = quote(apps.get_model("intake", "Intake")._meta.db_table)
    targets = [quote(apps.get_model(*key.model)._meta.db_table) for key in KEYS]
    checks = "".join(
        EXISTS_CHECK.format(column=key.column, target=target, noun=key.noun)
        for key, target in zip(KEYS, targets, strict=True)
    )
    return whole.format(intakes=intakes, checks=checks) + "".join(
        per_key.format(intakes=intakes, column=key.column, target=target, noun=key.noun)
        for key, target in zip(KEYS, targets, strict=True)
    )


def create_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_sql(apps, schema_editor, KEYS_EXIST, NOT_LEFT_BEHIND), params=None)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_sql(apps, schema_editor, DROP, DROP_NOT_LEFT_BEHIND), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0001_citizen_guardian_from_concerns"),
        ("intake", "0008_person_data_encrypted_per_municipality"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
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
        migrations.AlterField(
            model_name="intake",
            name="municipality",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="intakes",
                to="structure.municipality",
                verbose_name="kommune",
            ),
        ),
        migrations.AlterField(
            model_name="intake",
            name="created_by",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="intake",
            name="preview",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="intake.intakepreview",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
