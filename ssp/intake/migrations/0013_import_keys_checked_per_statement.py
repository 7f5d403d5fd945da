"""A preview row's preview and decider, and an intake's triage item, concern and confirmer, are checked once per
statement on PostgreSQL, not by foreign keys (as migration 0009 did for the intake's citizen, municipality, author
and preview).

A foreign key is checked row by row when the transaction commits: a preview's 10,000 rows queued 20,000 checks
(0.09-0.13 s of the preview's commit, most of them of a decider that is still empty), and a commit's 10,000
intakes 30,000 (0.045 s). Statement-level triggers keep the same rules with one look-up per distinct value:

- an ``INSERT`` or ``UPDATE`` that names a preview, user, triage item or concern that does not exist is refused
  (``foreign_key_violation``);
- a ``DELETE`` of previews, users, triage items or concerns that leaves a row naming them is refused (Django's
  ``on_delete`` rules act first, as they did with the foreign keys: a preview's rows are deleted, a decider, triage
  item or concern is set empty).

Migration 0009 names what the triggers do not do (make a write wait for a row being deleted in the same instant).
SQLite has neither the keys nor the triggers; Django's ``on_delete`` rules keep them there as on PostgreSQL.
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


class Checked(NamedTuple):
    name: str  # of the trigger functions
    model: tuple[str, str]
    noun: str  # in the error message, plural
    keys: tuple[Key, ...]


CHECKED = (
    Checked(
        "intake_previewrow",
        ("intake", "PreviewRow"),
        "preview rows",
        (Key("preview_id", ("intake", "IntakePreview"), "preview"), Key("decided_by_id", ("accounts", "User"), "user")),
    ),
    Checked(
        "intake_link",
        ("intake", "Intake"),
        "intakes",
        (
            Key("triage_item_id", ("intake", "TriageItem"), "triage item"),
            Key("concern_id", ("concerns", "Concern"), "concern"),
            Key("link_confirmed_by_id", ("accounts", "User"), "user"),
        ),
    ),
)

EXISTS_CHECK = """
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT {column} AS id FROM written) w
               WHERE w.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {target} t WHERE t.id = w.id)) THEN
        RAISE EXCEPTION '{noun} refer to a {key} that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;"""
KEYS_EXIST = """
CREATE FUNCTION {name}_keys_exist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{checks}
    RETURN NULL;
END;
$$;
CREATE TRIGGER {name}_keys_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION {name}_keys_exist();
CREATE TRIGGER {name}_keys_updated AFTER UPDATE ON {table}
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION {name}_keys_exist();
"""
NOT_LEFT_BEHIND = """
CREATE FUNCTION {name}_{column}_not_left_behind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM deleted d JOIN {table} r ON r.{column} = d.id) THEN
        RAISE EXCEPTION 'a deleted {key} is still named by {noun}' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER {name}_{column}_deleted AFTER DELETE ON {target}
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION {name}_{column}_not_left_behind();
"""
DROP = """
DROP TRIGGER IF EXISTS {name}_keys_inserted ON {table};
DROP TRIGGER IF EXISTS {name}_keys_updated ON {table};
DROP FUNCTION IF EXISTS {name}_keys_exist();
"""
DROP_NOT_LEFT_BEHIND = """
DROP TRIGGER IF EXISTS {name}_{column}_deleted ON {target};
DROP FUNCTION IF EXISTS {name}_{column}_not_left_behind();
"""


def _table(apps: Any, schema_editor: Any, model: tuple[str, str]) -> str:
    return str(schema_editor.connection.ops.quote_name(apps.get_model(*model)._meta.db_table))


def _sql(apps: Any, schema_editor: Any, whole: str, per_key: str) -> str:
    sql = ""
    for checked in CHECKED:
        table = _table(apps, schema_editor, checked.model)
        targets = [_table(apps, schema_editor, key.model) for key in checked.keys]
        checks = "".join(
            EXISTS_CHECK.format(column=key.column, target=target, noun=checked.noun.capitalize(), key=key.noun)
            for key, target in zip(checked.keys, targets, strict=True)
        )
        sql += whole.format(name=checked.name, table=table, checks=checks)
        sql += "".join(
            per_key.format(
                name=checked.name, table=table, column=key.column, target=target, key=key.noun, noun=checked.noun
            )
            for key, target in zip(checked.keys, targets, strict=True)
        )
    return sql


def create_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_sql(apps, schema_editor, KEYS_EXIST, NOT_LEFT_BEHIND), params=None)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_sql(apps, schema_editor, DROP, DROP_NOT_LEFT_BEHIND), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0002_citizen_moved_to_citizens"),
        ("intake", "0012_name_parts_for_the_blocks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="previewrow",
            name="preview",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rows",
                to="intake.intakepreview",
            ),
        ),
        migrations.AlterField(
            model_name="previewrow",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="intake",
            name="triage_item",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="intakes",
                to="intake.triageitem",
            ),
        ),
        migrations.AlterField(
            model_name="intake",
            name="concern",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="intakes",
                to="concerns.concern",
            ),
        ),
        migrations.AlterField(
            model_name="intake",
            name="link_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
