"""The forum's year: held, planned and cancelled meetings, attendance per organisation, open agreements."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.meetings.selectors import forum_year
from ssp.meetings.services import (
    add_agenda_item,
    add_agreement,
    cancel_meeting,
    create_meeting,
    mark_meeting_held,
    record_attendance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(glostrup):
    g = glostrup
    year = timezone.localdate().year
    meetings = []
    for month in (2, 3, 4, 5):
        starts = timezone.make_aware(datetime(year, month, 10, 9, 0))
        meetings.append(
            create_meeting(g.forum, starts_at=starts, ends_at=starts + timedelta(hours=2), place="", actor=g.consultant)
        )
    for meeting in meetings[:3]:
        item = add_agenda_item(meeting, actor=g.consultant, title="Status")
        present = [g.police, g.teacher_a] if meeting is meetings[0] else [g.police]
        record_attendance(item, actor=g.consultant, present=present, remote=[])
        mark_meeting_held(meeting, actor=g.consultant)
    cancel_meeting(meetings[3], actor=g.consultant)
    add_agreement(
        meetings[0], actor=g.consultant, what="Kontakt natteravnene", owner=g.police, due_on=timezone.localdate()
    )
    return year


def test_counts_attendance_and_open_agreements(glostrup, year) -> None:
    overview = forum_year(glostrup.forum, year)
    (row,) = overview.forums
    assert (row.held, row.planned, row.cancelled) == (3, 0, 1)
    rates = {row.organisation: (row.attended, row.held, row.rate) for row in overview.attendance}
    assert rates["Københavns Vestegns Politi, forebyggelse"] == (3, 3, 100)
    assert rates["Vestervangskolen"] == (1, 3, 33)
    assert rates["Varmeværket"] == (0, 3, 0)
    assert [(a.what, days) for a, days in overview.open_agreements] == [("Kontakt natteravnene", 0)]


def test_forum_and_municipality_year_pages(glostrup, year, login, django_assert_num_queries) -> None:
    client = login(glostrup.consultant)
    url = reverse("meetings:forum_year", args=[glostrup.forum.pk, year])
    client.get(url)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert "100 %" in response.content.decode()
    response = client.get(reverse("meetings:municipality_year", args=["glostrup", year]))
    assert "Samordningsmøde Glostrup" in response.content.decode()


def test_year_pages_refuse_outsiders(glostrup, year, login) -> None:
    client = login(glostrup.outsider)
    assert client.get(reverse("meetings:forum_year", args=[glostrup.forum.pk, year])).status_code == 403
    assert client.get(reverse("meetings:municipality_year", args=["glostrup", year])).status_code == 403
