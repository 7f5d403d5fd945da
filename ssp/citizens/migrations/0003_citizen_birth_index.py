"""An index on the birth date: the import's linkage asks for the register's first and last birth date with every
report (``ssp.intake.registry``), two index look-ups instead of a scan of every citizen. About 6 MB for 300,000
citizens; one more entry for each citizen written."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0002_citizen_surname_birth_index"),
        ("structure", "0004_danish_admin_labels"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="citizen",
            index=models.Index(fields=["birth_date"], name="citizen_birth"),
        ),
    ]
