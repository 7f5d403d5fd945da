"""An intake holds its link (method, score, waterfall, who confirmed) in columns of its own; ``LinkDecision`` goes.

The link was a one-to-one table: a 10,000-row import wrote 10,000 more rows, two index entries and a foreign-key
check each, for data that is read only with its intake. The stored links are copied over, and back on reversal.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

COLUMNS = {
    "link_method": "method",
    "link_probability": "probability",
    "link_score": "score",
    "link_weights": "weights",
    "link_confirmed_by_id": "confirmed_by_id",
    "link_confirmed_at": "confirmed_at",
}


def copy_links_to_intakes(apps: Any, schema_editor: Any) -> None:
    intakes = apps.get_model("intake", "Intake")
    decisions = apps.get_model("intake", "LinkDecision").objects.filter(intake=OuterRef("pk"))
    values: dict[str, Any] = {
        column: Subquery(decisions.values(field)[:1]) for column, field in COLUMNS.items() if column != "link_method"
    }
    # An intake without a link decision (made outside an import) keeps an empty method, as the column's default.
    values["link_method"] = Coalesce(Subquery(decisions.values("method")[:1]), Value(""))
    values["link_weights"] = Coalesce(Subquery(decisions.values("weights")[:1]), Value([], models.JSONField()))
    intakes.objects.filter(pk__in=apps.get_model("intake", "LinkDecision").objects.values("intake")).update(**values)


def copy_links_back(apps: Any, schema_editor: Any) -> None:
    decision = apps.get_model("intake", "LinkDecision")
    linked = apps.get_model("intake", "Intake").objects.exclude(link_method="").order_by("pk")
    decision.objects.bulk_create(
        (
            decision(intake_id=intake.pk, **{field: getattr(intake, column) for column, field in COLUMNS.items()})
            for intake in linked.iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0009_intake_citizen_checked_per_statement"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="intake",
            name="link_confirmed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="intake",
            name="link_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="intake",
            name="link_method",
            field=models.CharField(
                blank=True,
                choices=[
                    ("cpr", "CPR-nummer"),
                    ("score", "navn og fødselsdato"),
                    ("confirmed", "bekræftet af medarbejder"),
                    ("new_citizen", "ny borger"),
                ],
                max_length=20,
                verbose_name="metode",
            ),
        ),
        migrations.AddField(
            model_name="intake",
            name="link_probability",
            field=models.FloatField(blank=True, null=True, verbose_name="sandsynlighed"),
        ),
        migrations.AddField(
            model_name="intake",
            name="link_score",
            field=models.FloatField(blank=True, null=True, verbose_name="score (bits)"),
        ),
        migrations.AddField(
            model_name="intake",
            name="link_weights",
            field=models.JSONField(blank=True, default=list, verbose_name="vægte pr. felt"),
        ),
        migrations.RunPython(copy_links_to_intakes, copy_links_back),
        migrations.DeleteModel(
            name="LinkDecision",
        ),
    ]
