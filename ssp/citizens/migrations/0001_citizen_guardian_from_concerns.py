"""Citizen and Guardian move here from ``concerns``: the state moves, the tables (and every row and ciphertext) stay.

The models keep ``db_table`` ``concerns_citizen``/``concerns_guardian``, so the database is not touched at all;
``concerns.0002`` removes them from the concerns app's state after ``privacy.0003`` repointed its foreign keys.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("structure", "0002_reference_data"),
        ("concerns", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Citizen",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "cpr_ciphertext",
                            models.TextField(blank=True, editable=False, verbose_name="CPR-nummer (krypteret)"),
                        ),
                        (
                            "cpr_lookup",
                            models.CharField(
                                blank=True, db_index=True, editable=False, max_length=64, verbose_name="CPR-opslag"
                            ),
                        ),
                        ("first_name", models.CharField(max_length=100, verbose_name="fornavn")),
                        ("last_name", models.CharField(max_length=100, verbose_name="efternavn")),
                        ("birth_date", models.DateField(blank=True, null=True, verbose_name="fødselsdato")),
                        (
                            "gender",
                            models.CharField(
                                blank=True,
                                choices=[("female", "kvinde"), ("male", "mand")],
                                max_length=10,
                                verbose_name="kønsangivelse",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="oprettet"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="opdateret")),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="citizens",
                                to="structure.municipality",
                                verbose_name="kommune",
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="pupils",
                                to="structure.organisation",
                                verbose_name="skole",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "borger",
                        "verbose_name_plural": "borgere",
                        "db_table": "concerns_citizen",
                        "ordering": ["last_name", "first_name", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Guardian",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="navn")),
                        (
                            "relation",
                            models.CharField(
                                help_text="fx mor, far, anden værge", max_length=100, verbose_name="relation"
                            ),
                        ),
                        ("phone", models.CharField(blank=True, max_length=40, verbose_name="telefon")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                        ("address", models.TextField(blank=True, verbose_name="adresse")),
                        ("has_custody", models.BooleanField(default=False, verbose_name="har forældremyndighed")),
                        (
                            "citizen",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="guardians",
                                to="citizens.citizen",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "forælder/værge",
                        "verbose_name_plural": "forældre/værger",
                        "db_table": "concerns_guardian",
                        "ordering": ["pk"],
                    },
                ),
                migrations.AddIndex(
                    model_name="citizen",
                    index=models.Index(
                        fields=["municipality", "birth_date", "last_name"], name="citizen_muni_birth_name"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="citizen",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("cpr_lookup", ""), _negated=True),
                        fields=("cpr_lookup",),
                        name="citizen_unique_cpr",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
