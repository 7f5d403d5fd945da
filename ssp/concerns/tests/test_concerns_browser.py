""" "Mine sager" and the citizen search in a real browser at desktop and phone width, with axe-core: the search finds
by name without putting it in the address, every row shows its case number, and a hidden CPR match in the own
municipality leads to the emergency-access form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole, User
from ssp.testing.browser import assert_fits_and_passes_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_consultant_searches_their_cases_and_asks_for_emergency_access(
    browser_login: Callable[..., None],
    browser: Any,
    live_server: Any,
    make_user: Callable[..., User],
    make_concern: Callable[..., Any],
    viewport: dict[str, int],
) -> None:
    me = make_user(role=StaffRole.SSP_CONSULTANT)
    anna = make_concern(responsible=me, first_name="Anna", last_name="Fiktivsen")
    bo = make_concern(responsible=me, first_name="Bo", last_name="Opdigtet")
    hidden = make_concern()
    context = browser.new_context(locale="da-DK", viewport=viewport, bypass_csp=True)
    page = context.new_page()
    browser_login(page, live_server, me)

    page.goto(live_server.url + reverse("concerns:mine"))
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert {rows.nth(i).locator("td").first.inner_text() for i in range(2)} == {str(anna.pk), str(bo.pk)}
    assert_fits_and_passes_axe(page, viewport)
    page.get_by_role("textbox", name="Søg").fill("Anna")
    page.get_by_role("button", name="Søg").click()
    assert page.locator("tbody tr").count() == 1 and "Anna Fiktivsen" in page.locator("tbody").inner_text()
    assert "Anna" not in page.url
    assert_fits_and_passes_axe(page, viewport)

    page.goto(live_server.url + reverse("concerns:open"))
    page.get_by_label("CPR-nummer").fill(hidden.citizen.cpr)
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="Bed om nødadgang").click()
    assert page.locator("textarea[name=reason], input[name=reason]").count() == 1
    assert_fits_and_passes_axe(page, viewport)
    context.close()
