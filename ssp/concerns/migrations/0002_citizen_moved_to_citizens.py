"""Citizen and Guardian now belong to ``citizens`` (same tables): state only, the database is not touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0001_citizen_guardian_from_concerns"),
        ("concerns", "0001_initial"),
        ("privacy", "0003_citizens_app_relation_and_action_choices"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="concern",
                    name="citizen",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="concerns",
                        to="citizens.citizen",
                        verbose_name="borger",
                    ),
                ),
                migrations.RemoveField(
                    model_name="guardian",
                    name="citizen",
                ),
                migrations.DeleteModel(
                    name="Citizen",
                ),
                migrations.DeleteModel(
                    name="Guardian",
                ),
            ],
            database_operations=[],
        ),
    ]
