"""Every privacy route declared as serving citizen data (``ssp.privacy.routes``) records the citizens it touches."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.privacy.door import request_emergency_access
from ssp.privacy.models import AccessGrant, AuditEvent
from ssp.privacy.routes import page_declarations

DECLARED = sorted(name for name, serves in page_declarations().items() if serves and name.startswith("privacy:"))


def _requests(citizen_id: int, grant: AccessGrant) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """How the municipality's administrator (or, for break-the-glass, a manager) exercises each declared route."""
    return {
        "privacy:emergency_review": ("get", reverse("privacy:emergency_review"), {}),
        "privacy:mark_reviewed": ("post", reverse("privacy:mark_reviewed", args=[grant.pk]), {"note": "I orden"}),
        "privacy:request_emergency": (
            "post",
            reverse("privacy:request_emergency", args=[citizen_id]),
            {"reason": "Akut", "hours": 2},
        ),
        "privacy:access_history": ("get", reverse("privacy:access_history", args=[citizen_id, "csv"]), {}),
    }


def test_every_declared_route_is_exercised_here() -> None:
    assert sorted(_requests(1, AccessGrant(pk=1))) == DECLARED


def test_each_route_records_the_citizen(make_user: Any, make_concern: Any, login: Any) -> None:
    citizen = make_concern().citizen
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    manager = make_user(role=StaffRole.MANAGER)
    for route in DECLARED:
        grant = request_emergency_access(citizen, actor=make_user(role=StaffRole.MANAGER), reason="Akut")
        method, url, data = _requests(citizen.pk, grant)[route]
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        user = manager if route == "privacy:request_emergency" else admin

        response = getattr(login(user), method)(url, data)

        assert response.status_code in (200, 302), route
        assert AuditEvent.objects.filter(pk__gt=before, citizen_id=citizen.pk, actor=user).exists(), route
