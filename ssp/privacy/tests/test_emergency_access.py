"""Break the glass: a stated reason, a time limit, a link-only e-mail and the administrator's review."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.privacy.door import request_emergency_access
from ssp.privacy.models import AccessGrant, AuditEvent
from ssp.privacy.policy import Relation, relation_to_citizen


def test_it_needs_a_reason(make_user: Any, make_concern: Any) -> None:
    with pytest.raises(ValidationError):
        request_emergency_access(make_concern().citizen, actor=make_user(), reason="  ")
    assert not AccessGrant.objects.exists()


def test_it_stays_inside_the_municipality(make_user: Any, make_concern: Any) -> None:
    with pytest.raises(PermissionDenied):
        request_emergency_access(make_concern().citizen, actor=make_user(municipality="661"), reason="Akut")


def test_it_grants_for_a_limited_time_and_mails_only_a_link(
    make_user: Any, make_concern: Any, django_capture_on_commit_callbacks: Any, deliver_mail_queue: Any
) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN, email="admin@glostrup.test")
    make_user(role=StaffRole.MUNICIPAL_ADMIN, municipality="661", email="admin@holstebro.test")
    user = make_user(role=StaffRole.MANAGER)
    citizen = make_concern().citizen

    with django_capture_on_commit_callbacks(execute=True):
        grant = request_emergency_access(citizen, actor=user, reason="Politiet ringer om natten", hours=12)

    assert relation_to_citizen(user, citizen).relation == Relation.EMERGENCY  # type: ignore[union-attr]
    assert (grant.valid_until - grant.valid_from).total_seconds() == 12 * 3600
    assert AuditEvent.objects.filter(action="emergency_access", citizen_id=citizen.pk, actor=user).count() == 1
    deliver_mail_queue()
    [message] = mail.outbox
    assert message.to == [admin.email]
    text = f"{message.subject} {message.body}"
    assert reverse("privacy:emergency_review") in text
    for secret in (citizen.first_name, citizen.last_name, citizen.cpr, "Politiet ringer", user.username):
        assert secret not in text


def test_the_request_page_grants_and_redirects_to_the_citizen(make_user: Any, make_concern: Any, login: Any) -> None:
    user = make_user(role=StaffRole.MANAGER)
    citizen = make_concern().citizen
    url = reverse("privacy:request_emergency", args=[citizen.pk])

    client = login(user)
    assert client.post(url, {"reason": "", "hours": 24}).status_code == 200
    response = client.post(url, {"reason": "Akut henvendelse", "hours": 24})

    assert response.status_code == 302 and response["Location"] == reverse("concerns:citizen", args=[citizen.pk])
    assert AccessGrant.objects.filter(user=user, citizen=citizen, relation="emergency").count() == 1


def test_the_request_page_refuses_another_municipalitys_citizen(make_user: Any, make_concern: Any, login: Any) -> None:
    citizen = make_concern().citizen
    response = login(make_user(municipality="661")).get(reverse("privacy:request_emergency", args=[citizen.pk]))
    assert response.status_code == 404


def test_the_administrator_reviews_with_a_note(
    make_user: Any, make_concern: Any, login: Any, django_assert_num_queries: Any
) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    grants = [
        request_emergency_access(make_concern().citizen, actor=make_user(), reason=f"Grund {n}") for n in range(3)
    ]
    client = login(admin)

    # session, user, OTP device; the unreviewed grants with their users; the audit chain head and one multi-row
    # insert of an event per listed citizen (issue 8, hole 4); the session save in its savepoint.
    with django_assert_num_queries(9):
        page = client.get(reverse("privacy:emergency_review"))
    assert page.status_code == 200 and "Grund 2" in page.content.decode()

    response = client.post(reverse("privacy:mark_reviewed", args=[grants[0].pk]), {"note": "Begrundet"})

    assert response.status_code == 302
    grants[0].refresh_from_db()
    assert grants[0].reviewed_by == admin and grants[0].review_note == "Begrundet"
    assert AuditEvent.objects.filter(action="review_emergency_access", actor=admin).count() == 1


@pytest.mark.parametrize("role", [StaffRole.SSP_CONSULTANT, StaffRole.MANAGER, StaffRole.SYSTEM_ADMIN])
def test_only_the_municipal_administrator_reviews(role: str, make_user: Any, make_concern: Any, login: Any) -> None:
    grant = request_emergency_access(make_concern().citizen, actor=make_user(), reason="Akut")
    client = login(make_user(role=role))

    assert client.get(reverse("privacy:emergency_review")).status_code == 403
    assert client.post(reverse("privacy:mark_reviewed", args=[grant.pk]), {"note": "x"}).status_code == 403


def test_another_municipalitys_administrator_does_not_see_the_grant(
    make_user: Any, make_concern: Any, login: Any
) -> None:
    grant = request_emergency_access(make_concern().citizen, actor=make_user(), reason="Akut")
    client = login(make_user(role=StaffRole.MUNICIPAL_ADMIN, municipality="661"))

    assert "Akut" not in client.get(reverse("privacy:emergency_review")).content.decode()
    assert client.post(reverse("privacy:mark_reviewed", args=[grant.pk]), {"note": "x"}).status_code == 404
