"""Previewing a daily report: every row linked, checked and routed; nothing written but the preview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.intake.models import Intake, IntakePreview, PreviewPersons, PreviewRow, RowState
from ssp.intake.services import create_preview

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def _states(preview: IntakePreview) -> dict[int, str]:
    return dict(preview.rows.order_by("number").values_list("number", "state"))


def test_the_demo_report_shows_every_state(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="døgnrapport.csv", today=TODAY)

    states = _states(preview)
    assert [n for n, s in states.items() if s == RowState.LINKED] == [2, 3, 4, 5, 6, 7, 8, 9, 11, 18, 19, 20]
    assert states[10] == RowState.NEEDS_CONFIRMATION
    assert states[23] == RowState.NEEDS_CONFIRMATION
    assert [n for n, s in states.items() if s == RowState.NEW_CITIZEN] == [12, 13, 14, 15, 16, 17, 21, 22]
    assert Intake.objects.count() == 0 and Citizen.objects.count() == 32


def test_rows_about_another_municipality_are_routed_there(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)

    lolland = dict(preview.rows.values_list("number", "municipality__code"))
    assert (lolland[21], lolland[22], lolland[2]) == ("360", "360", "376")


def test_only_suspects_under_18_go_to_the_meeting_by_default(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)

    not_for_triage = sorted(preview.rows.filter(for_triage=False).values_list("number", flat=True))
    # Victim, witness and the two adults.
    assert not_for_triage == [16, 17, 19, 20]


def test_a_cpr_failing_modulus_11_is_a_cell_warning(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)

    row = preview.rows.get(number=12)
    assert row.has_warning and row.state == RowState.NEW_CITIZEN
    assert [p["state"] for p in row.cells["CPR-nummer"]] == ["warning"]


def test_the_person_data_is_stored_encrypted(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)

    row = preview.rows.get(number=13)
    assert row.municipality_id is not None
    stored = list(PreviewPersons.objects.filter(preview=preview).values_list("ciphertext", flat=True))
    # One token per municipality's part of the preview, none of them readable without the key.
    assert len(stored) == preview.rows.values("municipality").distinct().count()
    assert not any("Skitsebæk" in text or "Skitsebaek" in text for text in stored)
    assert "Skitsebæk" not in str(list(PreviewRow.objects.filter(preview=preview).values()))
    assert PreviewPersons.payloads(preview.pk, [row.municipality_id])[13]["last_name"] == "Skitsebæk"


def test_a_file_level_problem_is_an_error_on_the_file_and_stores_nothing(consultant: User) -> None:
    with pytest.raises(ValidationError) as refused:
        create_preview(b"Navn;Rolle\r\nMia;Sigtet\r\n", actor=consultant, file_name="d.csv", today=TODAY)

    assert "Journalnummer" in str(refused.value.message_dict["file"]) or "journalnummer" in str(
        refused.value.message_dict["file"]
    )
    assert IntakePreview.objects.count() == 0 and PreviewRow.objects.count() == 0


def test_a_school_teacher_may_not_upload(demo_report: bytes, make_user: Callable[..., User]) -> None:
    teacher = make_user(role=StaffRole.SSP_TEACHER, municipality="376")

    with pytest.raises(PermissionDenied):
        create_preview(demo_report, actor=teacher, file_name="d.csv", today=TODAY)
