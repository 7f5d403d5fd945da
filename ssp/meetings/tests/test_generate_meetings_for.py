"""generate_meetings_for: a national year in a fixed number of queries, with the same result as one by one."""

from __future__ import annotations

from datetime import date

import pytest

from ssp.meetings.models import Meeting
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
