"""End to end in a real browser, as the consultant: upload the week's daily report, confirm the grey-zone row,
import, put the intakes on the intervention meeting, record a decision and find it on the concern's timeline.
Every page passes axe at desktop width and at 390 px."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.intake.models import Intake, TriageItem
from ssp.intake.tests.conftest import Indsatsmoede, large_report
from ssp.testing.browser import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WIDTHS = (1280, 390)
LOLLAND = "360"


def _check(page: Any, name: str) -> None:
    """axe at both widths; a screenshot of each for looking at by eye (SSP_SCREENSHOT_DIR)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.locator("h1").count() == 1, page.url
        assert_no_serious_axe_violations(page)
        if shots := os.environ.get("SSP_SCREENSHOT_DIR"):
            page.screenshot(path=str(Path(shots) / f"intake-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_from_the_daily_report_to_the_concerns_timeline(
    page: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    guldborgsund_children: list[Citizen],
    indsatsmoede: Indsatsmoede,
) -> None:
    browser_login(page, live_server, indsatsmoede.consultant)
    page.goto(live_server.url + reverse("intake:upload"))
    _check(page, "upload")
    report = resources.files("ssp.intake").joinpath("data/demo_daily_report_guldborgsund.csv")
    with resources.as_file(report) as path:
        page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Læs filen").click()
    page.wait_for_url("**/forhaandsvisning/**")
    _check(page, "preview")

    row = page.locator("#raekke-10")
    row.get_by_role("button", name="Bekræft: samme barn").first.click()
    page.locator("#raekke-10 >> text=bekræftet").wait_for()
    page.locator("#raekke-23").get_by_role("button", name="Afvis: et andet barn (ny borger)").click()
    page.locator("#raekke-23 >> text=afvist: ny borger").wait_for()
    page.get_by_role("button", name="Indlæs").click()
    page.wait_for_url("**/doegnrapport/")
    assert Intake.objects.count() == 16
    _check(page, "queue")

    page.get_by_role("button", name="Sæt på næste indsatsmøde").click()
    page.wait_for_url("**/indsatsmoede/**")
    _check(page, "agenda")
    item = TriageItem.objects.get(meeting=indsatsmoede.meeting, number=1)
    page.locator(f"#punkt-{item.number}").get_by_role("link", name="Registrér beslutning").click()
    page.wait_for_url("**/beslutning/")
    _check(page, "decide")
    section = page.locator("main")
    section.get_by_label(indsatsmoede.police.get_full_name()).first.check()
    section.get_by_label(indsatsmoede.consultant.get_full_name()).first.check()
    section.get_by_label("Beslutning").select_option("ssp_task")
    field = f"[name=item{item.pk}-%s]"
    section.locator(field % "first_action").select_option("concern_letter")
    section.locator(field % "first_action_owner").select_option(str(indsatsmoede.police.pk))
    section.locator(field % "first_action_due").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    section.get_by_role("button", name="Registrér beslutning").click()
    page.wait_for_url("**/indsatsmoede/**")
    page.locator(f"#punkt-{item.number} >> text=Se sagens tidslinje").click()
    page.wait_for_url("**/sager/**")
    assert "Indsatsmøde" in page.content() and "Bekymringsbrev" in page.content()


def test_a_large_report_shows_its_reading_and_opens_the_preview(
    page: Any,
    live_server: Any,
    browser_login: Callable[..., None],
    guldborgsund_children: list[Citizen],
    consultant: User,
    tmp_path: Path,
) -> None:
    browser_login(page, live_server, consultant)
    demo = resources.files("ssp.intake").joinpath("data/demo_daily_report_guldborgsund.csv").read_bytes()
    report = tmp_path / "doegnrapport-hele-kredsen.csv"
    # The district's report: the consultant's preview holds Guldborgsund's week, the rest goes to Lolland's inbox.
    report.write_bytes(large_report(demo, repeats_about=LOLLAND))
    page.goto(live_server.url + reverse("intake:upload"))
    page.set_input_files("input[type=file]", str(report))
    page.get_by_role("button", name="Læs filen").click()
    page.wait_for_url("**/indlaesning/**")
    page.get_by_text("rækker læst").wait_for()
    _check(page, "reading")

    # The real worker reads the file; the page's next poll finds it done and opens the preview.
    call_command("db_worker", batch=True, startup_delay=False, interval=0, reload=False, verbosity=0)
    page.wait_for_url("**/forhaandsvisning/**")
    assert page.locator("h1").count() == 1
