"""No index on an audit event's concern: nothing looks events up by it, and every disclosure wrote an entry."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0002_citizen_moved_to_citizens"),
        ("privacy", "0007_audit_hash_not_indexed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="concern",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="concerns.concern",
            ),
        ),
    ]
