"""The meeting pages in a real browser at desktop and phone width, with axe-core: a refused item keeps what was
typed with the error at its field, removing an item asks first (without script), the minutes form edits the
decision, and the start page shows the next meeting. (The confirmation is a link and a form: the view tests show it
needs no script.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ssp.meetings.models import AgendaItem, Decision
from ssp.meetings.services import add_agenda_item, record_item_minutes
from ssp.testing.browser import assert_fits_and_passes_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_coordinator_works_the_agenda(
    browser_login: Callable[..., None],
    browser: Any,
    live_server: Any,
    glostrup: Any,
    next_meeting: Any,
    make_pupil: Callable[..., Any],
    viewport: dict[str, int],
) -> None:
    make_pupil(glostrup.school_a, first_name="Mikkel", last_name="Sørensen")
    kept = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
    record_item_minutes(kept, actor=glostrup.consultant, text="Politiet orienterede.", decision="Natteravne kontaktes.")
    spare = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Eventuelt")
    context = browser.new_context(locale="da-DK", viewport=viewport, bypass_csp=True)
    page = context.new_page()
    browser_login(page, live_server, glostrup.consultant)

    page.goto(live_server.url + reverse("core:start"))
    assert page.get_by_role("heading", name="Næste møde").is_visible()
    page.locator("section[aria-labelledby=my-next-meeting]").get_by_role(
        "link", name="Samordningsmøde Glostrup"
    ).click()
    assert page.url.endswith(reverse("meetings:meeting", args=[next_meeting.pk]))

    form = page.locator("form:has(input[name=title])")
    form.locator("input[name=title]").fill("Orientering fra klubben")
    form.locator("textarea[name=description]").fill("Uro ved stationen.\nMikkel Sørensen var med.")
    form.get_by_role("button", name="Tilføj punkt").click()
    description = page.locator(".form-group:has(textarea[name=description])")
    assert "linje 2" in description.locator(".form-error-message").last.inner_text()
    assert page.locator("input[name=title]").input_value() == "Orientering fra klubben"
    assert "Mikkel Sørensen var med." in page.locator("textarea[name=description]").input_value()
    assert_fits_and_passes_axe(page, viewport)

    page.get_by_role("link", name="Fjern punkt 2").click()
    assert page.locator("h1").inner_text() == "Fjern punkt 2?"
    assert_fits_and_passes_axe(page, viewport)
    page.get_by_role("button", name="Ja, fjern punktet").click()
    assert not AgendaItem.objects.filter(pk=spare.pk).exists()
    assert AgendaItem.objects.filter(pk=kept.pk).exists()

    page.goto(live_server.url + reverse("meetings:item_minutes", args=[next_meeting.pk, kept.pk]))
    decision = page.locator("textarea[name=decision]")
    assert decision.input_value().strip() == "Natteravne kontaktes."
    assert_fits_and_passes_axe(page, viewport)
    decision.fill("")
    page.get_by_role("button", name="Gem referat").click()
    assert not Decision.objects.filter(item=kept).exists()
    context.close()
