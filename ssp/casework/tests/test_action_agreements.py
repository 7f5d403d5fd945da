from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.casework import services
from ssp.casework.models import ActionKind
from ssp.casework.tests.conftest import decoded
from ssp.meetings import services as meetings_services
from ssp.meetings.models import Agreement, AgreementStatus
from ssp.privacy.models import AuditEvent

WHAT = "Mor ringer til Malthes klasselærer om fraværet"


def _action_with_officer(make_concern: Any, make_user: Any, today: Any) -> tuple[Any, Any]:
    officer = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER, email="betjent@politi.invalid")
    concern = make_concern(team=[officer], first_name="Malthe", last_name="Fiktivsen")
    action = services.plan_action(
        concern,
        kind=ActionKind.CONCERN_CONVERSATION,
        owner=concern.responsible,
        due_on=today,
        actor=concern.responsible,
    )
    return action, officer


def test_an_agreement_made_in_a_conversation_is_the_owners_open_agreement_without_the_childs_data(
    make_concern: Any, make_user: Any, login: Any, today: Any
) -> None:
    action, officer = _action_with_officer(make_concern, make_user, today)
    client = login(action.concern.responsible)
    data = {"agreement": "1", "what": WHAT, "owner": officer.pk, "due_on": (today + timedelta(days=14)).isoformat()}

    response = client.post(reverse("casework:action", args=[action.pk]), data)

    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.case_action_id, agreement.meeting_id, agreement.owner) == (action.pk, None, officer)
    assert AuditEvent.objects.filter(
        concern_id=action.concern_id, action="create", changed_fields=["agreement"]
    ).exists()
    assert WHAT in client.get(reverse("casework:action", args=[action.pk])).content.decode()

    officer_client = login(officer)
    for url in (reverse("core:start"), reverse("meetings:agreements")):
        page = officer_client.get(url).content.decode()
        assert "Aftale fra en indsats i en sag" in page
        assert reverse("casework:action", args=[action.pk]) in page
        assert "Malthe" not in page and "klasselærer" not in page
    # The meetings API is general text only: a case action's agreement is not in it.
    assert officer_client.get("/api/v1/meetings/agreements").json() == []


def test_the_agreements_owner_completes_it_on_the_action_and_not_through_the_meetings_pages(
    make_concern: Any, make_user: Any, login: Any, today: Any
) -> None:
    action, officer = _action_with_officer(make_concern, make_user, today)
    agreement = services.add_action_agreement(
        action, actor=action.concern.responsible, what=WHAT, owner=officer, due_on=today + timedelta(days=3)
    )
    client = login(officer)

    assert client.post(reverse("meetings:complete_agreement", args=[agreement.pk])).status_code == 404
    response = client.post(
        reverse("casework:action", args=[action.pk]), {"complete_agreement": "1", "agreement_id": agreement.pk}
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE and agreement.done_at is not None
    assert AuditEvent.objects.filter(
        concern_id=action.concern_id, actor=officer, changed_fields=["agreement.status"]
    ).exists()


def test_an_owner_without_access_to_the_concern_cannot_be_given_an_agreement(
    make_concern: Any, make_user: Any, today: Any
) -> None:
    action, _officer = _action_with_officer(make_concern, make_user, today)
    stranger = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER)
    with pytest.raises(ValidationError) as refused:
        services.add_action_agreement(
            action, actor=action.concern.responsible, what=WHAT, owner=stranger, due_on=today + timedelta(days=3)
        )
    assert "owner" in refused.value.message_dict
    assert not Agreement.objects.exists()


def test_the_owner_is_reminded_with_a_link_and_no_names_or_text(
    make_concern: Any,
    make_user: Any,
    today: Any,
    smtp_server: Any,
    django_capture_on_commit_callbacks: Any,
    deliver_mail_queue: Any,
) -> None:
    action, officer = _action_with_officer(make_concern, make_user, today)
    services.add_action_agreement(
        action, actor=action.concern.responsible, what=WHAT, owner=officer, due_on=today + timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert meetings_services.send_agreement_reminders(today=today) == 1
    assert deliver_mail_queue() == 1

    body = decoded(smtp_server.messages[0])
    assert smtp_server.messages[0]["To"] == "betjent@politi.invalid"
    assert f"/sagsarbejde/indsats/{action.pk}/" in body
    assert "Malthe" not in body and "Fiktivsen" not in body and "klasselærer" not in body
    assert Agreement.objects.get().reminded_at is not None


def test_an_agreement_belongs_to_exactly_one_meeting_or_case_action(
    make_concern: Any, make_user: Any, today: Any
) -> None:
    action, officer = _action_with_officer(make_concern, make_user, today)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(what="Ingen kilde", owner=officer, due_on=today)
    # Deleting the concern deletes the action and its agreements with it.
    services.add_action_agreement(action, actor=action.concern.responsible, what=WHAT, owner=officer, due_on=today)
    action.concern.delete()
    assert not Agreement.objects.exists()
