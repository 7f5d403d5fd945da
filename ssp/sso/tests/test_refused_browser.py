"""The refusal page of a federated log-in in a real browser, at desktop width and at 390 px, with axe."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ssp.testing.browser import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_refusal_page_reads_well_and_passes_axe(
    browser: Any, live_server: Any, reference_data: None, width: int
) -> None:
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        response = page.goto(live_server.url + "/sso/afvist/")
        assert response is not None and response.status == 403
        assert page.locator("h1").inner_text() == "Ingen adgang til SSP-platformen"
        assert page.get_by_role("link", name="Tilbage til log-in").is_visible()
        assert_no_serious_axe_violations(page)
        if shots := os.environ.get("SSP_SCREENSHOT_DIR"):
            page.screenshot(path=str(Path(shots) / f"sso_refused_{width}.png"), full_page=True)
    finally:
        context.close()
