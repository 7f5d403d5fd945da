"""The structure pages in a real browser: accessibility, keyboard use and the org chart without JavaScript."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.structure.models import Forum, Membership, MembershipRole, Municipality
from ssp.testing.browser import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _pages(forum: Forum) -> list[str]:
    place = Municipality.objects.select_related("police_district").get(code="161")
    slug = place.police_district.slug
    return [
        reverse("structure:overview"),
        reverse("structure:district", args=[slug]),
        reverse("structure:district_chart", args=[slug]),
        reverse("structure:municipality", args=["161"]),
        reverse("structure:municipality_chart", args=["161"]),
        reverse("structure:forum", args=[forum.pk]),
        reverse("structure:forum_edit", args=[forum.pk]),
        reverse("structure:membership_add", args=[forum.pk]),
        reverse("structure:organisation_create", args=["161"]),
    ]


def test_every_structure_page_passes_axe(
    page: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    make_user: Callable[..., Any],
    build_forums: Callable[..., list[Forum]],
) -> None:
    forum = build_forums(3)[0]
    browser_login(page, live_server, make_user(StaffRole.MUNICIPAL_ADMIN))
    for path in _pages(forum):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_no_serious_axe_violations(page)
    # For looking at the design by eye: SSP_SCREENSHOT_DIR=/tmp/shots pytest -m browser
    if shots := os.environ.get("SSP_SCREENSHOT_DIR"):
        for name in ("municipality", "municipality_chart"):
            page.goto(live_server.url + reverse(f"structure:{name}", args=["161"]))
            page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
        for name in ("forum", "membership_add"):
            page.goto(live_server.url + reverse(f"structure:{name}", args=[forum.pk]))
            page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)


def test_the_keyboard_reaches_the_skip_link_then_the_menu(
    page: Any, live_server: Any, browser_login: Callable[..., None], make_user: Callable[..., Any]
) -> None:
    browser_login(page, live_server, make_user())
    page.goto(live_server.url + reverse("structure:overview"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skipnav"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.goto(live_server.url + reverse("structure:overview"))
    page.keyboard.press("Tab")
    focused: list[str] = []
    for _ in range(8):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.closest('nav') ? 'nav' : document.activeElement.tagName"))
    assert "nav" in focused


def test_the_org_chart_reads_without_javascript(
    browser: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    make_user: Callable[..., Any],
    build_forums: Callable[..., list[Forum]],
) -> None:
    forum = build_forums(1)[0]
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    browser_login(page, live_server, make_user())
    page.goto(live_server.url + reverse("structure:municipality_chart", args=["161"]))
    assert page.locator(".ssp-tree").get_by_role("link", name=forum.name).is_visible()
    assert page.get_by_text(f"{forum.name} (Operativ) refererer til").is_visible()
    context.close()


def _shoot(page: Any, name: str) -> None:
    """For looking at the design by eye: SSP_SCREENSHOT_DIR=/tmp/shots pytest -m browser"""
    if shots := os.environ.get("SSP_SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_members_and_municipality_charts_open_in_place_on_demand(
    browser: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    make_user: Callable[..., Any],
    build_forums: Callable[..., list[Forum]],
    width: int,
) -> None:
    forum = build_forums(3)[0]
    member = Membership.objects.select_related("user").get(forum=forum, role=MembershipRole.MEMBER).user
    place = Municipality.objects.select_related("police_district").get(code="161")
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    browser_login(page, live_server, make_user(StaffRole.MUNICIPAL_ADMIN))

    page.goto(live_server.url + reverse("structure:municipality", args=["161"]))
    card = page.locator("article", has=page.locator(f"#forum-{forum.pk}"))
    assert page.get_by_text(member.get_full_name()).count() == 0
    card.locator("summary").click()
    card.get_by_role("cell", name=member.get_full_name(), exact=True).wait_for()
    # The administrator's link to end a membership comes with the members, as on the forum page.
    assert card.get_by_role("link", name=f"Afslut {member.get_full_name()}").is_visible()
    assert_no_serious_axe_violations(page)
    _shoot(page, f"municipality-{width}")

    page.goto(live_server.url + reverse("structure:district_chart", args=[place.police_district.slug]))
    section = page.locator("section.ssp-municipality-chart", has=page.locator("#municipality-161"))
    assert page.get_by_role("link", name=forum.name).count() == 0
    section.locator("summary").click()
    section.get_by_role("link", name=forum.name).wait_for()
    assert section.get_by_text(f"{forum.name} (Operativ) refererer til").is_visible()
    assert_no_serious_axe_violations(page)
    _shoot(page, f"district_chart-{width}")
    context.close()


def test_without_javascript_the_closed_sections_lead_to_the_forum_and_the_municipality_chart(
    browser: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    make_user: Callable[..., Any],
    build_forums: Callable[..., list[Forum]],
) -> None:
    forum = build_forums(1)[0]
    place = Municipality.objects.select_related("police_district").get(code="161")
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    browser_login(page, live_server, make_user())
    page.goto(live_server.url + reverse("structure:municipality", args=["161"]))
    page.locator("article", has=page.locator(f"#forum-{forum.pk}")).locator("summary").click()
    page.get_by_role("link", name=f"Se medlemmerne på siden for {forum.name}").click()
    assert page.url.endswith(reverse("structure:forum", args=[forum.pk]) + "#medlemmer")
    page.goto(live_server.url + reverse("structure:district_chart", args=[place.police_district.slug]))
    page.locator("section.ssp-municipality-chart", has=page.locator("#municipality-161")).locator("summary").click()
    page.get_by_role("link", name=f"Åbn organisationsdiagrammet for {place.name}").click()
    assert page.url.endswith(reverse("structure:municipality_chart", args=["161"]))
    context.close()
