"""Every meetings route declared as serving citizen data (``ssp.privacy.routes``) records the citizens it touches."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssp.api import api
from ssp.meetings.services import add_agenda_item, publish_agenda
from ssp.privacy.models import AuditEvent
from ssp.privacy.routes import api_declarations, page_declarations

pytestmark = pytest.mark.django_db

DECLARED = sorted(
    [name for name, serves in page_declarations().items() if serves and name.startswith("meetings:")]
    + [
        f"api:{operation}"
        for operation, (_, path, serves) in api_declarations(api.get_openapi_schema()).items()
        if serves and path.startswith("/api/v1/meetings")
    ]
)


def _requests(meeting: Any, item: Any, spare: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """How the item's participant (the consultant) exercises each declared route."""
    agenda_operation = next(name for name in DECLARED if name.startswith("api:"))
    return {
        "meetings:meeting": ("get", reverse("meetings:meeting", args=[meeting.pk]), {}),
        "meetings:item_minutes": ("get", reverse("meetings:item_minutes", args=[meeting.pk, item.pk]), {}),
        "meetings:add_item": (
            "post",
            reverse("meetings:add_item", args=[meeting.pk]),
            {"title": "Ny sag", "kind": "person_sensitive", "concern_ids": str(spare.pk), "slot_minutes": 15},
        ),
        "meetings:remove_item": ("post", reverse("meetings:remove_item", args=[meeting.pk, item.pk]), {}),
        agenda_operation: ("get", f"/api/v1/meetings/{meeting.pk}/agenda", {}),
    }


@pytest.fixture
def scene(glostrup: Any, next_meeting: Any, make_pupil: Any) -> tuple[Any, Any, Any]:
    concern = make_pupil(glostrup.school_a)
    item = add_agenda_item(
        next_meeting, actor=glostrup.consultant, title="Elev", kind="person_sensitive", concern_ids=[concern.pk]
    )
    publish_agenda(next_meeting, actor=glostrup.consultant)
    return next_meeting, item, make_pupil(glostrup.school_b)


def test_every_declared_route_is_exercised_here(scene: tuple[Any, Any, Any]) -> None:
    """A route newly declared as serving citizen data needs its request below, or this fails."""
    assert sorted(_requests(*scene)) == DECLARED
    assert {"meetings:meeting", "meetings:item_minutes"} <= set(DECLARED)


@pytest.mark.parametrize("route", DECLARED)
def test_route_records_the_citizens_it_touches(
    route: str, scene: tuple[Any, Any, Any], glostrup: Any, login: Any
) -> None:
    meeting, item, spare = scene
    method, url, data = _requests(meeting, item, spare)[route]
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    expected = spare.citizen_id if route == "meetings:add_item" else item.concerns.get().citizen_id

    response = getattr(login(glostrup.consultant), method)(url, data)

    assert response.status_code in (200, 302)
    touched = set(
        AuditEvent.objects.filter(pk__gt=before, citizen_id__isnull=False).values_list("citizen_id", flat=True)
    )
    assert expected in touched
