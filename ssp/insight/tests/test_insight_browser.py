"""The insight pages in a real browser, as a Holstebro SSP consultant, at desktop width and at 390 px, with axe."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import User
from ssp.insight.models import SurveyWave
from ssp.insight.tests.conftest import pair_rows
from ssp.structure.models import Organisation
from ssp.testing.browser import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_insight_page_passes_axe_on_desktop_and_phone(
    page: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    import_wave: Callable[..., SurveyWave],
    schools: list[Organisation],
    consultant: User,
    width: int,
) -> None:
    rows = []
    for grade in (7, 8, 9):
        rows += pair_rows("Sønderlandsskolen", grade, 30, 6 + grade, 18) + pair_rows(
            "Nørrelandsskolen", grade, 25, 10, 12
        )
    waves = [import_wave(rows, year=year) for year in (2021, 2023, 2025)]
    school = Organisation.objects.get(name="Sønderlandsskolen")
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live_server, consultant)
    paths = {
        "dashboard": reverse("insight:municipality", args=["holstebro"]),
        "wave": reverse("insight:wave", args=[waves[-1].pk]),
        "exaggeration": reverse("insight:exaggeration", args=[waves[-1].pk, "alkohol"]),
        "print": reverse("insight:exaggeration_print", args=[waves[-1].pk, "alkohol", school.pk, 7]),
        "import": reverse("insight:import"),
    }
    for name, path in paths.items():
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("svg[role=img] title").count() >= (1 if name not in ("import",) else 0)
        assert_no_serious_axe_violations(page)
        if shots := os.environ.get("SSP_SCREENSHOT_DIR"):
            page.screenshot(path=str(Path(shots) / f"insight-{name}-{width}.png"), full_page=True)
    # Nothing scrolls sideways on a phone except inside the scrollable tables.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
