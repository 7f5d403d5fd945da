"""An intake always names a citizen, municipality, author and preview that exist (and a preview row its preview):
on PostgreSQL the database checks them once per statement (migrations 0009 and 0013) instead of locking or checking
each referenced row with a foreign key; everywhere Django's on_delete rules act first (a citizen's intakes go with
the citizen)."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.intake.models import Intake, IntakePreview, PreviewRow
from ssp.intake.report import PersonRole, ReportSource
from ssp.structure.models import Municipality

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the statement-level checks exist on PostgreSQL only"
)


@pytest.fixture
def intake(consultant: User) -> Intake:
    place = Municipality.objects.get(code="376")
    citizen = Citizen.objects.create(first_name="Emil", last_name="Testesen", municipality=place)
    return Intake.objects.create(
        citizen=citizen,
        municipality=place,
        source=ReportSource.DAILY_REPORT,
        journal_number="0370-80231-00001-26",
        occurred_at=timezone.now(),
        offence="Butikstyveri",
        role=PersonRole.CHARGED,
        created_by=consultant,
    )


def test_deleting_a_citizen_deletes_their_intakes(intake: Intake) -> None:
    intake.citizen.delete()

    assert not Intake.objects.filter(pk=intake.pk).exists()


@postgresql_only
def test_an_intake_for_a_citizen_that_does_not_exist_is_refused(intake: Intake) -> None:
    missing = Citizen.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        Intake.objects.filter(pk=intake.pk).update(citizen_id=missing)
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        Intake.objects.create(
            citizen_id=missing,
            municipality=intake.municipality,
            source=intake.source,
            journal_number="0370-80231-00002-26",
            occurred_at=intake.occurred_at,
            offence=intake.offence,
            role=intake.role,
            created_by=intake.created_by,
        )

    assert Intake.objects.get().citizen_id == intake.citizen_id


@postgresql_only
@pytest.mark.parametrize("column", ["municipality_id", "created_by_id", "preview_id"])
def test_an_intake_naming_a_missing_municipality_author_or_preview_is_refused(intake: Intake, column: str) -> None:
    missing = {"municipality_id": 999_999, "created_by_id": 999_999, "preview_id": uuid.uuid4()}[column]
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        Intake.objects.filter(pk=intake.pk).update(**{column: missing})


@postgresql_only
@pytest.mark.parametrize(("model", "column"), [(Citizen, "citizen_id"), (Municipality, "municipality_id")])
def test_a_raw_delete_that_would_leave_an_intake_behind_is_refused(
    intake: Intake, model: type[Model], column: str
) -> None:
    # SQL that bypasses Django's on_delete rules, as a hand-written clean-up script would.
    target = getattr(intake, column)
    with (
        pytest.raises(IntegrityError, match="still has intakes"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id = %s", [target])  # noqa: S608

    assert model._default_manager.filter(pk=target).exists()


@postgresql_only
@pytest.mark.parametrize("column", ["triage_item_id", "concern_id", "link_confirmed_by_id"])
def test_an_intake_naming_a_missing_triage_item_concern_or_confirmer_is_refused(intake: Intake, column: str) -> None:
    # Migration 0013: checked once per statement, as 0009 checks the citizen.
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        Intake.objects.filter(pk=intake.pk).update(**{column: 999_999})

    assert getattr(Intake.objects.get(pk=intake.pk), column) is None


@postgresql_only
@pytest.mark.parametrize("column", ["preview_id", "decided_by_id"])
def test_a_preview_row_naming_a_missing_preview_or_decider_is_refused(consultant: User, column: str) -> None:
    preview = IntakePreview.objects.create(created_by=consultant, file_name="døgnrapport.csv", file_sha256="0" * 64)
    row = PreviewRow.objects.create(preview=preview, number=2, state="linked")
    missing = {"preview_id": uuid.uuid4(), "decided_by_id": 999_999}[column]
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        PreviewRow.objects.filter(pk=row.pk).update(**{column: missing})

    with (
        pytest.raises(IntegrityError, match="still named by preview rows"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {IntakePreview._meta.db_table} WHERE id = %s", [preview.pk])  # noqa: S608
    # Django's on_delete rules act first: the preview's rows go with it.
    preview.delete()
    assert not PreviewRow.objects.filter(pk=row.pk).exists()
