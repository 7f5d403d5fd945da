"""Calendar pages per user, forum and municipality (month and year views) and the generate action."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.meetings.models import Meeting
from ssp.meetings.services import generate_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2027(glostrup) -> None:
    generate_meetings(glostrup.forum, start=date(2027, 1, 1), end=date(2027, 12, 31), actor=glostrup.consultant)


def test_my_calendar_month_view_lists_my_forums_meetings(glostrup, year_2027, login, django_assert_num_queries) -> None:
    client = login(glostrup.teacher_a)
    url = reverse("meetings:calendar") + "?year=2027&month=3"
    client.get(url)
    # +1: the entries other capabilities put on the calendar (the annual cycle's milestones, ssp.plans).
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    march = Meeting.objects.filter(forum=glostrup.forum, starts_at__month=3, starts_at__year=2027).count()
    assert march >= 2
    assert response.content.decode().count("Samordningsmøde Glostrup") == march


def test_forum_year_view_lists_every_meeting(glostrup, year_2027, login, django_assert_num_queries) -> None:
    client = login(glostrup.consultant)
    url = reverse("meetings:forum", args=[glostrup.forum.pk]) + "?year=2027&view=year"
    client.get(url)
    # +1: the entries other capabilities put on the calendar (the annual cycle's milestones, ssp.plans).
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count('href="/moeder/moede/') == 25
    assert "Foreslå møder" in response.content.decode()


def test_municipality_calendar_shows_the_municipality_forums(
    glostrup, year_2027, login, django_assert_num_queries
) -> None:
    client = login(glostrup.caseworker)
    url = reverse("meetings:municipality", args=["glostrup"]) + "?year=2027&month=5"
    client.get(url)
    # +1: the entries other capabilities put on the calendar (the annual cycle's milestones, ssp.plans).
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert "Samordningsmøde Glostrup" in response.content.decode()


def test_bad_period_falls_back_to_this_month(glostrup, login) -> None:
    response = login(glostrup.consultant).get(reverse("meetings:calendar") + "?year=abc&month=13")
    assert response.status_code == 200


def test_outsider_is_refused_forum_and_municipality_calendars(glostrup, login) -> None:
    client = login(glostrup.outsider)
    assert client.get(reverse("meetings:forum", args=[glostrup.forum.pk])).status_code == 403
    assert client.get(reverse("meetings:municipality", args=["glostrup"])).status_code == 403
    assert (
        client.post(
            reverse("meetings:generate", args=[glostrup.forum.pk]), {"start": "2027-01-01", "end": "2027-12-31"}
        ).status_code
        == 403
    )


def test_anonymous_is_sent_to_log_in(client, glostrup) -> None:
    for url in (
        reverse("meetings:calendar"),
        reverse("meetings:forum", args=[glostrup.forum.pk]),
        reverse("meetings:municipality", args=["glostrup"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_member_without_coordinator_role_cannot_generate(glostrup, login) -> None:
    response = login(glostrup.teacher_a).post(
        reverse("meetings:generate", args=[glostrup.forum.pk]), {"start": "2027-01-01", "end": "2027-12-31"}
    )
    assert response.status_code == 403
    assert not Meeting.objects.filter(forum=glostrup.forum).exists()


def test_coordinator_generates_from_the_page(glostrup, login) -> None:
    response = login(glostrup.consultant).post(
        reverse("meetings:generate", args=[glostrup.forum.pk]),
        {"start": "2027-01-01", "end": "2027-06-30"},
        follow=True,
    )
    assert "12 nye" in response.content.decode() or "13 nye" in response.content.decode()
    assert Meeting.objects.filter(forum=glostrup.forum).count() in (12, 13)


def test_generate_refuses_a_reversed_period(glostrup, login) -> None:
    response = login(glostrup.consultant).post(
        reverse("meetings:generate", args=[glostrup.forum.pk]),
        {"start": "2027-06-30", "end": "2027-01-01"},
        follow=True,
    )
    assert "Slutdatoen skal ligge efter startdatoen." in response.content.decode()
    assert not Meeting.objects.filter(forum=glostrup.forum).exists()


def test_police_of_the_district_see_the_municipality_calendar(glostrup, make_user, login) -> None:
    officer = make_user(
        StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=glostrup.municipality.police_district
    )
    assert login(officer).get(reverse("meetings:municipality", args=["glostrup"])).status_code == 200
