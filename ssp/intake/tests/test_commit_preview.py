"""Committing a preview: refused while errors or undecided rows remain, then all rows at once, idempotently."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.intake.models import Intake, IntakePreview, LinkMethod, PreviewStatus, RowDecision
from ssp.intake.services import commit_preview, confirm_row, create_preview, reject_row
from ssp.privacy.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def _decide_grey_zone(preview: IntakePreview, actor: User) -> None:
    confirm_row(
        preview.rows.get(number=10), actor=actor, citizen_id=preview.rows.get(number=10).candidates[0]["citizen"]
    )
    reject_row(preview.rows.get(number=23), actor=actor)


def test_commit_is_refused_while_grey_zone_rows_are_undecided(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)

    with pytest.raises(ValidationError) as refused:
        commit_preview(preview, actor=consultant)

    assert refused.value.message_dict["rows"] == ["Bekræft eller afvis række 10, 23."]
    assert Intake.objects.count() == 0


def test_commit_is_refused_while_a_row_has_an_error(guldborgsund_children: list[Citizen], consultant: User) -> None:
    data = (
        "Journalnummer;Dato og tid;Hændelse;CPR-nummer;Navn;Fødselsdato;Rolle\r\n"
        "J-1;23.11.2026;Vold;;Mia Fiktivsen;01.01.2012;Sigtet\r\n"
        "J-2;23.11.2026;Vold;3113124326;;;Sigtet\r\n"
    ).encode("cp1252")
    preview = create_preview(data, actor=consultant, file_name="d.csv", today=TODAY)

    with pytest.raises(ValidationError, match="række 3"):
        commit_preview(preview, actor=consultant)
    assert Intake.objects.count() == 0 and Citizen.objects.count() == 32


def test_commit_writes_intakes_new_citizens_and_link_decisions(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)
    _decide_grey_zone(preview, consultant)

    result = commit_preview(preview, actor=consultant)

    # Guldborgsund's 20 rows (Lolland's 2 stay in Lolland's inbox); 16 are suspects under 18.
    assert (result.rows, result.intakes) == (20, 16)
    # Rows 12-15 and the rejected twin of row 23 are new children.
    assert result.citizens == 5 and Citizen.objects.count() == 37
    confirmed = Intake.objects.get(row_number=10)
    assert (confirmed.link_method, confirmed.link_confirmed_by) == (LinkMethod.CONFIRMED, consultant)
    assert confirmed.link_confirmed_at is not None and confirmed.link_weights
    assert Intake.objects.get(row_number=2).link_method == LinkMethod.CPR
    by_score = Intake.objects.get(row_number=8)
    assert by_score.link_method == LinkMethod.SCORE and by_score.link_weights and by_score.link_confirmed_by is None
    events = AuditEvent.objects.filter(action=AuditAction.CREATE, detail=f"intake_commit:{preview.pk}")
    assert events.count() == 16
    # The preview stays open for Lolland's rows.
    assert IntakePreview.objects.get(pk=preview.pk).status == PreviewStatus.OPEN


def test_the_same_report_imported_twice_adds_nothing(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    first = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)
    _decide_grey_zone(first, consultant)
    commit_preview(first, actor=consultant)

    again = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)
    result = commit_preview(again, actor=consultant)

    states = dict(again.rows.filter(for_triage=True, municipality__code="376").values_list("number", "state"))
    # Every row for the meeting is recognised, the grey-zone and the twin rows too (by their stored link).
    assert set(states.values()) == {"already_imported"}
    assert result.intakes == 0 and result.citizens == 0
    assert Intake.objects.count() == 16


def test_lollands_consultant_commits_the_routed_rows(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User, make_user: Callable[..., User]
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)
    _decide_grey_zone(preview, consultant)
    commit_preview(preview, actor=consultant)
    lolland = make_user(role=StaffRole.SSP_CONSULTANT, municipality="360")

    result = commit_preview(preview, actor=lolland)

    assert (result.rows, result.intakes, result.citizens) == (2, 2, 2)
    assert set(Intake.objects.filter(municipality__code="360").values_list("row_number", flat=True)) == {21, 22}
    assert IntakePreview.objects.get(pk=preview.pk).status == PreviewStatus.COMMITTED


def test_a_consultant_cannot_decide_another_municipalitys_row(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User, make_user: Callable[..., User]
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)
    glostrup = make_user(role=StaffRole.SSP_CONSULTANT, municipality="161")

    with pytest.raises(PermissionDenied):
        reject_row(preview.rows.get(number=23), actor=glostrup)
    with pytest.raises(ValidationError):
        commit_preview(preview, actor=glostrup)


def test_confirming_a_citizen_who_was_no_candidate_is_refused(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=TODAY)
    row = preview.rows.get(number=10)

    with pytest.raises(ValidationError) as refused:
        confirm_row(row, actor=consultant, citizen_id=guldborgsund_children[-1].pk)

    assert "citizen_id" in refused.value.message_dict
    assert preview.rows.get(number=10).decision == RowDecision.NONE
