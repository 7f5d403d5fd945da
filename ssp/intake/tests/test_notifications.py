"""The caseworker who already has the citizen is told in the platform; the e-mail only says there is something."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole, User
from ssp.intake.models import IntakePreview, Notification, NotificationKind, TriageDecisionKind, TriageItem
from ssp.intake.tests.conftest import Indsatsmoede
from ssp.intake.triage import TriageDecision, record_triage_decision, schedule_triage
from ssp.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def _decide_with_caseworker(moede: Indsatsmoede) -> TriageItem:
    assert moede.forum.municipality is not None
    item = schedule_triage(moede.forum.municipality, actor=moede.consultant)[0]
    return record_triage_decision(
        item,
        actor=moede.consultant,
        decision=TriageDecision(
            present=[moede.consultant],
            severity="moderate",
            decision=TriageDecisionKind.NOTIFICATION,
            has_caseworker=True,
            caseworker=moede.caseworker,
        ),
    )


def test_the_caseworker_gets_a_notification_and_a_mail_without_the_childs_name(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede, login: Callable[[User], Any]
) -> None:
    indsatsmoede.caseworker.email = "sagsbehandler@guldborgsund.dk"
    indsatsmoede.caseworker.save(update_fields=["email"])
    item = _decide_with_caseworker(indsatsmoede)

    notification = Notification.objects.get(recipient=indsatsmoede.caseworker)
    assert notification.kind == NotificationKind.CITIZEN_TRIAGED and notification.read_at is None
    assert notification.link == reverse("concerns:detail", args=[item.concern_id])
    mail = OutgoingMail.objects.get(recipient=indsatsmoede.caseworker)
    assert reverse("intake:notification", args=[notification.pk]) in mail.body
    assert item.citizen.first_name not in mail.body and item.citizen.last_name not in mail.body
    assert item.citizen.first_name not in mail.subject
    start = login(indsatsmoede.caseworker).get(reverse("core:start")).content.decode()
    assert reverse("intake:notification", args=[notification.pk]) in start


def test_opening_it_marks_it_read_and_leads_to_the_concern_and_nobody_else_can_open_it(
    committed_week: IntakePreview,
    indsatsmoede: Indsatsmoede,
    make_user: Callable[..., User],
    login: Callable[[User], Any],
) -> None:
    item = _decide_with_caseworker(indsatsmoede)
    notification = Notification.objects.get(recipient=indsatsmoede.caseworker)
    url = reverse("intake:notification", args=[notification.pk])

    colleague = make_user(role=StaffRole.CASEWORKER, municipality="376")
    assert login(colleague).get(url).status_code == 404
    response = login(indsatsmoede.caseworker).get(url)

    assert response.status_code == 302 and response["Location"] == reverse("concerns:detail", args=[item.concern_id])
    notification.refresh_from_db()
    assert notification.read_at is not None
    start = login(indsatsmoede.caseworker).get(reverse("core:start")).content.decode()
    assert url not in start
