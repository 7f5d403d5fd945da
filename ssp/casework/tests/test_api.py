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


def _post(login: Any, user: Any, url: str, data: dict[str, Any]) -> Any:
    """POST as ``user`` (the test client is shared: each call logs in whom it is for)."""
    return login(user).post(url, data, content_type="application/json")


def test_screening_contract_and_transfer_through_the_api_with_the_pages_refusals(
    make_concern: Any, make_user: Any, login: Any, today: Any
) -> None:
    from ssp.casework.models import ScreeningItem
    from ssp.privacy import door
    from ssp.privacy.relations import Relation
    from ssp.structure.models import Municipality

    caseworker = make_user(role=StaffRole.CASEWORKER)
    concern = make_concern(caseworker=caseworker)
    sign = ScreeningItem.objects.create(police_district=concern.municipality.police_district, text="Pjæk")
    stranger, reader, consultant = make_user(role=StaffRole.MANAGER), caseworker, concern.responsible
    screening = {"screened_on": today.isoformat(), "sign_ids": [sign.pk], "decision": "enrol", "reasoning": "Pjæk"}
    url = f"/api/v1/casework/concerns/{concern.pk}/screenings"
    assert _post(login, stranger, url, screening).status_code == 404
    assert _post(login, reader, url, screening).status_code == 403
    made = _post(login, consultant, url, screening)
    assert made.status_code == 201 and made.json()["sign_ids"] == [sign.pk]

    programme = _post(
        login,
        consultant,
        f"/api/v1/casework/concerns/{concern.pk}/programmes",
        {"kind": "exit", "coordinator_id": concern.responsible.pk, "plan": "Kontrakt", "started_on": today.isoformat()},
    ).json()["id"]
    line = {"department": "Jobcenter", "measure": "Praktikplads", "due_on": today.isoformat()}
    url = f"/api/v1/casework/programmes/{programme}/measures"
    assert _post(login, stranger, url, line).status_code == 404
    assert _post(login, reader, url, line).status_code == 403
    assert _post(login, consultant, url, line).json()["measure"] == "Praktikplads"

    receiving = Municipality.objects.get(code="101")
    url = f"/api/v1/casework/programmes/{programme}/transfers"
    assert _post(login, stranger, url, {"to_municipality_id": receiving.pk}).status_code == 404
    offered = _post(login, consultant, url, {"to_municipality_id": receiving.pk})
    assert offered.status_code == 201 and offered.json()["accepted_at"] is None

    coordinator_there = make_user(role=StaffRole.SSP_CONSULTANT, municipality="101")
    accept = f"/api/v1/casework/transfers/{offered.json()['id']}/accept"
    # Not offered to the sender's own municipality, and a caseworker there does not accept.
    assert _post(login, consultant, accept, {"coordinator_id": coordinator_there.pk}).status_code == 404
    caseworker_there = make_user(role=StaffRole.CASEWORKER, municipality="101")
    assert _post(login, caseworker_there, accept, {"coordinator_id": coordinator_there.pk}).status_code == 403
    wrong = _post(login, coordinator_there, accept, {"coordinator_id": concern.responsible.pk})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"][-1] == "coordinator_id"
    accepted = _post(login, coordinator_there, accept, {"coordinator_id": coordinator_there.pk})
    assert accepted.status_code == 200 and accepted.json()["receiving_coordinator_id"] == coordinator_there.pk
    assert door.access_citizen(coordinator_there, concern.citizen_id, request=None)[1].relation == (
        Relation.TRANSFERRED_PROGRAMME
    )
    assert AuditEvent.objects.filter(actor_id=coordinator_there.pk, action="grant_access").count() == 1


def test_adding_a_group_member_through_the_api_only_for_groups_and_citizens_the_caller_sees(
    make_concern: Any, login: Any
) -> None:
    from ssp.casework import group_services
    from ssp.casework.models import GroupMember

    concern = make_concern()
    other = make_concern()
    group = group_services.create_group(concern.municipality_id, actor=concern.responsible, name="Ved stationen")
    consultant = concern.responsible
    url = f"/api/v1/casework/groups/{group.pk}/members"

    assert _post(login, other.responsible, url, {"citizen_id": other.citizen_id}).status_code == 404
    unseen = _post(login, consultant, url, {"citizen_id": other.citizen_id})
    assert unseen.status_code == 422 and unseen.json()["detail"][0]["loc"][-1] == "citizen_id"
    added = _post(login, consultant, url, {"citizen_id": concern.citizen_id})
    assert added.status_code == 201 and added.json() == {"group_id": group.pk, "citizen_id": concern.citizen_id}
    assert list(GroupMember.objects.values_list("citizen_id", flat=True)) == [concern.citizen_id]
    assert AuditEvent.objects.filter(citizen_id=concern.citizen_id, detail=f"group:{group.pk}").exists()
