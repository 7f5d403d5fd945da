from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.casework import services
from ssp.casework.models import ActionKind
from ssp.casework.tests.conftest import decoded
from ssp.structure.models import ForumKind


def test_a_conversation_is_booked_as_a_meeting_with_an_invitation_naming_no_one(
    make_concern: Any,
    make_user: Any,
    make_forum: Any,
    login: Any,
    smtp_server: Any,
    django_capture_on_commit_callbacks: Any,
    today: Any,
    deliver_mail_queue: Any,
) -> None:
    make_forum(name="Indsatsmøde", kind=ForumKind.CASE_COORDINATION)
    officer = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER, email="betjent@politi.invalid")
    concern = make_concern(first_name="Malthe", last_name="Fiktivsen", team=[officer])
    owner = concern.responsible
    owner.email = "ssp@kommune.invalid"
    owner.save()
    action = services.plan_action(
        concern, kind=ActionKind.CONCERN_CONVERSATION, owner=owner, due_on=today, actor=owner, staff=[officer]
    )
    starts = (timezone.localtime() + timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(owner).post(
            reverse("casework:action", args=[action.pk]),
            {"schedule": "1", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "minutes": "60", "place": "Rådhuset"},
        )

    assert response.status_code == 302
    assert deliver_mail_queue() == 2
    action.refresh_from_db()
    assert action.meeting is not None and action.meeting.forum.kind == ForumKind.CASE_COORDINATION
    assert action.due_on == starts.date()
    assert sorted(message["To"] for message in smtp_server.messages) == [
        "betjent@politi.invalid",
        "ssp@kommune.invalid",
    ]
    for message in smtp_server.messages:
        raw = decoded(message)
        assert "BEGIN:VCALENDAR" in raw
        assert "Malthe" not in raw and "Fiktivsen" not in raw


def test_only_a_planned_conversation_can_be_booked(make_concern: Any, make_forum: Any, today: Any) -> None:
    make_forum(name="Indsatsmøde", kind=ForumKind.CASE_COORDINATION)
    concern = make_concern()
    visit = services.plan_action(
        concern, kind=ActionKind.HOME_VISIT, owner=concern.responsible, due_on=today, actor=concern.responsible
    )
    with pytest.raises(ValidationError):
        services.schedule_conversation(visit, actor=concern.responsible, starts_at=timezone.now() + timedelta(days=1))
