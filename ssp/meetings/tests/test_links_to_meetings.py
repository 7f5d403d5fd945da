"""Pages lead to what exists: the calendar subscription from the calendar and the account page, and a forum's
meetings from the forum's page for those the calendar will open."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_calendar_and_the_account_page_lead_to_the_calendar_subscription(glostrup, login) -> None:
    client = login(glostrup.teacher_a)
    feed = f'href="{reverse("meetings:feed_settings")}"'

    assert feed in client.get(reverse("meetings:calendar")).content.decode()
    assert feed in client.get(reverse("meetings:forum", args=[glostrup.forum.pk])).content.decode()
    assert feed in client.get(reverse("accounts:account")).content.decode()


def test_the_forum_page_leads_its_members_to_the_forums_meetings(glostrup, login) -> None:
    url = reverse("structure:forum", args=[glostrup.forum.pk])
    calendar = f'href="{reverse("meetings:forum", args=[glostrup.forum.pk])}"'

    assert calendar in login(glostrup.teacher_a).get(url).content.decode()
    # The structure is public to staff; the calendar is not, so the link is not offered to an outsider.
    outsider_page = login(glostrup.outsider).get(url)
    assert outsider_page.status_code == 200 and calendar not in outsider_page.content.decode()
    assert login(glostrup.outsider).get(reverse("meetings:forum", args=[glostrup.forum.pk])).status_code == 403
