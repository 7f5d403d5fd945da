"""The intake capability's retention handler (registered in ``IntakeConfig.ready``; run by ``ssp.privacy``).

- An intake that never became a concern is deleted when it is older than the municipality's deletion period for
  daily-report intake (``RecordType.DAILY_REPORT_INTAKE``), with one tombstone per citizen naming the intake ids.
  An intake that became a concern lives as long as the concern (the concerns handler decides).
- A preview nobody committed holds the police's file in encrypted form: it is deleted after the same period, and
  so is a large file's import job whose worker never read it (``ImportJob`` keeps the file encrypted until then).
- A citizen is held while they have an intake within the period, an undecided triage item or an open deadline.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q

from ssp.intake.models import Deadline, ImportJob, Intake, IntakePreview, PreviewPersons, PreviewRow, TriageItem
from ssp.privacy.models import AuditAction, RecordType
from ssp.privacy.retention import RetentionOutcome, Tombstone, rule_for


class IntakeRetention:
    app_label = "intake"

    def apply(self, municipality_id: int, *, now: datetime, dry_run: bool) -> RetentionOutcome:
        outcome = RetentionOutcome()
        _, delete_days, rule_name = rule_for(municipality_id, RecordType.DAILY_REPORT_INTAKE)
        cutoff = now - timedelta(days=delete_days)
        expired = list(
            Intake.objects.filter(municipality_id=municipality_id, concern__isnull=True, created_at__lt=cutoff)
            .order_by("citizen_id", "pk")
            .values_list("citizen_id", "pk")
        )
        outcome.deleted["daily_report_intake"] = [pk for _, pk in expired]
        # Preview rows and their person data (encrypted, ``PreviewPersons``) hold the police's file; a district-wide
        # preview is cleared municipality by municipality.
        stale_rows = list(
            PreviewRow.objects.filter(municipality_id=municipality_id, preview__created_at__lt=cutoff).values_list(
                "pk", flat=True
            )
        )
        outcome.deleted["intake_preview_row"] = stale_rows
        if dry_run:
            return outcome
        by_citizen: dict[int, list[int]] = {}
        for citizen_id, pk in expired:
            by_citizen.setdefault(citizen_id, []).append(pk)
        Intake.objects.filter(pk__in=outcome.deleted["daily_report_intake"]).delete()
        PreviewRow.objects.filter(pk__in=stale_rows).delete()
        PreviewPersons.objects.filter(municipality_id=municipality_id, preview__created_at__lt=cutoff).delete()
        IntakePreview.objects.filter(created_at__lt=cutoff, rows__isnull=True).delete()
        ImportJob.objects.filter(municipality_id=municipality_id, created_at__lt=cutoff).delete()
        for citizen_id, ids in by_citizen.items():
            outcome.tombstones.append(
                Tombstone(
                    AuditAction.DELETE, citizen_id=citizen_id, detail=f"{rule_name} intakes:{','.join(map(str, ids))}"
                )
            )
        if stale_rows:
            outcome.tombstones.append(
                Tombstone(AuditAction.DELETE, detail=f"{rule_name} intake_preview_rows:{len(stale_rows)}")
            )
        return outcome

    def held_q(self, municipality_id: int, *, now: datetime) -> Q:
        _, delete_days, _ = rule_for(municipality_id, RecordType.DAILY_REPORT_INTAKE)
        recent = Intake.objects.filter(citizen=OuterRef("pk"), created_at__gte=now - timedelta(days=delete_days))
        undecided = TriageItem.objects.filter(citizen=OuterRef("pk"), decided_at__isnull=True)
        open_deadline = Deadline.objects.filter(citizen=OuterRef("pk"), met_at__isnull=True)
        return Q(Exists(recent)) | Q(Exists(undecided)) | Q(Exists(open_deadline))

    def describe_citizen(self, citizen_id: int) -> str:
        ids = sorted(Intake.objects.filter(citizen_id=citizen_id).values_list("pk", flat=True))
        return f"intakes:{','.join(map(str, ids))}" if ids else ""
