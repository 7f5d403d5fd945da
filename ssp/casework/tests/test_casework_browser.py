"""The case-work pages in a real browser as their roles, at desktop width and at 390 px, with axe-core."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.casework import group_services, programme_services, services
from ssp.casework.models import ActionKind
from ssp.casework.programmes import ProgrammeKind
from ssp.testing.browser import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WIDTHS = (1280, 390)


def _look(page: Any, live_server: Any, paths: list[str], role: str) -> None:
    shots = os.environ.get("SSP_SCREENSHOT_DIR")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            assert page.locator("h1").count() == 1, path
            # Nothing wider than the screen at 390 px: the page scrolls down, never sideways.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (path, width)
            assert_no_serious_axe_violations(page)
            if shots:
                name = f"{role}-{path.strip('/').replace('/', '_') or 'root'}-{width}.png"
                page.screenshot(path=str(Path(shots) / name), full_page=True)


def test_the_consultants_pages_pass_axe_on_desktop_and_phone(
    page: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    make_concern: Callable[..., Any],
    make_guardian: Callable[..., Any],
) -> None:
    concern = make_concern(first_name="Malthe", last_name="Fiktivsen")
    owner = concern.responsible
    make_guardian(concern, "Anna Fiktivsen")
    services.generate_letters(concern, actor=owner)
    conversation = services.plan_action(
        concern, kind=ActionKind.CONCERN_CONVERSATION, owner=owner, due_on=timezone.localdate(), actor=owner
    )
    programme = programme_services.enrol_programme(
        concern,
        actor=owner,
        kind=ProgrammeKind.EXIT,
        coordinator=owner,
        plan="Kontrakt",
        started_on=timezone.localdate(),
    )
    group = group_services.create_group(owner.municipality_id, actor=owner, name="Gruppen ved banegården")
    group_services.add_member(group, actor=owner, citizen=concern.citizen)
    browser_login(page, live_server, owner)
    paths = [
        reverse("casework:queue"),
        reverse("casework:concern", args=[concern.pk]),
        reverse("casework:action", args=[conversation.pk]),
        reverse("casework:programmes", args=[concern.pk]),
        reverse("casework:programme", args=[programme.pk]),
        reverse("casework:record", args=[concern.citizen_id]),
        reverse("casework:network"),
        reverse("casework:group", args=[group.pk]),
        reverse("casework:daily_report"),
        reverse("casework:transfers"),
    ]
    _look(page, live_server, paths, "consultant")


def test_the_managers_and_administrators_pages_pass_axe(
    page: Any, live_server: Any, browser_login: Callable[..., None], make_user: Callable[..., Any]
) -> None:
    browser_login(page, live_server, make_user(StaffRole.MANAGER))
    _look(page, live_server, [reverse("casework:figures"), reverse("casework:district_report")], "manager")
    page.context.clear_cookies()
    browser_login(page, live_server, make_user(StaffRole.MUNICIPAL_ADMIN))
    _look(page, live_server, [reverse("casework:templates")], "admin")
