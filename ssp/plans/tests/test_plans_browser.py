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
