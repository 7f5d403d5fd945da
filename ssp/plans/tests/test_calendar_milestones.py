"""The annual cycle's milestones on the meetings calendars (month, year, forum, municipality) and in the personal
iCalendar feed: the meetings capability asks the plans capability's registered source, and shows each milestone
only to staff of the district."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from icalendar import Calendar

from ssp.accounts.models import User
from ssp.meetings import services as meeting_services
from ssp.plans import services
from ssp.plans.cycle import cycle_dates
from ssp.plans.models import AnnualCycle, MilestoneKind
from ssp.plans.tests.conftest import Sydost

pytestmark = pytest.mark.django_db
YEAR = 2027
APPROVAL = "Milepæl: Kredsrådet godkender samarbejdsplanen"
ADOPTION = "Milepæl: Lokalrådet vedtager den samordnede handlingsplan"


@pytest.fixture
def annual(sydost: Sydost) -> AnnualCycle:
    return services.generate_cycle(sydost.district, year=YEAR, actor=sydost.secretariat)


def _month(client: Any, url: str, day: date) -> str:
    return str(client.get(f"{url}?year={day.year}&month={day.month}").content.decode())


def test_my_calendar_shows_the_districts_and_my_municipalitys_milestones(
    sydost: Sydost, annual: AnnualCycle, login: Callable[[User], Any]
) -> None:
    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    adoptions = annual.milestones.filter(kind=MilestoneKind.ACTION_PLAN_ADOPTED)
    horsens = adoptions.get(municipality=sydost.horsens)
    assert adoptions.count() > 1  # every municipality of the district has its own January step
    client = login(sydost.consultant)

    december = _month(client, reverse("meetings:calendar"), approval.due_on)
    assert APPROVAL in december and approval.due_on.strftime("%d.%m.%Y") in december
    assert reverse("plans:cycle", args=[sydost.district.slug, YEAR]) in december
    january = _month(client, reverse("meetings:calendar"), cycle_dates(YEAR).action_plan_adopted)
    assert january.count(ADOPTION) == 1 and f"{ADOPTION}</a>, {sydost.horsens.name}" in january
    year_view = client.get(reverse("meetings:calendar") + f"?year={YEAR}&view=year").content.decode()
    assert ADOPTION in year_view and horsens.due_on.strftime("%d.%m.%Y") in year_view


def test_the_forum_and_municipality_calendars_show_their_milestones(
    sydost: Sydost, annual: AnnualCycle, login: Callable[[User], Any]
) -> None:
    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    assert approval.meeting is not None and approval.meeting.forum == sydost.council
    client = login(sydost.secretariat)
    council = _month(client, reverse("meetings:forum", args=[sydost.council.pk]), approval.due_on)
    assert APPROVAL in council
    lokalraad = _month(client, reverse("meetings:forum", args=[sydost.lokalraad.pk]), approval.due_on)
    assert APPROVAL not in lokalraad  # the Kredsråd's step is not the Lokalråd's

    client = login(sydost.consultant)
    january = _month(
        client, reverse("meetings:municipality", args=[sydost.horsens.slug]), cycle_dates(YEAR).action_plan_adopted
    )
    assert january.count(ADOPTION) == 1
    assert APPROVAL in _month(client, reverse("meetings:municipality", args=[sydost.horsens.slug]), approval.due_on)


def test_staff_of_another_district_see_no_milestone(
    sydost: Sydost, annual: AnnualCycle, login: Callable[[User], Any]
) -> None:
    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    client = login(sydost.outsider)
    assert "Milepæl" not in _month(client, reverse("meetings:calendar"), approval.due_on)
    glostrup = client.get(reverse("meetings:municipality", args=["glostrup"]) + f"?year={YEAR}&view=year")
    assert "Milepæl" not in glostrup.content.decode()


def test_the_feed_carries_the_milestones_as_whole_days(
    sydost: Sydost, annual: AnnualCycle, login: Callable[[User], Any]
) -> None:
    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    token = meeting_services.renew_calendar_feed(sydost.consultant, actor=sydost.consultant)
    calendar = Calendar.from_ical(login(sydost.consultant).get(reverse("meetings:feed", args=[token])).content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    event = events[f"plans-milestone-{approval.pk}@ssp-platformen"]
    assert str(event["summary"]) == APPROVAL
    assert event.decoded("dtstart") == approval.due_on
    assert str(event["url"]).endswith(reverse("plans:cycle", args=[sydost.district.slug, YEAR]))

    outsider_token = meeting_services.renew_calendar_feed(sydost.outsider, actor=sydost.outsider)
    other = Calendar.from_ical(login(sydost.outsider).get(reverse("meetings:feed", args=[outsider_token])).content)
    assert not [e for e in other.walk("VEVENT") if str(e["uid"]).startswith("plans-milestone-")]


def test_the_calendar_reads_the_milestones_in_one_query_whatever_their_number(
    sydost: Sydost, login: Callable[[User], Any], django_assert_num_queries: Any
) -> None:
    services.generate_cycle(sydost.district, year=YEAR, actor=sydost.secretariat)
    client = login(sydost.consultant)
    url = reverse("meetings:calendar") + f"?year={YEAR}&view=year"
    client.get(url)
    # Session, user, the second factor's check, the meetings, and one query for the milestones.
    with django_assert_num_queries(5):
        before = client.get(url).content.decode().count("Milepæl:")
    # Next year's cycle puts its national focus areas, draft and December approval on this year's calendar.
    services.generate_cycle(sydost.district, year=YEAR + 1, actor=sydost.secretariat)
    with django_assert_num_queries(5):
        after = client.get(url).content.decode().count("Milepæl:")
    assert (before, after) == (4, 7)
