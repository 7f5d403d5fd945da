"""/api/v1/intake: the same services, refusals and audit events as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.intake.models import Intake, IntakePreview
from ssp.intake.tests.conftest import Indsatsmoede
from ssp.privacy.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _upload(client: Any, data: bytes) -> Any:
    return client.post(
        "/api/v1/intake/previews",
        {"file": SimpleUploadedFile("d.csv", data, content_type="text/csv"), "municipality": "376"},
    )


def test_upload_confirm_reject_commit_through_the_api(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User, login: Callable[[User], Any]
) -> None:
    client = login(consultant)

    created = _upload(client, demo_report)
    assert created.status_code == 201
    body = created.json()
    rows = {row["row"]: row for row in body["rows"]}
    assert rows[10]["state"] == "needs_confirmation" and rows[10]["candidates"][0]["weights"]
    assert 21 not in rows  # Lolland's rows are not the caller's
    assert AuditEvent.objects.filter(action=AuditAction.API_LIST, detail=f"intake_preview:{body['id']}").exists()

    base = f"/api/v1/intake/previews/{body['id']}"
    refused = client.post(f"{base}/commit")
    assert refused.status_code == 422 and "10, 23" in refused.content.decode()

    confirmed = client.post(
        f"{base}/rows/10/confirm",
        {"citizen_id": rows[10]["candidates"][0]["citizen_id"]},
        content_type="application/json",
    )
    assert confirmed.json()["decision"] == "confirmed"
    assert client.post(f"{base}/rows/23/reject").json()["decision"] == "rejected"

    committed = client.post(f"{base}/commit")
    assert committed.json() == {"rows": 20, "citizens": 5, "intakes": 16}
    assert Intake.objects.count() == 16


def test_a_broken_file_is_a_422_on_file(consultant: User, login: Callable[[User], Any]) -> None:
    response = _upload(login(consultant), b"\x81\x9d;;\r\n")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["form", "file"]
    assert not IntakePreview.objects.exists()


def test_another_municipality_gets_404_and_a_teacher_403(
    demo_report: bytes,
    guldborgsund_children: list[Citizen],
    consultant: User,
    make_user: Callable[..., User],
    login: Callable[[User], Any],
) -> None:
    preview_id = _upload(login(consultant), demo_report).json()["id"]

    glostrup = make_user(role=StaffRole.SSP_CONSULTANT, municipality="161")
    assert login(glostrup).get(f"/api/v1/intake/previews/{preview_id}").status_code == 404
    teacher = make_user(role=StaffRole.SSP_TEACHER, municipality="376")
    assert _upload(login(teacher), demo_report).status_code == 403


def test_queue_schedule_and_decision_through_the_api(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede, login: Callable[[User], Any]
) -> None:
    client = login(indsatsmoede.consultant)
    assert client.get("/api/v1/intake/queue").json()["counts"]["untriaged"] == 16

    scheduled = client.post("/api/v1/intake/triage").json()
    assert scheduled == {"meeting_id": indsatsmoede.meeting.pk, "items": 15}
    item = indsatsmoede.meeting.triage_items.get(number=1)
    decided = client.post(
        f"/api/v1/intake/triage/items/{item.pk}/decision",
        {
            "present": [indsatsmoede.consultant.pk],
            "severity": "low",
            "decision": "no_action",
            "no_action_reason": "Forældrene er allerede i gang med hjælp fra skolen.",
        },
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["concern_id"] is not None
    missing = client.post(
        f"/api/v1/intake/triage/items/{item.pk}/decision",
        {"present": [], "severity": "low", "decision": "no_action"},
        content_type="application/json",
    )
    assert missing.status_code == 422


@pytest.mark.parametrize("lines", [4, 26])
def test_reading_a_preview_discloses_every_citizen_shown_in_a_fixed_number_of_queries(
    lines: int,
    demo_report: bytes,
    guldborgsund_children: list[Citizen],
    consultant: User,
    login: Callable[[User], Any],
    django_assert_num_queries: Any,
) -> None:
    client = login(consultant)
    preview_id = _upload(client, b"\r\n".join(demo_report.split(b"\r\n")[:lines])).json()["id"]
    before = AuditEvent.objects.count()

    with django_assert_num_queries(QUERIES_API_PREVIEW):
        body = client.get(f"/api/v1/intake/previews/{preview_id}").json()

    shown = {c["citizen_id"] for row in body["rows"] for c in row["candidates"]}
    shown |= {row["citizen_id"] for row in body["rows"] if row["citizen_id"]}
    events = AuditEvent.objects.order_by("pk")[before:]
    assert sorted(e.citizen_id or 0 for e in events) == sorted(shown)
    assert {(e.action, e.detail) for e in events} == {(AuditAction.API_LIST, f"intake_preview:{preview_id}")}


# Token or session, user, two-factor device, the caller's inbox (preview exists for it), the preview, the caller's
# rows, visible citizens, their person data (one query), the disclosure (chain head, insert), the inbox's codes:
# nothing per row or citizen.
QUERIES_API_PREVIEW = 11
