"""Every casework route declared as serving citizen data (``ssp.privacy.routes``) records the citizen it touches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.api import api
from ssp.casework import group_services, programme_services, services
from ssp.casework.models import ActionKind, ScreeningItem
from ssp.casework.programmes import PreEntryOutcome, ProgrammeKind, ScreeningDecision
from ssp.concerns.models import Concern
from ssp.privacy.models import AuditEvent
from ssp.privacy.routes import api_declarations, page_declarations
from ssp.structure.models import Municipality

pytestmark = pytest.mark.django_db

DECLARED_PAGES = sorted(name for name, serves in page_declarations().items() if serves and name.startswith("casework:"))
DECLARED_OPERATIONS = sorted(
    operation
    for operation, (_, path, serves) in api_declarations(api.get_openapi_schema()).items()
    if serves and path.startswith("/api/v1/casework")
)


@dataclass
class Scene:
    """A concern whose responsible consultant has an action, a letter, a pre-entry programme a year old (with a
    transfer to municipality 101 waiting) and a group with the citizen in it; ``receiver`` is a consultant in 101."""

    concern: Any
    action: Any
    letter: Any
    programme: Any
    exit_programme: Any
    group: Any
    empty_group: Any
    receiver: Any
    receiver_coordinator: Any


@pytest.fixture
def scene(make_concern: Any, make_guardian: Any, make_user: Any, today: Any) -> Scene:
    concern = make_concern()
    make_guardian(concern, "Anna Fiktivsen")
    consultant = concern.responsible
    action = services.plan_action(
        concern, actor=consultant, kind=ActionKind.HOME_VISIT, owner=consultant, due_on=today + timedelta(days=7)
    )
    letter = services.generate_letters(concern, actor=consultant)[0]
    started_on = today - relativedelta(months=12)
    sign = ScreeningItem.objects.create(police_district=concern.municipality.police_district, text="Pjæk")
    screening = programme_services.screen_concern(
        concern,
        actor=consultant,
        screened_on=started_on,
        sign_ids=[sign.pk],
        decision=ScreeningDecision.ENROL,
        reasoning="Risikotegn til stede",
    )
    programme = programme_services.enrol_programme(
        concern,
        actor=consultant,
        kind=ProgrammeKind.PRE_ENTRY,
        coordinator=consultant,
        plan="Mentor",
        started_on=started_on,
        screening=screening,
    )
    receiving = Municipality.objects.get(code="101")
    programme_services.request_transfer(programme, actor=consultant, to_municipality=receiving)
    group = group_services.create_group(consultant.municipality_id, actor=consultant, name="Gruppen")
    group_services.add_member(group, actor=consultant, citizen=concern.citizen)
    exit_programme = programme_services.enrol_programme(
        concern, actor=consultant, kind=ProgrammeKind.EXIT, coordinator=consultant, plan="Kontrakt", started_on=today
    )
    return Scene(
        concern=concern,
        action=action,
        letter=letter,
        programme=programme,
        exit_programme=exit_programme,
        group=group,
        empty_group=group_services.create_group(consultant.municipality_id, actor=consultant, name="Ved stationen"),
        receiver=make_user(role=StaffRole.SSP_CONSULTANT, municipality="101"),
        receiver_coordinator=make_user(role=StaffRole.SSP_CONSULTANT, municipality="101"),
    )


def _page_requests(scene: Scene, today: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """How the responsible consultant (the transfer: the receiving consultant) exercises each declared page."""
    concern, pk, citizen = scene.concern, scene.concern.pk, scene.concern.citizen_id
    return {
        "casework:queue": ("get", reverse("casework:queue"), {}),
        "casework:actions": ("get", reverse("casework:actions"), {"status": "planned"}),
        "casework:programme_list": ("get", reverse("casework:programme_list"), {"kind": ProgrammeKind.PRE_ENTRY}),
        "casework:concern": ("get", reverse("casework:concern", args=[pk]), {}),
        "casework:plan_action": (
            "post",
            reverse("casework:plan_action", args=[pk]),
            {"kind": ActionKind.SCHOOL_VISIT, "owner": concern.responsible_id, "due_on": today.isoformat()},
        ),
        "casework:generate_letters": ("post", reverse("casework:generate_letters", args=[pk]), {}),
        "casework:add_guardian": (
            "post",
            reverse("casework:add_guardian", args=[pk]),
            {"name": "Bo Fiktivsen", "relation": "far", "has_custody": "on", "address": "Prøvevej 2"},
        ),
        "casework:action": ("get", reverse("casework:action", args=[scene.action.pk]), {}),
        "casework:letter": ("get", reverse("casework:letter", args=[scene.letter.pk, "docx"]), {}),
        "casework:record": ("get", reverse("casework:record", args=[citizen]), {}),
        "casework:record_export": ("get", reverse("casework:record_export", args=[citizen, "csv"]), {}),
        "casework:programmes": ("get", reverse("casework:programmes", args=[pk]), {}),
        "casework:screen": (
            "post",
            reverse("casework:screen", args=[pk]),
            {"screened_on": today.isoformat(), "decision": ScreeningDecision.ENROL, "reasoning": "Ny vurdering"},
        ),
        "casework:enrol": (
            "post",
            reverse("casework:enrol", args=[pk]),
            {
                "kind": ProgrammeKind.EXIT,
                "coordinator": concern.responsible_id,
                "plan": "Kontrakt",
                "started_on": today.isoformat(),
            },
        ),
        "casework:programme": ("get", reverse("casework:programme", args=[scene.programme.pk]), {}),
        "casework:transfers": (
            "post",
            reverse("casework:transfers"),
            {"transfer": scene.programme.transfers.get().pk, "coordinator": scene.receiver_coordinator.pk},
        ),
        "casework:network": ("get", reverse("casework:network"), {}),
        "casework:group": ("get", reverse("casework:group", args=[scene.group.pk]), {}),
        "casework:daily_report": ("get", reverse("casework:daily_report"), {}),
    }


def _api_requests(scene: Scene, today: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    concern, pk = scene.concern, scene.concern.pk
    return {
        "list_case_actions": ("get", f"/api/v1/casework/concerns/{pk}/actions", {}),
        "plan_case_action": (
            "post",
            f"/api/v1/casework/concerns/{pk}/actions",
            {"kind": ActionKind.SCHOOL_VISIT, "owner_id": concern.responsible_id, "due_on": today.isoformat()},
        ),
        "record_case_action": (
            "post",
            f"/api/v1/casework/actions/{scene.action.pk}/record",
            {"done_on": today.isoformat(), "outcome": "Godt besøg"},
        ),
        "list_letters": ("get", f"/api/v1/casework/concerns/{pk}/letters", {}),
        "generate_letters": ("post", f"/api/v1/casework/concerns/{pk}/letters", {}),
        "download_letter": ("get", f"/api/v1/casework/letters/{scene.letter.pk}/docx", {}),
        "get_case_record": ("get", f"/api/v1/casework/citizens/{concern.citizen_id}/case-record", {}),
        "list_programmes": ("get", f"/api/v1/casework/concerns/{pk}/programmes", {}),
        "enrol_programme": (
            "post",
            f"/api/v1/casework/concerns/{pk}/programmes",
            {
                "kind": ProgrammeKind.EXIT,
                "coordinator_id": concern.responsible_id,
                "plan": "Kontrakt",
                "started_on": today.isoformat(),
            },
        ),
        "record_programme_outcome": (
            "post",
            f"/api/v1/casework/programmes/{scene.programme.pk}/outcome",
            {"outcome": PreEntryOutcome.KEPT_OUT},
        ),
        "list_groups": ("get", "/api/v1/casework/groups", {}),
        "screen_concern": (
            "post",
            f"/api/v1/casework/concerns/{pk}/screenings",
            {"screened_on": today.isoformat(), "decision": ScreeningDecision.NO_ACTION, "reasoning": "Ny vurdering"},
        ),
        "add_contract_measure": (
            "post",
            f"/api/v1/casework/programmes/{scene.exit_programme.pk}/measures",
            {"department": "Jobcenter", "measure": "Praktikplads", "due_on": today.isoformat()},
        ),
        "request_programme_transfer": (
            "post",
            f"/api/v1/casework/programmes/{scene.exit_programme.pk}/transfers",
            {"to_municipality_id": Municipality.objects.get(code="101").pk},
        ),
        "accept_programme_transfer": (
            "post",
            f"/api/v1/casework/transfers/{scene.programme.transfers.get().pk}/accept",
            {"coordinator_id": scene.receiver_coordinator.pk},
        ),
        "add_group_member": (
            "post",
            f"/api/v1/casework/groups/{scene.empty_group.pk}/members",
            {"citizen_id": concern.citizen_id},
        ),
    }


def test_every_declared_page_and_operation_is_exercised_here(scene: Scene, today: Any) -> None:
    """A route newly declared as serving citizen data needs its request above, or this fails."""
    assert sorted(_page_requests(scene, today)) == DECLARED_PAGES
    assert sorted(_api_requests(scene, today)) == DECLARED_OPERATIONS
    assert {"casework:concern", "casework:record", "casework:letter", "casework:group"} <= set(DECLARED_PAGES)


def _touched_since(before: int) -> set[int]:
    events = AuditEvent.objects.filter(pk__gt=before, citizen_id__isnull=False)
    return set(events.values_list("citizen_id", flat=True))


def _finish(response: Any) -> None:
    """Read a streamed letter to its end: the test client then closes its file (``response.close()`` by hand would
    also signal the request's end, which closes the test's database connection on PostgreSQL)."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


def _last_event() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("route", DECLARED_PAGES)
def test_page_records_the_citizen_it_touches(route: str, scene: Scene, today: Any, login: Any) -> None:
    concern: Concern = scene.concern
    concern.source = "police_daily_report"
    concern.save(update_fields=["source"])
    method, url, data = _page_requests(scene, today)[route]
    client = login(scene.receiver if route == "casework:transfers" else concern.responsible)
    before = _last_event()

    response = getattr(client, method)(url, data)
    _finish(response)

    assert response.status_code == (302 if method == "post" else 200)  # a change is made, not refused
    assert concern.citizen_id in _touched_since(before)


@pytest.mark.parametrize("operation", DECLARED_OPERATIONS)
def test_api_operation_records_the_citizen_it_touches(operation: str, scene: Scene, today: Any, login: Any) -> None:
    method, url, data = _api_requests(scene, today)[operation]
    client = login(scene.receiver if operation == "accept_programme_transfer" else scene.concern.responsible)
    before = _last_event()

    post = {"data": data, "content_type": "application/json"} if method == "post" else {}
    response = getattr(client, method)(url, **post)
    _finish(response)

    assert response.status_code in (200, 201), response.content
    assert scene.concern.citizen_id in _touched_since(before)
