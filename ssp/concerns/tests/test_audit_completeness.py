"""Every route declared as serving citizen data writes an audit event (declarations: ``ssp.privacy.routes``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssp.api import api
from ssp.concerns.models import Concern
from ssp.privacy.models import AuditEvent
from ssp.privacy.routes import api_declarations, page_declarations

DECLARED_PAGES = sorted(name for name, serves in page_declarations().items() if serves and name.startswith("concerns:"))
DECLARED_OPERATIONS = sorted(
    operation
    for operation, (_, path, serves) in api_declarations(api.get_openapi_schema()).items()
    if serves and path.startswith(("/api/v1/citizens", "/api/v1/concerns"))
)


def test_every_declared_page_and_operation_is_exercised_here() -> None:
    """A route newly declared as serving citizen data needs its request below, or this fails."""
    probe = Concern(pk=1, citizen_id=1)
    assert sorted(_page_requests(probe)) == DECLARED_PAGES
    assert sorted(_api_requests(probe)) == DECLARED_OPERATIONS


def _page_requests(concern: Concern) -> dict[str, tuple[str, str, dict[str, str]]]:
    """How an allowed user exercises each declared page (method, url, form data)."""
    pk, citizen = concern.pk, concern.citizen_id
    return {
        "concerns:mine": ("get", reverse("concerns:mine"), {}),
        "concerns:open": (
            "post",
            reverse("concerns:open"),
            {"step": "search", "name": "Ingen Findes", "birth_date": "2012-01-01"},
        ),
        "concerns:detail": ("get", reverse("concerns:detail", args=[pk]), {}),
        "concerns:add_note": ("post", reverse("concerns:add_note", args=[pk]), {"text": "Notat"}),
        "concerns:update": ("post", reverse("concerns:update", args=[pk]), {"track": "psp", "status": "active"}),
        "concerns:close": ("post", reverse("concerns:close", args=[pk]), {"reason": "Afklaret"}),
        "concerns:reopen": ("post", reverse("concerns:reopen", args=[pk]), {}),
        "concerns:add_team_member": ("post", reverse("concerns:add_team_member", args=[pk]), {"user": "TEAM"}),
        "concerns:remove_team_member": ("post", reverse("concerns:remove_team_member", args=[pk, 0]), {}),
        "concerns:export": ("get", reverse("concerns:export", args=[pk]), {}),
        "concerns:citizen": ("get", reverse("concerns:citizen", args=[citizen]), {}),
        "concerns:identify": ("post", reverse("concerns:identify", args=[citizen]), {"cpr": "0101121234"}),
        "concerns:reveal_cpr": ("post", reverse("concerns:reveal_cpr", args=[citizen]), {}),
        "concerns:open_for_citizen": ("get", reverse("concerns:open_for_citizen", args=[citizen]), {}),
    }


@pytest.mark.parametrize("route", DECLARED_PAGES)
def test_page_writes_an_audit_event(route: str, make_user: Any, make_concern: Any, login: Any) -> None:
    consultant = make_user()
    colleague = make_user()
    concern = make_concern(responsible=consultant)
    method, url, data = _page_requests(concern)[route]
    url = url.replace("/0/", f"/{colleague.pk}/")
    data = {k: str(colleague.pk) if v == "TEAM" else v for k, v in data.items()}
    if route == "concerns:reopen":
        make_closed = {"reason": "Afklaret"}
        login(consultant).post(reverse("concerns:close", args=[concern.pk]), make_closed)
    if route == "concerns:remove_team_member":
        login(consultant).post(reverse("concerns:add_team_member", args=[concern.pk]), {"user": colleague.pk})
    client = login(consultant)
    before = AuditEvent.objects.count()

    response = getattr(client, method)(url, data)

    assert response.status_code in (200, 302)
    assert AuditEvent.objects.count() - before == 1


def _api_requests(concern: Concern) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        "list_citizens": ("get", "/api/v1/citizens", {}),
        "search_citizens": ("post", "/api/v1/citizens/search", {"name": "Ingen Findes", "birth_date": "2012-01-01"}),
        "get_citizen": ("get", f"/api/v1/citizens/{concern.citizen_id}", {}),
        "list_concerns": ("get", "/api/v1/concerns", {}),
        "get_concern": ("get", f"/api/v1/concerns/{concern.pk}", {}),
        "create_concern": (
            "post",
            "/api/v1/concerns",
            {"citizen_id": concern.citizen_id, "source": "school", "severity": "low"},
        ),
        "add_note": ("post", f"/api/v1/concerns/{concern.pk}/notes", {"text": "Notat"}),
        "close_concern": ("post", f"/api/v1/concerns/{concern.pk}/close", {"reason": "Afklaret"}),
    }


@pytest.mark.parametrize("operation", DECLARED_OPERATIONS)
def test_api_operation_writes_an_audit_event(operation: str, make_user: Any, make_concern: Any, login: Any) -> None:
    consultant = make_user()
    concern = make_concern(responsible=consultant)
    method, url, data = _api_requests(concern)[operation]
    client = login(consultant)
    before = AuditEvent.objects.count()

    post = {"data": data, "content_type": "application/json"} if method == "post" else {}
    response = getattr(client, method)(url, **post)

    assert response.status_code in (200, 201), response.content
    assert AuditEvent.objects.count() - before == 1
