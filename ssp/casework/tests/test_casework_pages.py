from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from ssp.accounts.models import StaffRole
from ssp.casework import services
from ssp.casework.models import ActionKind, ActionStatus, CaseAction, Letter, LetterTemplate
from ssp.privacy.models import AuditEvent


def test_the_responsible_plans_an_action_for_a_team_member(
    make_concern: Any, make_user: Any, login: Any, today: Any
) -> None:
    officer = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER)
    concern = make_concern(team=[officer])
    client = login(concern.responsible)
    data = {"kind": ActionKind.HOME_VISIT, "owner": officer.pk, "due_on": (today + timedelta(days=7)).isoformat()}

    response = client.post(reverse("casework:plan_action", args=[concern.pk]), data)

    assert response.status_code == 302
    action = CaseAction.objects.get()
    assert (action.owner, action.kind, action.status) == (officer, ActionKind.HOME_VISIT, ActionStatus.PLANNED)
    assert AuditEvent.objects.filter(concern_id=concern.pk, action="create", relation="responsible").exists()


def test_an_owner_without_access_is_not_offered_nor_accepted(
    make_concern: Any, make_user: Any, login: Any, today: Any
) -> None:
    stranger = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER)
    concern = make_concern()
    client = login(concern.responsible)
    page = client.get(reverse("casework:concern", args=[concern.pk])).content.decode()
    assert f'value="{stranger.pk}"' not in page

    data = {"kind": ActionKind.HOME_VISIT, "owner": stranger.pk, "due_on": today.isoformat()}
    response = client.post(reverse("casework:plan_action", args=[concern.pk]), data)

    assert response.status_code == 400
    assert not CaseAction.objects.exists()


def test_a_user_without_relation_gets_404_everywhere(make_concern: Any, make_user: Any, login: Any, today: Any) -> None:
    concern = make_concern()
    action = services.plan_action(
        concern, kind=ActionKind.SCHOOL_VISIT, owner=concern.responsible, due_on=today, actor=concern.responsible
    )
    client = login(make_user())
    assert client.get(reverse("casework:concern", args=[concern.pk])).status_code == 404
    assert client.get(reverse("casework:action", args=[action.pk])).status_code == 404
    data = {"kind": ActionKind.HOME_VISIT, "owner": concern.responsible.pk, "due_on": today.isoformat()}
    assert client.post(reverse("casework:plan_action", args=[concern.pk]), data).status_code == 404
    assert client.post(reverse("casework:generate_letters", args=[concern.pk])).status_code == 404


def test_a_caseworker_may_plan_but_not_write_letters(make_concern: Any, make_user: Any, login: Any) -> None:
    caseworker = make_user(role=StaffRole.CASEWORKER)
    concern = make_concern(caseworker=caseworker)
    response = login(caseworker).post(reverse("casework:generate_letters", args=[concern.pk]))
    assert response.status_code == 403
    assert not Letter.objects.exists()


def test_the_owner_records_a_concern_conversation_with_its_three_phases(
    make_concern: Any, make_user: Any, login: Any, today: Any
) -> None:
    concern = make_concern()
    action = services.plan_action(
        concern,
        kind=ActionKind.CONCERN_CONVERSATION,
        owner=concern.responsible,
        due_on=today,
        actor=concern.responsible,
    )
    client = login(concern.responsible)
    url = reverse("casework:action", args=[action.pk])
    missing = client.post(url, {"record": "1", "done_on": today.isoformat(), "outcome": "Godt møde"})
    assert missing.status_code == 400 and "Skriv de tiltag" in missing.content.decode()

    response = client.post(
        url,
        {
            "record": "1",
            "done_on": today.isoformat(),
            "outcome": "Godt møde",
            "phase_situation": "Har været med ældre unge ved banegården",
            "phase_responsibility": "Forstår hvad der skete",
            "phase_measures": "Fritidsjob og mentor",
            "follow_up_on": (today + timedelta(days=30)).isoformat(),
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.phase_measures) == (ActionStatus.DONE, "Fritidsjob og mentor")


def test_generate_and_download_a_letter(make_concern: Any, make_guardian: Any, login: Any) -> None:
    concern = make_concern()
    make_guardian(concern, "Anna Fiktivsen")
    client = login(concern.responsible)
    creates_before = AuditEvent.objects.filter(concern_id=concern.pk, action="create").count()

    assert client.post(reverse("casework:generate_letters", args=[concern.pk])).status_code == 302
    letter = Letter.objects.get()
    response = client.get(reverse("casework:letter", args=[letter.pk, "docx"]))

    assert response.status_code == 200
    assert "Fiktivsen" not in response["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert any("Anna Fiktivsen" in paragraph.text for paragraph in document.paragraphs)
    assert AuditEvent.objects.filter(concern_id=concern.pk, action="export").count() == 1
    assert AuditEvent.objects.filter(concern_id=concern.pk, action="create").count() == creates_before + 1


def test_guardians_are_added_by_hand_and_a_custody_holder_needs_an_address(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    client = login(concern.responsible)
    url = reverse("casework:add_guardian", args=[concern.pk])
    refused = client.post(url, {"name": "Anna Fiktivsen", "relation": "mor", "has_custody": "on"})
    assert refused.status_code == 400 and "Skriv adressen" in refused.content.decode()

    client.post(url, {"name": "Anna Fiktivsen", "relation": "mor", "has_custody": "on", "address": "Prøvevej 1"})
    assert list(concern.citizen.guardians.values_list("name", "has_custody")) == [("Anna Fiktivsen", True)]


def test_the_work_queue_lists_overdue_first_with_a_fixed_number_of_queries(
    make_concern: Any, login: Any, today: Any, django_assert_num_queries: Any
) -> None:
    concern = make_concern()
    owner = concern.responsible
    for days in (-3, 2, 5, -1):
        services.plan_action(
            concern, kind=ActionKind.HOME_VISIT, owner=owner, due_on=today + timedelta(days=days), actor=owner
        )
    client = login(owner)
    with django_assert_num_queries(9):
        page = client.get(reverse("casework:queue")).content.decode()
    assert AuditEvent.objects.filter(action="list", citizen_id=concern.citizen_id, detail="casework:queue").count() == 4
    overdue, upcoming = page.split("<h2>Kommende</h2>")
    assert overdue.count("overskredet</strong>") == 2 and upcoming.count("overskredet</strong>") == 0


def test_the_administrator_uploads_a_template_and_sees_a_broken_one_refused(
    make_user: Any, login: Any, docx_with: Any
) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    client = login(admin)
    url = reverse("casework:templates")
    broken = SimpleUploadedFile("brev.docx", docx_with("Kære {{ forældre }}"))
    response = client.post(url, {"name": "Vores brev", "file": broken})
    assert response.status_code == 400 and "{{ forældre }}" in response.content.decode()
    assert not LetterTemplate.objects.exists()

    good = SimpleUploadedFile("brev.docx", docx_with("Kære {{ modtager_navne }}"))
    assert client.post(url, {"name": "Vores brev", "file": good}).status_code == 302
    preview = client.get(reverse("casework:template_preview", args=["docx"]))
    document = Document(io.BytesIO(preview.content))
    assert document.paragraphs[0].text == "Kære Anna Eksempelsen og Peter Eksempelsen"


def test_only_a_municipal_administrator_manages_templates(make_user: Any, login: Any) -> None:
    client = login(make_user(role=StaffRole.SSP_CONSULTANT))
    assert client.get(reverse("casework:templates")).status_code == 403
    assert client.get(reverse("casework:template_preview", args=["pdf"])).status_code == 403
