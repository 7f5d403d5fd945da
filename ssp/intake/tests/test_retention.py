"""Retention: intakes that never became a concern go after the daily-report period, with a tombstone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.intake.models import ImportJob, Intake, IntakePreview, PreviewPersons, PreviewRow
from ssp.intake.tests.conftest import Indsatsmoede
from ssp.intake.triage import TriageDecision, record_triage_decision, schedule_triage
from ssp.privacy.models import AuditAction, AuditEvent, RecordType, RetentionRule
from ssp.privacy.retention import run_retention
from ssp.structure.models import Municipality

pytestmark = pytest.mark.django_db


def test_intakes_without_a_concern_are_deleted_after_the_period_and_the_rest_kept(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede
) -> None:
    place = indsatsmoede.forum.municipality
    assert place is not None
    RetentionRule.objects.create(
        municipality=place,
        record_type=RecordType.DAILY_REPORT_INTAKE,
        close_inactive_after_days=30,
        delete_after_days=60,
    )
    item = schedule_triage(place, actor=indsatsmoede.consultant)[0]
    record_triage_decision(
        item,
        actor=indsatsmoede.consultant,
        decision=TriageDecision(
            present=[indsatsmoede.consultant], severity="low", decision="no_action", no_action_reason="Kendt i skolen"
        ),
    )
    kept = set(Intake.objects.filter(concern__isnull=False).values_list("pk", flat=True))
    later = timezone.now() + timedelta(days=61)

    report = run_retention(now=later, municipality_id=place.pk)

    assert set(Intake.objects.values_list("pk", flat=True)) == kept
    assert len(report.deleted["daily_report_intake"]) == 16 - len(kept)
    assert not PreviewRow.objects.filter(municipality=place).exists()
    # The rows' person data (the police's file, encrypted per municipality) goes with them.
    assert not PreviewPersons.objects.filter(municipality=place).exists()
    tombstones = AuditEvent.objects.filter(action=AuditAction.DELETE, detail__contains="intakes:")
    assert tombstones.exists()
    assert all("Papirvang" not in event.detail for event in tombstones)


def test_a_large_files_job_the_worker_never_read_goes_after_the_period(
    guldborgsund_children: list[Citizen], consultant: User
) -> None:
    place = Municipality.objects.get(code="376")
    RetentionRule.objects.create(
        municipality=place,
        record_type=RecordType.DAILY_REPORT_INTAKE,
        close_inactive_after_days=30,
        delete_after_days=60,
    )
    job = ImportJob(created_by=consultant, municipality=place, file_name="doegnrapport.csv")
    job.file = b"Journalnummer;CPR-nummer\r\n0370-1;0101101234\r\n"
    job.save()

    run_retention(now=timezone.now() + timedelta(days=59), municipality_id=place.pk)
    assert ImportJob.objects.exists()
    run_retention(now=timezone.now() + timedelta(days=61), municipality_id=place.pk)
    assert not ImportJob.objects.exists()
