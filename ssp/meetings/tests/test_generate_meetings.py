"""generate_meetings: proposals from the cadence, rotation, anchors, and regeneration that keeps edits."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import holidays
import pytest
from django.utils import timezone

from ssp.meetings.models import Meeting, MeetingStatus
from ssp.meetings.services import (
    add_agenda_item,
    add_blackout_period,
    cancel_meeting,
    generate_meetings,
    move_meeting,
)
from ssp.structure.models import Forum, ForumKind, Level, Municipality

pytestmark = pytest.mark.django_db
START, END = date(2027, 1, 1), date(2027, 12, 31)


def local_dates(forum: Forum) -> list[date]:
    return [timezone.localtime(m.starts_at).date() for m in Meeting.objects.filter(forum=forum).order_by("starts_at")]


def test_it_creates_the_yearly_count_on_working_days(glostrup) -> None:
    result = generate_meetings(glostrup.forum, start=START, end=END, actor=glostrup.consultant)
    days = local_dates(glostrup.forum)
    assert result.created == 25 == len(days)
    dk = holidays.country_holidays("DK", years=2027)
    assert all(day.weekday() < 5 and day not in dk for day in days)
    assert all(m.generated and not m.changed_by_user for m in Meeting.objects.filter(forum=glostrup.forum))


def test_it_skips_the_municipality_blackout_periods(glostrup) -> None:
    add_blackout_period(
        glostrup.municipality,
        starts_on=date(2027, 6, 26),
        ends_on=date(2027, 8, 8),
        reason="Sommerferie",
        actor=glostrup.consultant,
    )
    generate_meetings(glostrup.forum, start=START, end=END, actor=glostrup.consultant)
    assert not [day for day in local_dates(glostrup.forum) if date(2027, 6, 26) <= day <= date(2027, 8, 8)]


def test_regenerating_is_idempotent(glostrup) -> None:
    generate_meetings(glostrup.forum, start=START, end=END, actor=glostrup.consultant)
    before = list(Meeting.objects.filter(forum=glostrup.forum).values_list("pk", "starts_at", "uid", "sequence"))
    result = generate_meetings(glostrup.forum, start=START, end=END, actor=glostrup.consultant)
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert (
        list(Meeting.objects.filter(forum=glostrup.forum).values_list("pk", "starts_at", "uid", "sequence")) == before
    )


def test_regenerating_never_overwrites_a_changed_meeting(glostrup) -> None:
    generate_meetings(glostrup.forum, start=START, end=END, actor=glostrup.consultant)
    moved, cancelled = Meeting.objects.filter(forum=glostrup.forum).order_by("starts_at")[:2]
    new_start = moved.starts_at + timedelta(days=1, hours=3)
    move_meeting(
        moved,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=1),
        place="Politistationen",
        actor=glostrup.consultant,
    )
    cancel_meeting(cancelled, actor=glostrup.consultant)
    glostrup.forum.meetings_per_year_max = 12
    glostrup.forum.save()
    result = generate_meetings(glostrup.forum, start=START, end=END, actor=glostrup.consultant)
    moved.refresh_from_db()
    cancelled.refresh_from_db()
    assert (moved.starts_at, moved.place) == (new_start, "Politistationen")
    assert cancelled.status == MeetingStatus.CANCELLED
    assert result.kept >= 1
    assert Meeting.objects.filter(forum=glostrup.forum, changed_by_user=False).count() <= 12


def test_a_proposal_with_items_is_not_removed(glostrup) -> None:
    generate_meetings(glostrup.forum, start=START, end=END, actor=glostrup.consultant)
    last = Meeting.objects.filter(forum=glostrup.forum).order_by("starts_at").last()
    assert last is not None
    add_agenda_item(last, actor=glostrup.consultant, title="Tryghed i bymidten")
    glostrup.forum.meetings_per_year_max = 12
    glostrup.forum.save()
    result = generate_meetings(glostrup.forum, start=START, end=END, actor=glostrup.consultant)
    assert result.removed > 0
    assert Meeting.objects.filter(pk=last.pk).exists()


def test_host_rotates_fairly_among_member_municipalities(db) -> None:
    district_forum = Forum.objects.filter(kind=ForumKind.SSP_DISTRICT_NETWORK).first()
    assert district_forum is not None
    members = list(Municipality.objects.filter(police_district=district_forum.police_district)[:3])
    district_forum.member_municipalities.set(members)
    district_forum.rotates_host = True
    district_forum.meetings_per_year_min = district_forum.meetings_per_year_max = 4
    district_forum.recurrence_rule = ""
    district_forum.anchor_months = []
    district_forum.save()
    generate_meetings(district_forum, start=START, end=date(2029, 12, 31), actor=None)
    hosts = Counter(Meeting.objects.filter(forum=district_forum).values_list("host_id", flat=True))
    assert set(hosts) == {m.pk for m in members}
    assert max(hosts.values()) - min(hosts.values()) <= 1
    first = Meeting.objects.filter(forum=district_forum).order_by("starts_at").first()
    assert first is not None and first.host is not None and first.place == first.host.name


def test_anchors_of_the_seeds_are_kept(db) -> None:
    glostrup = Municipality.objects.get(code="161")
    kredsraad = Forum.objects.filter(kind=ForumKind.DISTRICT_COUNCIL).first()
    lokalraad = Forum.objects.filter(kind=ForumKind.LOCAL_COUNCIL, municipality=glostrup).first()
    assert kredsraad is not None and lokalraad is not None
    school = Forum.objects.create(
        kind=ForumKind.SSP_LOCAL_NETWORK,
        name="Lokalt SSP-møde Vestervangskolen",
        municipality=glostrup,
        level=Level.EXECUTIVE,
        meetings_per_year_min=1,
        meetings_per_year_max=2,
        anchor_months=[9],
    )
    for forum, month in ((kredsraad, 12), (lokalraad, 1), (school, 9)):
        forum.anchor_months = [month]
        forum.recurrence_rule = ""
        forum.meetings_per_year_min = forum.meetings_per_year_min or 1
        forum.save()
        generate_meetings(forum, start=START, end=END, actor=None)
        assert month in [day.month for day in local_dates(forum)], forum.name
    assert [day.month for day in local_dates(school)] == [9]
