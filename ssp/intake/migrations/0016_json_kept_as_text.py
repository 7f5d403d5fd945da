"""A preview row's problems, candidates, reasons and waterfall, and an intake's waterfall, as PostgreSQL ``json``.

They are written by the thousand in an import and only ever read whole: as ``jsonb`` each value was parsed into a
tree on the way in, half the cost of COPYing a 10,000-row preview (``ssp.lib.fields.JSONTextField``).
"""

from django.db import migrations

import ssp.lib.fields


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0015_name_counts_kept_as_written"),
    ]

    operations = [
        migrations.AlterField(
            model_name="intake",
            name="link_weights",
            field=ssp.lib.fields.JSONTextField(blank=True, default=list, verbose_name="vægte pr. felt"),
        ),
        migrations.AlterField(
            model_name="previewrow",
            name="candidates",
            field=ssp.lib.fields.JSONTextField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name="previewrow",
            name="cells",
            field=ssp.lib.fields.JSONTextField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="previewrow",
            name="link_weights",
            field=ssp.lib.fields.JSONTextField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name="previewrow",
            name="reasons",
            field=ssp.lib.fields.JSONTextField(blank=True, default=list),
        ),
    ]
