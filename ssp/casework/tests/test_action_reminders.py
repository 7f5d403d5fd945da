from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management import call_command

from ssp.casework import services
from ssp.casework.models import ActionKind
from ssp.casework.tests.conftest import decoded


def test_owners_are_reminded_before_and_once_when_overdue_without_names(
    make_concern: Any, today: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any, deliver_mail_queue: Any
) -> None:
    concern = make_concern(first_name="Malthe", last_name="Fiktivsen")
    owner = concern.responsible
    owner.email = "ejer@kommune.invalid"
    owner.save()
    soon = services.plan_action(
        concern, kind=ActionKind.HOME_VISIT, owner=owner, due_on=today + timedelta(days=1), actor=owner
    )
    late = services.plan_action(
        concern, kind=ActionKind.SCHOOL_VISIT, owner=owner, due_on=today - timedelta(days=1), actor=owner
    )
    services.plan_action(
        concern, kind=ActionKind.HOME_VISIT, owner=owner, due_on=today + timedelta(days=30), actor=owner
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_action_reminders(today=today) == 2
    with django_capture_on_commit_callbacks(execute=True):
        call_command("casework", "remind")
    assert deliver_mail_queue() == 2

    subjects = sorted(message["Subject"] for message in smtp_server.messages)
    assert len(subjects) == 2
    assert subjects[0].startswith("Overskredet frist") and subjects[1].startswith("Påmindelse")
    bodies = [decoded(message) for message in smtp_server.messages]
    assert all("Malthe" not in body and "Fiktivsen" not in body for body in bodies)
    assert any(f"/sagsarbejde/indsats/{late.pk}/" in body for body in bodies)
    soon.refresh_from_db()
    assert soon.reminded_before_at is not None
