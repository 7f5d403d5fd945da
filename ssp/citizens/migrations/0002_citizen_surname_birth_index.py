"""An index on (surname, birth date) for the import's linkage: the surname pass probes it once per (surname
spelling, date) pair instead of scanning every citizen.

About 6 MB for 300,000 citizens; each citizen insert, and each update that changes a surname or birth date, writes
one more index entry; updates of other columns are unaffected. Run ``ANALYZE`` after it on a large register (docs/operations.md).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0001_citizen_guardian_from_concerns"),
        ("structure", "0004_danish_admin_labels"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="citizen",
            index=models.Index(fields=["last_name", "birth_date"], name="citizen_surname_birth"),
        ),
    ]
