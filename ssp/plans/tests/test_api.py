"""``/api/v1/plans/…``: every route is refused to staff of another district, writes are refused to readers, and
bad input is answered with the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ssp.accounts.models import User
from ssp.meetings.models import Meeting
from ssp.plans.models import Initiative, InitiativeDelivery, ProjectState, Trend
from ssp.plans.tests.conftest import WORLD_YEAR, World

pytestmark = pytest.mark.django_db
API = "/api/v1/plans"


def _reads(w: World) -> list[str]:
    d, m = w.sydost.district.slug, w.sydost.horsens.slug
    return [
        f"{API}/districts/{d}/cycles/{WORLD_YEAR}",
        f"{API}/districts/{d}/late/{WORLD_YEAR}",
        f"{API}/districts/{d}/cooperation-plans/{WORLD_YEAR}",
        f"{API}/districts/{d}/focus-coverage/{WORLD_YEAR}",
        f"{API}/municipalities/{m}/action-plans",
        f"{API}/action-plans/{w.plan.pk}",
        f"{API}/action-plans/{w.plan.pk}/export?format=docx",
        f"{API}/municipalities/{m}/initiatives",
        f"{API}/municipalities/{m}/coverage/2025",
        f"{API}/municipalities/{m}/coverage/2025/xlsx",
        f"{API}/municipalities/{m}/statutory-plans",
        f"{API}/districts/{d}/trends",
    ]


def _writes(w: World) -> list[tuple[str, dict[str, Any]]]:
    d, m = w.sydost.district.slug, w.sydost.horsens.slug
    return [
        (
            f"{API}/municipalities/{m}/action-plans",
            {"year": 2028, "kind": "ssp", "title": "SSP", "owner_forum_id": w.sydost.lokalraad.pk},
        ),
        (
            f"{API}/municipalities/{m}/initiatives",
            {"title": "Ny", "triangle_level": "building", "prevention_form": "general"},
        ),
        (
            f"{API}/municipalities/{m}/deliveries",
            {
                "initiative_id": w.initiative.pk,
                "school_class_id": w.school_class.pk,
                "delivered_on": "2025-10-01",
                "delivered_by": "SSP",
                "participants": 21,
            },
        ),
        (f"{API}/districts/{d}/trends", {"what": "Ny", "where": "Vejle", "since": "2026-01-01", "source": "police"}),
    ]


def test_reads_open_for_district_staff_and_refuse_others(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.consultant)
    for url in _reads(world):
        assert client.get(url).status_code == 200, url
    client = login(world.sydost.outsider)
    for url in _reads(world):
        assert client.get(url).status_code == 403, url


def test_writes_are_refused_to_readers_and_other_districts(world: World, login: Callable[[User], Any]) -> None:
    for user in (world.reader, world.sydost.outsider):
        client = login(user)
        for url, body in _writes(world):
            assert client.post(url, body, content_type="application/json").status_code == 403, url
    assert Initiative.objects.count() == 3 and Trend.objects.count() == 1 and InitiativeDelivery.objects.count() == 1


def test_writes_work_for_the_municipalitys_ssp_staff(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.consultant)
    for url, body in _writes(world):
        assert client.post(url, body, content_type="application/json").status_code == 201, url
    coverage = client.get(f"{API}/municipalities/{world.sydost.horsens.slug}/coverage/2025").json()
    fourth = coverage[0]
    assert fourth["grade"] == 4
    assert [row["delivered_on"]["Undervisning 4. klasse"] for row in fourth["classes"]] == [
        "2025-09-03",
        "2025-10-01",
        None,
        None,
    ]


def test_bad_input_names_the_field(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.consultant)
    url, body = _writes(world)[2]
    response = client.post(url, {**body, "delivered_on": "2024-06-01"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "delivered_on"]


def test_the_schema_lists_the_plans_routes(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/plans/municipalities/{slug}/coverage/{school_year}" in paths
    assert "post" in paths["/api/v1/plans/districts/{slug}/trends"]


def test_the_secretariat_comments_on_the_draft_through_the_api(world: World, login: Callable[[User], Any]) -> None:
    url = f"{API}/cooperation-plan-versions/{world.version.pk}/comments"
    for user in (world.reader, world.sydost.outsider, world.sydost.consultant):
        assert login(user).post(url, {"text": "Nej"}, content_type="application/json").status_code == 403
    client = login(world.sydost.secretariat)
    assert client.post(url, {"text": ""}, content_type="application/json").status_code == 422
    response = client.post(url, {"text": "Husk PANTHER II"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["text"] == "Husk PANTHER II"
    assert list(world.version.comments.values_list("text", flat=True)) == ["Husk PANTHER II"]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/plans/cooperation-plan-versions/{version_id}/comments"]


def test_a_skipped_project_step_is_refused_through_the_api(world: World, login: Callable[[User], Any]) -> None:
    url = f"{API}/projects/{world.project.pk}/steps"
    assert login(world.reader).post(f"{url}/screening", {}, content_type="application/json").status_code == 403
    client = login(world.sydost.consultant)
    response = client.post(f"{url}/evaluation", {"text": "Godt"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["body", "payload"]
    assert client.post(f"{url}/approval", {"text": "Ja"}, content_type="application/json").status_code == 403
    world.project.refresh_from_db()
    assert world.project.evaluation == ""
    assert login(world.sydost.outsider).post(f"{url}/start", {}, content_type="application/json").status_code == 403
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/plans/projects/{project_id}/steps/{step}"]


def test_the_four_questions_are_answered_through_the_api(world: World, login: Callable[[User], Any]) -> None:
    trend = world.project.trend
    url = f"{API}/trends/{trend.pk}/answers"
    for user in (world.reader, world.sydost.outsider):
        assert login(user).post(url, {"what_we_can": "Nej"}, content_type="application/json").status_code == 403
    client = login(world.sydost.consultant)
    response = client.post(
        url, {"what_we_know": "Tre anmeldelser", "what_we_can": "Natteravne"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["id"] == trend.pk
    client.post(url, {"what_we_will": "Et projekt"}, content_type="application/json")
    trend.refresh_from_db()
    assert (trend.what_we_know, trend.what_we_can, trend.what_we_will) == (
        "Tre anmeldelser",
        "Natteravne",
        "Et projekt",
    )


def test_the_samraad_decision_and_the_project_group_through_the_api(
    world: World, login: Callable[[User], Any], meeting_of: Callable[..., Meeting]
) -> None:
    sydost = world.sydost
    url = f"{API}/projects/{world.project.pk}"
    samraad_meeting = meeting_of(sydost.samraad, in_days=3)
    group = {
        "member_ids": [sydost.consultant.pk, sydost.secretariat.pk],
        "deadline": str(timezone.localdate() + timedelta(days=30)),
    }
    decision = {"meeting_id": samraad_meeting.pk, "project_group": True, "reason": "Flere kommuner ser det."}
    for user in (world.reader, sydost.outsider):
        assert login(user).post(f"{url}/decision", decision, content_type="application/json").status_code == 403
    client = login(sydost.consultant)
    # The group comes after the samråd's decision: the step cannot be skipped.
    skipped = client.post(f"{url}/group", group, content_type="application/json")
    assert skipped.status_code == 422 and "springes over" in skipped.json()["detail"][0]["msg"]
    # The decision is taken in one of the samråd's meetings, not the Kredsråd's.
    wrong = client.post(
        f"{url}/decision", {**decision, "meeting_id": meeting_of(sydost.council).pk}, content_type="application/json"
    )
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "payload", "meeting"]

    decided = client.post(f"{url}/decision", decision, content_type="application/json")
    assert decided.status_code == 201 and decided.json()["state"] == ProjectState.GROUP_DECIDED
    assert decided.json()["steps"][-1]["meeting_id"] == samraad_meeting.pk
    again = client.post(f"{url}/decision", decision, content_type="application/json")
    assert again.status_code == 422

    outside = client.post(
        f"{url}/group",
        {**group, "member_ids": [sydost.consultant.pk, sydost.outsider.pk]},
        content_type="application/json",
    )
    assert outside.status_code == 422 and outside.json()["detail"][0]["loc"] == ["body", "payload", "members"]
    formed = client.post(f"{url}/group", group, content_type="application/json")
    assert formed.status_code == 201 and formed.json()["state"] == ProjectState.GROUP_FORMED
    world.project.refresh_from_db()
    assert set(world.project.members.all()) == {sydost.consultant, sydost.secretariat}

    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/trends/{trend_id}/answers", "/projects/{project_id}/decision", "/projects/{project_id}/group"):
        operation = paths[f"/api/v1/plans{path}"]["post"]
        assert operation["x-ssp-citizen-data"] is False
