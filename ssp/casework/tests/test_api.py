from __future__ import annotations

import io
from typing import Any

from docx import Document

from ssp.accounts.models import StaffRole
from ssp.casework.models import ActionKind, CaseAction, Letter
from ssp.privacy.models import AuditEvent


def test_plan_and_record_an_action_through_the_api(make_concern: Any, login: Any, today: Any) -> None:
    concern = make_concern()
    client = login(concern.responsible)
    created = client.post(
        f"/api/v1/casework/concerns/{concern.pk}/actions",
        {"kind": ActionKind.SCHOOL_VISIT, "owner_id": concern.responsible.pk, "due_on": today.isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201
    action_id = created.json()["id"]

    missing = client.post(
        f"/api/v1/casework/actions/{action_id}/record",
        {"done_on": today.isoformat(), "outcome": " "},
        content_type="application/json",
    )
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "outcome"

    done = client.post(
        f"/api/v1/casework/actions/{action_id}/record",
        {"done_on": today.isoformat(), "outcome": "Talte med klasselæreren"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    listed = client.get(f"/api/v1/casework/concerns/{concern.pk}/actions").json()
    assert [row["id"] for row in listed] == [action_id]


def test_generate_and_download_a_letter_through_the_api(make_concern: Any, make_guardian: Any, login: Any) -> None:
    concern = make_concern()
    make_guardian(concern, "Anna Fiktivsen")
    client = login(concern.responsible)
    made = client.post(f"/api/v1/casework/concerns/{concern.pk}/letters", {}, content_type="application/json")
    assert made.status_code == 201
    letter_id = made.json()[0]["id"]

    response = client.get(f"/api/v1/casework/letters/{letter_id}/docx")

    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert any("Anna Fiktivsen" in paragraph.text for paragraph in document.paragraphs)
    assert AuditEvent.objects.filter(concern_id=concern.pk, action="export").exists()


def test_the_api_answers_404_without_relation_and_403_for_a_reading_relation(
    make_concern: Any, make_guardian: Any, make_user: Any, login: Any, today: Any
) -> None:
    caseworker = make_user(role=StaffRole.CASEWORKER)
    concern = make_concern(caseworker=caseworker)
    make_guardian(concern, "Anna Fiktivsen")
    stranger = login(make_user(role=StaffRole.MANAGER))
    assert stranger.get(f"/api/v1/casework/concerns/{concern.pk}/actions").status_code == 404
    assert stranger.get(f"/api/v1/casework/citizens/{concern.citizen_id}/case-record").status_code == 404

    reader = login(caseworker)
    refused = reader.post(f"/api/v1/casework/concerns/{concern.pk}/letters", {}, content_type="application/json")
    assert refused.status_code == 403
    assert not Letter.objects.exists() and not CaseAction.objects.exists()


def test_the_case_record_through_the_api(make_concern: Any, login: Any, today: Any) -> None:
    concern = make_concern()
    data = login(concern.responsible).get(f"/api/v1/casework/citizens/{concern.citizen_id}/case-record").json()
    assert data["concern_ids"] == [concern.pk]
    assert data["entries"][0]["kind"] == "Henvendelse"
    assert AuditEvent.objects.filter(citizen_id=concern.citizen_id, action="export").count() == 1


def test_programmes_and_groups_through_the_api(make_concern: Any, make_user: Any, login: Any, today: Any) -> None:
    from ssp.casework import group_services

    concern = make_concern(first_name="Malthe", last_name="Fiktivsen")
    hidden = make_concern(first_name="Skjult", last_name="Demogaard")
    client = login(concern.responsible)
    made = client.post(
        f"/api/v1/casework/concerns/{concern.pk}/programmes",
        {"kind": "exit", "coordinator_id": concern.responsible.pk, "plan": "Kontrakt", "started_on": today.isoformat()},
        content_type="application/json",
    )
    assert made.status_code == 201
    refused = client.post(
        f"/api/v1/casework/concerns/{concern.pk}/programmes",
        {"kind": "pre_entry", "coordinator_id": concern.responsible.pk, "plan": "x", "started_on": today.isoformat()},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "screening"

    group = group_services.create_group(concern.municipality_id, actor=concern.responsible, name="Gruppen")
    group_services.add_member(group, actor=concern.responsible, citizen=concern.citizen)
    group_services.add_member(group, actor=hidden.responsible, citizen=hidden.citizen)
    data = client.get("/api/v1/casework/groups").json()
    assert data == [
        {
            "id": group.pk,
            "name": "Gruppen",
            "members": [{"citizen_id": concern.citizen_id, "name": "Malthe Fiktivsen"}],
            "hidden_count": 1,
        }
    ]
