"""Every plans page in a real browser, as the role that uses it, at desktop width and at 390 px: one h1, no
serious or critical axe violations, no horizontal scrolling of the page itself."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import User
from ssp.meetings.models import Meeting
from ssp.plans import services
from ssp.plans.cycle import cycle_dates
from ssp.plans.tests.conftest import WORLD_YEAR, World
from ssp.testing.browser import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def _district_pages(w: World) -> dict[str, str]:
    slug = w.sydost.district.slug
    return {
        "index": reverse("plans:index"),
        "cycle": reverse("plans:cycle", args=[slug, WORLD_YEAR]),
        "overview": reverse("plans:overview", args=[slug, WORLD_YEAR]),
        "cooperation_plan": reverse("plans:cooperation_plan", args=[slug, WORLD_YEAR]),
        "cooperation_plan_missing": reverse("plans:cooperation_plan", args=[slug, WORLD_YEAR + 5]),
        "trends": reverse("plans:trends", args=[slug]),
        "project": reverse("plans:project", args=[w.project.pk]),
    }


def _municipal_pages(w: World) -> dict[str, str]:
    m = w.sydost.horsens.slug
    return {
        "action_plans": reverse("plans:action_plans", args=[m]),
        "action_plan": reverse("plans:action_plan", args=[w.plan.pk]),
        "catalogue": reverse("plans:catalogue", args=[m]),
        "initiative_edit": reverse("plans:initiative_edit", args=[w.initiative.pk]),
        "coverage": reverse("plans:coverage", args=[m]) + "?skoleaar=2025",
        "statutory": reverse("plans:statutory", args=[m]),
    }


def _check(page: Any, live_server: Any, pages: dict[str, str]) -> None:
    shots = os.environ.get("SSP_SCREENSHOT_DIR")
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages.items():
            page.goto(live_server.url + path)
            assert page.locator("h1").count() == 1, path
            for summary in page.locator("details summary").all()[:1]:
                summary.click()  # the first form open, so axe checks a form too
            assert_no_serious_axe_violations(page)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways at {width}px by {overflow}px"
            if shots:
                page.screenshot(path=str(Path(shots) / f"plans_{name}_{width_name}.png"), full_page=True)


def test_district_pages_as_the_secretariat(
    page: Any, live_server: Any, browser_login: Callable[..., None], world: World
) -> None:
    browser_login(page, live_server, world.sydost.secretariat)
    _check(page, live_server, _district_pages(world))


def test_municipal_pages_as_the_ssp_consultant(
    page: Any, live_server: Any, browser_login: Callable[..., None], world: World
) -> None:
    user: User = world.sydost.consultant
    browser_login(page, live_server, user)
    _check(page, live_server, _municipal_pages(world))


def test_a_changed_plan_the_edit_pages_and_the_calendar(
    page: Any, live_server: Any, browser_login: Callable[..., None], world: World, meeting_of: Callable[..., Meeting]
) -> None:
    """The approved plan's next draft shows its difference; the parts' edit pages; the milestones on the calendar."""
    sydost = world.sydost
    consultant, secretariat = sydost.consultant, sydost.secretariat
    figure = services.add_crime_figure(
        world.plan, actor=consultant, label="Indbrud i private hjem", value=38, previous_value=41, source="Politiet"
    )
    priority = services.add_priority(
        world.plan, actor=consultant, title="Knivbæring", why="Flere fund af knive ved stationen og i nattelivet."
    )
    services.submit_plan_for_approval(world.version, actor=secretariat, meeting=meeting_of(sydost.council))
    services.approve_plan_version(world.version, actor=sydost.police_manager, decision="Kredsrådet godkender planen.")
    draft = services.start_new_version(world.version.plan, actor=secretariat)
    area = draft.focus_areas.get(key="tryghed")
    area.title, area.goals = "Tryghed i nattelivet", "Færre voldsanmeldelser i midtbyen"
    services.save_focus_area(area, actor=secretariat)
    slug = sydost.district.slug
    plan_url = reverse("plans:cooperation_plan", args=[slug, WORLD_YEAR]) + "?version=2"
    calendar = reverse("meetings:calendar")
    january = cycle_dates(WORLD_YEAR).action_plan_adopted

    browser_login(page, live_server, secretariat)
    _check(
        page,
        live_server,
        {
            "cooperation_plan_diff": plan_url,
            "edit_focus_area": reverse("plans:edit_version_part", args=["fokusomraade", area.pk]),
            "calendar_december": f"{calendar}?year={WORLD_YEAR - 1}&month=12",
        },
    )
    page.goto(live_server.url + plan_url)
    assert page.locator(".ssp-diff ins").filter(has_text="Tryghed i nattelivet").count() == 1
    page.goto(live_server.url + f"{calendar}?year={WORLD_YEAR - 1}&month=12")
    assert page.get_by_role("link", name="Kredsrådet godkender samarbejdsplanen").count() == 1

    page.context.clear_cookies()
    browser_login(page, live_server, consultant)
    _check(
        page,
        live_server,
        {
            "action_plan_figures": reverse("plans:action_plan", args=[world.plan.pk]),
            "edit_figure": reverse("plans:edit_action_plan_part", args=["noegletal", figure.pk]),
            "edit_priority": reverse("plans:edit_action_plan_part", args=["sagsomraade", priority.pk]),
            "calendar_year": f"{calendar}?year={WORLD_YEAR}&view=year",
            "calendar_january": f"{calendar}?year={january.year}&month={january.month}",
        },
    )
    page.goto(live_server.url + reverse("plans:edit_action_plan_part", args=["noegletal", figure.pk]))
    page.get_by_label("Antal").fill("36")
    page.get_by_role("button", name="Gem ændringen").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("plans:action_plan", args=[world.plan.pk]))
    assert page.locator("table").filter(has_text="Indbrud i private hjem").locator("td").first.inner_text() == "36"
