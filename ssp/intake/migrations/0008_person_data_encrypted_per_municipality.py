"""Who a preview's rows are about moves from one token per row to one per (preview, municipality) part.

Open previews keep their data: each part's rows are decrypted and written again as one token, before the rows'
own column goes.
"""

import json
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from ssp.lib import crypto


def _to_parts(apps: Any, schema_editor: Any) -> None:
    row_model = apps.get_model("intake", "PreviewRow")
    persons_model = apps.get_model("intake", "PreviewPersons")
    parts: dict[tuple[Any, Any], dict[int, Any]] = {}
    rows = row_model.objects.exclude(payload_ciphertext="").order_by("pk")
    for preview_id, place, number, ciphertext in rows.values_list(
        "preview_id", "municipality_id", "number", "payload_ciphertext"
    ).iterator():
        parts.setdefault((preview_id, place), {})[number] = json.loads(crypto.decrypt(ciphertext))
    persons_model.objects.bulk_create(
        persons_model(
            preview_id=preview_id,
            municipality_id=place,
            ciphertext=crypto.encrypt(json.dumps(data, ensure_ascii=False)),
        )
        for (preview_id, place), data in parts.items()
    )


def _to_rows(apps: Any, schema_editor: Any) -> None:
    row_model = apps.get_model("intake", "PreviewRow")
    persons_model = apps.get_model("intake", "PreviewPersons")
    for part in persons_model.objects.all():
        for number, data in json.loads(crypto.decrypt(part.ciphertext)).items():
            row_model.objects.filter(preview_id=part.preview_id, number=int(number)).update(
                payload_ciphertext=crypto.encrypt(json.dumps(data, ensure_ascii=False))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0007_preview_rows_checked_by_their_intakes"),
        ("structure", "0004_danish_admin_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name="PreviewPersons",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("ciphertext", models.TextField(editable=False)),
                (
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="structure.municipality",
                    ),
                ),
                (
                    "preview",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="persons",
                        to="intake.intakepreview",
                    ),
                ),
            ],
            options={
                "verbose_name": "personoplysninger i forhåndsvisning",
                "verbose_name_plural": "personoplysninger i forhåndsvisninger",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("preview", "municipality"), name="preview_persons_municipality_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(_to_parts, _to_rows),
        # Empty by default before it goes, so that undoing this migration can add the column back to existing rows.
        migrations.AlterField(
            model_name="previewrow", name="payload_ciphertext", field=models.TextField(default="", editable=False)
        ),
        migrations.RemoveField(model_name="previewrow", name="payload_ciphertext"),
    ]
