"""The foreign keys to the citizen follow it to ``citizens`` (same table, so state only); one Relation and AuditAction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0001_citizen_guardian_from_concerns"),
        ("privacy", "0002_audit_append_only_trigger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accessgrant",
                    name="citizen",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="access_grants", to="citizens.citizen"
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="citizen",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="citizens.citizen",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="accessgrant",
            name="relation",
            field=models.CharField(
                choices=[
                    ("responsible", "ansvarlig SSP-konsulent"),
                    ("team_member", "medlem af sagens team"),
                    ("caseworker", "borgerens sagsbehandler"),
                    ("school_representative", "repræsentant for borgerens skole"),
                    ("agenda_participant", "deltager i personfølsomt dagsordenspunkt"),
                    ("emergency", "nødadgang"),
                    ("triage_participant", "deltager i visitationsmøde"),
                    ("programme_coordinator", "koordinator for forløbet"),
                    ("transferred_programme", "modtager af overdraget forløb"),
                ],
                max_length=40,
                verbose_name="relation",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "visning"),
                    ("list", "visning i liste"),
                    ("search", "søgning"),
                    ("api_view", "visning via API"),
                    ("api_list", "liste via API"),
                    ("agenda", "visning på dagsorden"),
                    ("minutes", "visning af referat"),
                    ("name_check", "navnekontrol af generel tekst"),
                    ("export", "eksport"),
                    ("create", "oprettelse"),
                    ("update", "ændring"),
                    ("delete", "sletning"),
                    ("reveal_cpr", "visning af CPR-nummer"),
                    ("denied", "afvist adgang"),
                    ("grant_access", "adgang givet"),
                    ("revoke_access", "adgang lukket"),
                    ("emergency_access", "nødadgang"),
                    ("review_emergency_access", "gennemgang af nødadgang"),
                    ("emergency_list", "visning af nødadgange til gennemgang"),
                    ("update_retention_rule", "ændring af slettefrist"),
                ],
                max_length=40,
                verbose_name="handling",
            ),
        ),
    ]
