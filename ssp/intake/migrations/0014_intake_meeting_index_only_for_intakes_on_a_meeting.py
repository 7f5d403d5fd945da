"""An intake's triage item is indexed only where it has one: an import writes thousands of intakes that are on no
meeting yet, each an index entry nothing looked up (the work queue finds them through ``intake_muni_untriaged``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0002_citizen_surname_birth_index"),
        ("concerns", "0002_citizen_moved_to_citizens"),
        ("intake", "0013_import_keys_checked_per_statement"),
        ("structure", "0004_danish_admin_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="intake",
            name="triage_item",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="intakes",
                to="intake.triageitem",
            ),
        ),
        migrations.AddIndex(
            model_name="intake",
            index=models.Index(
                condition=models.Q(("triage_item__isnull", False)), fields=["triage_item"], name="intake_on_meeting"
            ),
        ),
    ]
