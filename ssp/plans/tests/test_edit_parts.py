"""The edit pages of a plan's parts: the secretariat changes a focus area or a section of the cooperation plan's
draft, the SSP consultant a crime figure or a prioritised case area of the action plan's draft. Others are refused,
and an approved (or adopted) plan is frozen: the page sends the editor back with the reason, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import User
from ssp.meetings.models import Meeting
from ssp.plans import services
from ssp.plans.models import PlanSection, SectionKind
from ssp.plans.tests.conftest import World

pytestmark = pytest.mark.django_db

FOCUS = {"scope": "national", "key": "tryghed", "title": "Tryghed i nattelivet", "goals": "Færre voldsanmeldelser"}
SECTION = {"kind": SectionKind.AUTHORITY, "heading": "Bevillingsnævnet", "body": "Politiet deltager.", "order": 1}


def _section(world: World) -> PlanSection:
    return services.save_plan_section(
        PlanSection(version=world.version, kind=SectionKind.AUTHORITY, heading="Bevillinger", order=1),
        actor=world.sydost.secretariat,
    )


def test_the_secretariat_changes_a_focus_area_and_a_section_of_the_draft(
    world: World, login: Callable[[User], Any]
) -> None:
    area = world.version.focus_areas.get(key="tryghed")
    section = _section(world)
    client = login(world.sydost.secretariat)
    plan_page = client.get(reverse("plans:cooperation_plan", args=[world.sydost.district.slug, 2027])).content.decode()
    area_url = reverse("plans:edit_version_part", args=["fokusomraade", area.pk])
    section_url = reverse("plans:edit_version_part", args=["afsnit", section.pk])
    assert area_url in plan_page and section_url in plan_page

    page = client.get(area_url).content.decode()
    assert 'value="Tryghed"' in page and "Ret fokusområde: Tryghed" in page
    response = client.post(area_url, {**FOCUS, "order": 0})
    assert response.status_code == 302 and response["Location"].endswith("?version=1")
    area.refresh_from_db()
    assert (area.title, area.scope, area.goals) == ("Tryghed i nattelivet", "national", "Færre voldsanmeldelser")

    assert "Bevillinger" in client.get(section_url).content.decode()
    client.post(section_url, SECTION)
    section.refresh_from_db()
    assert (section.heading, section.body) == ("Bevillingsnævnet", "Politiet deltager.")


def test_a_focus_area_key_stays_unique_in_the_version(world: World, login: Callable[[User], Any]) -> None:
    area = world.version.focus_areas.get(key="tryghed")
    client = login(world.sydost.secretariat)
    url = reverse("plans:edit_version_part", args=["fokusomraade", area.pk])
    response = client.post(url, {**FOCUS, "key": "indbrud", "order": 0}, follow=True)
    assert "Nøglen er allerede brugt" in response.content.decode()
    area.refresh_from_db()
    assert (area.key, area.title) == ("tryghed", "Tryghed")


def test_only_the_secretariat_may_change_the_cooperation_plan(world: World, login: Callable[[User], Any]) -> None:
    area = world.version.focus_areas.get(key="tryghed")
    section = _section(world)
    for user in (world.sydost.consultant, world.reader, world.sydost.outsider):
        client = login(user)
        for url, data in (
            (reverse("plans:edit_version_part", args=["fokusomraade", area.pk]), {**FOCUS, "order": 0}),
            (reverse("plans:edit_version_part", args=["afsnit", section.pk]), SECTION),
        ):
            assert client.get(url).status_code == 403
            assert client.post(url, data).status_code == 403
    area.refresh_from_db()
    section.refresh_from_db()
    assert (area.title, section.heading) == ("Tryghed", "Bevillinger")
    client = login(world.sydost.secretariat)
    assert client.get(reverse("plans:edit_version_part", args=["maal", area.pk])).status_code == 404


def test_an_approved_version_is_frozen_and_refuses_the_edit_page(
    world: World, login: Callable[[User], Any], meeting_of: Callable[..., Meeting]
) -> None:
    sydost = world.sydost
    area = world.version.focus_areas.get(key="tryghed")
    section = _section(world)
    services.submit_plan_for_approval(world.version, actor=sydost.secretariat, meeting=meeting_of(sydost.council))
    services.approve_plan_version(world.version, actor=sydost.police_manager, decision="Godkendt")
    client = login(sydost.secretariat)
    plan_page = client.get(reverse("plans:cooperation_plan", args=[sydost.district.slug, 2027])).content.decode()
    assert reverse("plans:edit_version_part", args=["fokusomraade", area.pk]) not in plan_page

    for url, data in (
        (reverse("plans:edit_version_part", args=["fokusomraade", area.pk]), {**FOCUS, "order": 0}),
        (reverse("plans:edit_version_part", args=["afsnit", section.pk]), SECTION),
    ):
        page = client.get(url, follow=True)
        assert page.redirect_chain[-1][0].endswith("?version=1")
        assert "Start en ny version for at ændre planen" in page.content.decode()
        assert client.post(url, data).status_code == 302
    area.refresh_from_db()
    section.refresh_from_db()
    assert (area.title, section.heading) == ("Tryghed", "Bevillinger")


def test_the_consultant_changes_a_crime_figure_and_a_priority_of_the_draft(
    world: World, login: Callable[[User], Any]
) -> None:
    actor = world.sydost.consultant
    figure = services.add_crime_figure(world.plan, actor=actor, label="Indbrud", value=41, source="Politiet")
    priority = services.add_priority(world.plan, actor=actor, title="Knive", why="Flere fund")
    client = login(actor)
    plan_page = client.get(reverse("plans:action_plan", args=[world.plan.pk])).content.decode()
    figure_url = reverse("plans:edit_action_plan_part", args=["noegletal", figure.pk])
    priority_url = reverse("plans:edit_action_plan_part", args=["sagsomraade", priority.pk])
    assert figure_url in plan_page and priority_url in plan_page

    assert 'value="41"' in client.get(figure_url).content.decode()
    response = client.post(figure_url, {"label": "Indbrud i private hjem", "value": 38, "previous_value": 41})
    assert response["Location"] == reverse("plans:action_plan", args=[world.plan.pk])
    figure.refresh_from_db()
    assert (figure.label, figure.value, figure.previous_value, figure.source) == ("Indbrud i private hjem", 38, 41, "")

    assert "Flere fund" in client.get(priority_url).content.decode()
    client.post(priority_url, {"title": "Knivbæring", "why": "Flere fund ved stationen"})
    priority.refresh_from_db()
    assert (priority.title, priority.why) == ("Knivbæring", "Flere fund ved stationen")

    bad = client.post(figure_url, {"label": "", "value": "mange"}, follow=True)
    assert "Opgørelse" in bad.content.decode()
    figure.refresh_from_db()
    assert figure.value == 38


def test_the_action_plan_parts_refuse_others_and_freeze_when_adopted(
    world: World, login: Callable[[User], Any], meeting_of: Callable[..., Meeting]
) -> None:
    sydost = world.sydost
    figure = services.add_crime_figure(world.plan, actor=sydost.consultant, label="Indbrud", value=41)
    priority = services.add_priority(world.plan, actor=sydost.consultant, title="Knive", why="Flere fund")
    urls = (
        (reverse("plans:edit_action_plan_part", args=["noegletal", figure.pk]), {"label": "X", "value": 1}),
        (reverse("plans:edit_action_plan_part", args=["sagsomraade", priority.pk]), {"title": "X", "why": "Y"}),
    )
    for user in (world.reader, sydost.outsider, sydost.manager):
        client = login(user)
        for url, data in urls:
            assert client.get(url).status_code == 403
            assert client.post(url, data).status_code == 403

    services.adopt_action_plan(world.plan, actor=sydost.manager, meeting=meeting_of(sydost.lokalraad), decision="Ja")
    client = login(sydost.consultant)
    for url, data in urls:
        page = client.get(url, follow=True)
        assert page.redirect_chain[-1][0] == reverse("plans:action_plan", args=[world.plan.pk])
        assert "vedtaget" in page.content.decode()
        client.post(url, data)
    figure.refresh_from_db()
    priority.refresh_from_db()
    assert (figure.label, priority.title) == ("Indbrud", "Knive")
