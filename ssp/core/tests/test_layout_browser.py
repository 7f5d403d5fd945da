"""The layout in a real browser: checkboxes drawn at their label, the phone-width menu, no sideways scrolling.

Also the new administration pages (staff, outbox) at desktop and phone width with axe-core.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.mail.services import MailDraft, queue_mail
from ssp.testing.browser import PHONE, WIDEST, assert_no_serious_axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _click_every_checkbox_by_its_label(page: Any) -> int:
    """Click each labelled checkbox's label; the box must turn checked and sit at the label's left edge."""
    boxes = page.locator("form input[type=checkbox]")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        assert label.count() == 1, f"checkbox {box.get_attribute('name')} has no label"
        if box.is_checked():  # a box ticked by default is first cleared through its label
            label.click()
            assert not box.is_checked(), f"clicking »{label.inner_text()}« did not clear its box"
        label.click()
        assert box.is_checked(), f"clicking »{label.inner_text()}« did not check its box"
        box_area, label_area = box.bounding_box(), label.bounding_box()
        assert abs(box_area["x"] - label_area["x"]) < 4, f"»{label.inner_text()}«: the box is not at its label"
        assert label_area["y"] <= box_area["y"] + box_area["height"] / 2 <= label_area["y"] + label_area["height"]
    return int(boxes.count())


def test_every_checkbox_is_drawn_at_its_label_and_clicked_by_it(
    page: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    make_user: Callable[..., User],
    make_concern: Callable[..., Any],
    build_forums: Callable[..., list[Any]],
) -> None:
    consultant = make_user(role=StaffRole.SSP_CONSULTANT)
    concern = make_concern(responsible=consultant)
    forum = build_forums(1)[0]
    browser_login(page, live_server, consultant)

    counted = 0
    for path in (
        reverse("concerns:detail", args=[concern.pk]),  # "Oplysningerne er modtaget efter retsplejelovens §115"
        reverse("concerns:open"),  # "Rejst i skoleregi"
        reverse("accounts:account"),  # "Kun læseadgang"
    ):
        page.goto(live_server.url + path)
        counted += _click_every_checkbox_by_its_label(page)

    page.context.clear_cookies()
    browser_login(page, live_server, make_user(role=StaffRole.MUNICIPAL_ADMIN))
    page.goto(live_server.url + reverse("structure:forum_edit", args=[forum.pk]))  # the forum flags, "Slet" on seats
    counted += _click_every_checkbox_by_its_label(page)
    screenshot(page, "forum_edit_checkboxes")
    assert counted >= 6


def test_at_phone_width_a_button_opens_the_menu_and_no_page_scrolls_sideways(
    browser: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    make_user: Callable[..., User],
    make_concern: Callable[..., Any],
) -> None:
    consultant = make_user(role=StaffRole.SSP_CONSULTANT)
    concern = make_concern(responsible=consultant)
    context = browser.new_context(locale="da-DK", viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    browser_login(page, live_server, consultant)

    for name, path in (
        ("start", reverse("core:start")),
        ("concern", reverse("concerns:detail", args=[concern.pk])),
        ("calendar", reverse("meetings:calendar")),
        ("account", reverse("accounts:account")),
    ):
        page.goto(live_server.url + path)
        menu = page.locator("#ssp-main-menu")
        assert not menu.is_visible(), f"{path}: the menu should be folded at phone width"
        page.get_by_role("button", name="Menu").click()
        assert menu.get_by_role("link", name="Møder").is_visible()
        assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        widest = page.evaluate(WIDEST)
        assert width <= PHONE["width"], f"{path} is {width}px wide at phone width: {widest}"
        assert_no_serious_axe_violations(page)
        screenshot(page, f"phone_{name}")
    context.close()


def test_the_overflow_menu_is_named_in_the_pages_language(
    browser: Any, live_server: Any, browser_login: Callable[..., None], make_user: Callable[..., User]
) -> None:
    """The design system's script writes "Mere" on the menu that holds the items a narrow screen cannot fit."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1000, "height": 900}, bypass_csp=True)
    page = context.new_page()
    browser_login(page, live_server, make_user(role=StaffRole.MUNICIPAL_ADMIN))

    page.goto(live_server.url + reverse("core:start"))

    more = page.locator("#ssp-main-menu .more-button")
    assert page.locator("html").get_attribute("lang") == "en"
    assert more.inner_text() == "More"
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_the_administration_pages_pass_axe(
    browser: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    make_user: Callable[..., User],
    viewport: dict[str, int],
) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    teacher = make_user(role=StaffRole.SSP_TEACHER, email="laerer@glostrup.example")
    teacher.last_login = timezone.now() - timedelta(days=2)
    teacher.save(update_fields=["last_login"])
    queue_mail([MailDraft(recipient=teacher, subject="Indkaldelse: Lokalråd", body="Se dagsordenen på platformen")])
    context = browser.new_context(locale="da-DK", viewport=viewport, bypass_csp=True)
    page = context.new_page()
    browser_login(page, live_server, admin)

    for name, path in (
        ("staff_list", reverse("staff:list")),
        ("staff_detail", reverse("staff:detail", args=[teacher.pk])),
        ("staff_create", reverse("staff:create")),
        ("outbox", reverse("mail:outbox")),
        ("not_found", "/findes-ikke/"),
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path} is {width}px wide"
        assert_no_serious_axe_violations(page)
        screenshot(page, f"{name}_{viewport['width']}")
    context.close()
