"""Error pages: the platform's layout with the menu and a way back, in Danish and English."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole


def _is_platform_page(body: str) -> bool:
    return 'class="navigation-menu"' in body and 'href="/"' in body and "Til forsiden" in body


def _main(body: str) -> str:
    return body[body.index("<main") : body.index("</main>")]


def test_a_missing_page_is_a_404_in_the_layout_with_the_menu(make_user: Any, login: Any) -> None:
    response = login(make_user()).get("/findes-ikke/")
    body = response.content.decode()
    assert response.status_code == 404
    assert _is_platform_page(body) and "Siden findes ikke" in body


def test_a_refused_page_is_a_403_in_the_layout(make_user: Any, login: Any) -> None:
    response = login(make_user(role=StaffRole.SSP_CONSULTANT)).get(reverse("mail:outbox"))
    assert response.status_code == 403
    assert _is_platform_page(response.content.decode()) and "Du har ikke adgang" in response.content.decode()


def test_the_error_page_speaks_english_when_asked(make_user: Any, login: Any) -> None:
    client = login(make_user())
    response = client.get("/findes-ikke/", headers={"accept-language": "en"})
    body = response.content.decode()
    assert response.status_code == 404 and "Page not found" in body and "To the front page" in body


def test_another_municipalitys_meeting_answers_as_if_it_did_not_exist(make_user: Any, login: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from ssp.meetings.services import create_meeting
    from ssp.structure.models import Forum, ForumKind, Level, Municipality

    holstebro = Municipality.objects.get(code="661")
    forum = Forum.objects.create(
        kind=ForumKind.LOCAL_COUNCIL, name="Fejlsidetest, Holstebro", municipality=holstebro, level=Level.OPERATIVE
    )
    consultant = make_user(municipality="661")
    starts = timezone.now() + timedelta(days=7)
    meeting = create_meeting(
        forum, starts_at=starts, ends_at=starts + timedelta(hours=2), place="Rådhuset", actor=consultant
    )
    client = login(make_user(municipality="161"))

    foreign = client.get(reverse("meetings:meeting", args=[meeting.pk]))
    missing = client.get(reverse("meetings:meeting", args=[meeting.pk + 1000]))

    assert foreign.status_code == missing.status_code == 404
    assert _main(foreign.content.decode()) == _main(missing.content.decode())


@pytest.mark.urls("ssp.core.tests.error_urls")
def test_a_bug_is_a_500_in_the_layout(make_user: Any, login: Any) -> None:
    client = login(make_user())
    client.raise_request_exception = False
    response = client.get("/test-fejl/500/")
    assert response.status_code == 500 and _is_platform_page(response.content.decode())


@pytest.mark.urls("ssp.core.tests.error_urls")
def test_tampered_input_is_a_400_in_the_layout(make_user: Any, login: Any) -> None:
    response = login(make_user()).get("/test-fejl/400/")
    assert response.status_code == 400 and _is_platform_page(response.content.decode())
