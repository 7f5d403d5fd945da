"""generate_meetings_for: a national year in a fixed number of queries, with the same result as one by one."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ssp.meetings import cadence
from ssp.meetings.models import Meeting, MeetingStatus
from ssp.meetings.services import add_blackout_period, generate_meetings, generate_meetings_for
from ssp.structure.models import Forum, ForumKind, Level, Municipality

pytestmark = pytest.mark.django_db
START, END = date(2027, 1, 1), date(2027, 12, 31)


def _forums(count: int, skip: int = 0) -> list[Forum]:
    municipalities = list(Municipality.objects.order_by("code")[skip : skip + count])
    return [
        Forum.objects.create(
            kind=ForumKind.SSP_LOCAL_NETWORK,
            name=f"Netværk {n}",
            municipality=municipality,
            level=Level.EXECUTIVE,
            meetings_per_year_min=4,
            meetings_per_year_max=4,
        )
        for n, municipality in enumerate(municipalities)
    ]


def _varied_forums(skip: int = 0) -> list[Forum]:
    """The seeds' cadences: a weekly rule, a monthly rule, a count anchored in September, a range, rotating hosts."""
    municipalities = list(Municipality.objects.order_by("code")[skip : skip + 6])
    cadences: list[dict[str, Any]] = [
        {"recurrence_rule": "FREQ=WEEKLY;BYDAY=TU"},
        {"recurrence_rule": "FREQ=MONTHLY;BYDAY=1TH"},
        {"meetings_per_year_min": 1, "meetings_per_year_max": 2, "anchor_months": [9]},
        {"meetings_per_year_min": 12, "meetings_per_year_max": 25, "cancel_without_items": True},
    ]
    forums = [
        Forum.objects.create(
            kind=ForumKind.SSP_LOCAL_NETWORK,
            name=f"Kadence {n}",
            municipality=municipality,
            level=Level.EXECUTIVE,
            **cadences[n % len(cadences)],
        )
        for n, municipality in enumerate(municipalities[:4])
    ]
    rotating = Forum.objects.create(
        kind=ForumKind.SSP_DISTRICT_NETWORK,
        name="Samråd med skiftende vært",
        police_district=municipalities[4].police_district,
        level=Level.TACTICAL,
        meetings_per_year_min=4,
        meetings_per_year_max=4,
        rotates_host=True,
    )
    rotating.member_municipalities.set(municipalities[4:6])
    return [*forums, rotating]


def _calendar(forums: list[Forum]) -> list[tuple[int, date | None, int | None, str]]:
    rows = Meeting.objects.filter(forum__in=forums).order_by("forum_id", "starts_at")
    return list(rows.values_list("forum_id", "generated_for", "host_id", "place"))


def test_it_writes_any_number_of_forums_in_the_same_number_of_queries(django_assert_num_queries) -> None:
    three, nine = _forums(3), _forums(9, skip=3)
    # Context (members, hosted, blackouts, existing, places) and one bulk insert (nothing stale to delete),
    # with a savepoint and its release around the atomic block.
    with django_assert_num_queries(8):
        three_result = generate_meetings_for(three, start=START, end=END, actor=None)
    with django_assert_num_queries(8):
        nine_result = generate_meetings_for(nine, start=START, end=END, actor=None)
    assert (three_result.created, nine_result.created) == (12, 36)


def test_it_proposes_what_generating_each_forum_alone_proposes(glostrup) -> None:
    add_blackout_period(
        glostrup.municipality,
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 3, 31),
        reason="Vinter",
        actor=glostrup.consultant,
    )
    forums = [*_forums(4), glostrup.forum]
    generate_meetings_for(forums, start=START, end=END, actor=None)
    together = _calendar(forums)
    Meeting.objects.filter(forum__in=forums).delete()
    for forum in forums:
        generate_meetings(forum, start=START, end=END, actor=None)
    assert _calendar(forums) == together
    glostrup_days = [day for forum_id, day, _host, _place in together if forum_id == glostrup.forum.pk]
    assert glostrup_days and not [d for d in glostrup_days if d and date(2027, 2, 1) <= d <= date(2027, 3, 31)]


def test_running_it_again_changes_nothing() -> None:
    forums = _forums(3)
    generate_meetings_for(forums, start=START, end=END, actor=None)
    before = _calendar(forums)
    result = generate_meetings_for(forums, start=START, end=END, actor=None)
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert _calendar(forums) == before


def test_every_cadence_gives_the_dates_the_cadence_rule_proposes_at_the_default_slot() -> None:
    forums = _varied_forums()

    generate_meetings_for(forums, start=START, end=END, actor=None)

    for forum in forums:
        meetings = list(Meeting.objects.filter(forum=forum).order_by("starts_at"))
        per_year = cadence.yearly_count(
            minimum=forum.meetings_per_year_min,
            maximum=forum.meetings_per_year_max,
            cancel_without_items=forum.cancel_without_items,
        )
        expected = cadence.proposed_dates(
            start=START,
            end=END,
            recurrence_rule=forum.recurrence_rule,
            per_year=per_year,
            anchor_months=forum.anchor_months or [],
        )
        assert expected and [m.generated_for for m in meetings] == expected
        for meeting in meetings:
            local = timezone.localtime(meeting.starts_at)
            assert (local.date(), local.time()) == (meeting.generated_for, time(9, 0))
            assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)
            assert (meeting.status, meeting.generated, meeting.changed_by_user, meeting.sequence) == (
                MeetingStatus.PLANNED,
                True,
                False,
                0,
            )
            assert meeting.created_at is not None
    uids = list(Meeting.objects.filter(forum__in=forums).values_list("uid", flat=True))
    assert len(set(uids)) == len(uids)


def test_a_rotating_forum_gives_each_member_its_turn_and_names_the_host_as_the_place() -> None:
    rotating = _varied_forums()[-1]

    generate_meetings_for([rotating], start=START, end=END, actor=None)

    meetings = list(Meeting.objects.filter(forum=rotating).select_related("host").order_by("starts_at"))
    members = sorted(rotating.member_municipalities.values_list("pk", flat=True))
    assert [m.host_id for m in meetings] == [members[0], members[1], members[0], members[1]]
    assert all(m.place == m.host.name for m in meetings if m.host is not None)


def test_a_changed_cadence_replaces_only_the_untouched_proposals_of_that_forum() -> None:
    forums = _varied_forums()
    generate_meetings_for(forums, start=START, end=END, actor=None)
    anchored, others = forums[2], [forum for forum in forums if forum != forums[2]]
    others_before = _calendar(others)
    anchored.anchor_months = [10]
    anchored.save()

    result = generate_meetings_for(forums, start=START, end=END, actor=None)

    assert (result.created, result.updated, result.removed) == (1, 0, 1)
    assert [day for _f, day, _h, _p in _calendar([anchored])] == [date(2027, 10, 11)]  # the 10th is a Sunday
    assert _calendar(others) == others_before


def test_a_forum_moved_to_another_municipality_keeps_its_meetings_with_the_new_host() -> None:
    forum = _varied_forums()[1]
    generate_meetings_for([forum], start=START, end=END, actor=None)
    before = dict(Meeting.objects.filter(forum=forum).values_list("pk", "uid"))
    herning = Municipality.objects.get(code="657")
    forum.municipality = herning
    forum.save()

    result = generate_meetings_for([forum], start=START, end=END, actor=None)

    after = Meeting.objects.filter(forum=forum)
    assert result.updated == len(before) and result.created == 0
    assert dict(after.values_list("pk", "uid")) == before
    assert set(after.values_list("host_id", "place")) == {(herning.pk, herning.name)}


def _change_two_cadences(forums: list[Forum]) -> None:
    forums[2].anchor_months = [10]
    forums[1].municipality = forums[0].municipality
    for forum in forums[1:3]:
        forum.save()


def test_inserts_updates_and_deletes_take_the_same_queries_for_five_forums_or_fifteen() -> None:
    """One statement per kind of write whatever the number of forums (the delete also asks Django's collector
    about the rows that refer to a meeting: a fixed number of queries per run, not per meeting)."""
    small, large = _varied_forums(), [*_varied_forums(skip=6), *_forums(10, skip=12)]
    for forums in (small, large):
        generate_meetings_for(forums[:5], start=START, end=END, actor=None)
        _change_two_cadences(forums)
    counts = []
    for forums in (small, large):
        with CaptureQueriesContext(connection) as queries:
            result = generate_meetings_for(forums, start=START, end=END, actor=None)
        assert (result.updated, result.removed) == (12, 1)
        # SQLite logs the insert's executemany as "N times: INSERT ..."; PostgreSQL's is one COPY.
        statements = [re.sub(r"^\d+ times: ", "", q["sql"]).replace('"', "").split()[:3] for q in queries]
        writes = [words for words in statements if words[0] not in ("SELECT", "SAVEPOINT", "RELEASE")]
        inserts = [words for words in writes if words[:3] == ["INSERT", "INTO", "meetings_meeting"]]
        assert len(inserts) + len([words for words in writes if words[:2] == ["COPY", "meetings_meeting"]]) == 1
        assert writes.count(["UPDATE", "meetings_meeting", "SET"]) == 1
        assert writes.count(["DELETE", "FROM", "meetings_meeting"]) == 1
        counts.append(len(queries))
    assert counts[0] == counts[1]
