"""The administrators' audit search and a citizen's access-history export (CSV, PDF)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.privacy import audit
from ssp.privacy.models import AuditAction, AuditEvent


@pytest.fixture
def events(make_user: Any, make_concern: Any) -> dict[str, Any]:
    here = make_concern(municipality="161")
    there = make_concern(municipality="661")
    reader = make_user(username="laeser")
    for _ in range(3):
        audit.record(actor=reader, action=AuditAction.VIEW, concern=here, relation="emergency")
    audit.record(actor=reader, action=AuditAction.VIEW, concern=there, relation="emergency")
    return {"here": here, "there": there, "reader": reader}


def test_a_municipal_administrator_sees_only_their_municipalitys_citizens(
    events: dict[str, Any], make_user: Any, login: Any, django_assert_num_queries: Any
) -> None:
    client = login(make_user(role=StaffRole.MUNICIPAL_ADMIN))

    # session, user, OTP device; count and page of events; the session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(reverse("privacy:audit_log"), {"user": "laeser", "action": "view"})

    rows = response.context["page"].object_list
    assert response.status_code == 200
    assert len(rows) == 3 and {event.citizen_id for event in rows} == {events["here"].citizen_id}


def test_a_system_administrator_sees_all_and_filters_by_citizen(
    events: dict[str, Any], make_user: Any, login: Any
) -> None:
    client = login(make_user(role=StaffRole.SYSTEM_ADMIN, municipality=None))

    response = client.get(reverse("privacy:audit_log"), {"citizen": events["there"].citizen_id, "action": "view"})

    assert [event.citizen_id for event in response.context["page"]] == [events["there"].citizen_id]


@pytest.mark.parametrize("role", [StaffRole.SSP_CONSULTANT, StaffRole.MANAGER, StaffRole.CASEWORKER])
def test_other_roles_are_refused(role: str, events: dict[str, Any], make_user: Any, login: Any) -> None:
    client = login(make_user(role=role))
    citizen_id = events["here"].citizen_id

    assert client.get(reverse("privacy:audit_log")).status_code == 403
    assert client.get(reverse("privacy:access_history", args=[citizen_id, "csv"])).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_the_access_history_export_is_audited(fmt: str, events: dict[str, Any], make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    citizen_id = events["here"].citizen_id

    response = login(admin).get(reverse("privacy:access_history", args=[citizen_id, fmt]))

    assert response.status_code == 200
    if fmt == "csv":
        assert response.content.decode().count("laeser") == 3
    else:
        assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=admin, citizen_id=citizen_id).count() == 1


def test_another_municipalitys_history_is_not_exported(events: dict[str, Any], make_user: Any, login: Any) -> None:
    client = login(make_user(role=StaffRole.MUNICIPAL_ADMIN))
    url = reverse("privacy:access_history", args=[events["there"].citizen_id, "csv"])
    assert client.get(url).status_code == 404
