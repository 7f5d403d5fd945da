"""The agenda's order and time slots: numbered by time without gaps; a slot inside the meeting and nobody else's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from ssp.meetings.models import MeetingStatus
from ssp.meetings.services import (
    add_agenda_item,
    cancel_meeting,
    mark_meeting_held,
    publish_agenda,
    remove_agenda_item,
)

pytestmark = pytest.mark.django_db


def _agenda(meeting):
    return list(meeting.items.order_by("number").values_list("number", "title"))


def test_items_are_numbered_in_time_order_and_untimed_items_come_last(glostrup, next_meeting) -> None:
    start = next_meeting.starts_at
    add_agenda_item(next_meeting, actor=glostrup.consultant, title="Eventuelt")
    add_agenda_item(next_meeting, actor=glostrup.consultant, title="Klub", planned_start=start + timedelta(minutes=60))
    add_agenda_item(next_meeting, actor=glostrup.consultant, title="Politi", planned_start=start)

    assert _agenda(next_meeting) == [(1, "Politi"), (2, "Klub"), (3, "Eventuelt")]


def test_removing_an_item_numbers_the_rest_without_a_gap(glostrup, next_meeting) -> None:
    start = next_meeting.starts_at
    _first, second, _third = (
        add_agenda_item(
            next_meeting, actor=glostrup.consultant, title=title, planned_start=start + timedelta(minutes=m)
        )
        for title, m in (("Politi", 0), ("Klub", 20), ("Skole", 40))
    )

    remove_agenda_item(second, actor=glostrup.consultant)

    assert _agenda(next_meeting) == [(1, "Politi"), (2, "Skole")]


@pytest.mark.parametrize(("minutes_from_start", "slot"), [(-15, 15), (110, 15), (24 * 60, 15)])
def test_a_time_outside_the_meeting_is_refused_at_the_field(glostrup, next_meeting, minutes_from_start, slot) -> None:
    with pytest.raises(ValidationError) as refused:
        add_agenda_item(
            next_meeting,
            actor=glostrup.consultant,
            title="Orientering",
            planned_start=next_meeting.starts_at + timedelta(minutes=minutes_from_start),
            slot_minutes=slot,
        )

    assert "inden for mødets tid, 09:00–11:00" in " ".join(refused.value.message_dict["planned_start"])
    assert not next_meeting.items.exists()


def test_a_slot_overlapping_a_booked_school_slot_is_refused_and_names_it(glostrup, next_meeting, make_pupil) -> None:
    pupil = make_pupil(glostrup.school_a)
    add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Elev, Vestervangskolen",
        kind="person_sensitive",
        concern_ids=[pupil.pk],
        planned_start=next_meeting.starts_at + timedelta(minutes=30),
        slot_minutes=20,
    )

    with pytest.raises(ValidationError) as refused:
        add_agenda_item(
            next_meeting,
            actor=glostrup.consultant,
            title="Orientering",
            planned_start=next_meeting.starts_at + timedelta(minutes=40),
        )

    message = " ".join(refused.value.message_dict["planned_start"])
    assert "09:40–09:55 overlapper punkt 1" in message and "09:30–09:50" in message
    # Back to back is no overlap.
    add_agenda_item(next_meeting, actor=glostrup.consultant, title="Orientering", planned_start=next_meeting.starts_at)
    add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Klub",
        planned_start=next_meeting.starts_at + timedelta(minutes=50),
    )
    assert [n for n, _title in _agenda(next_meeting)] == [1, 2, 3]


@pytest.mark.parametrize("close", [mark_meeting_held, cancel_meeting])
def test_the_agenda_of_a_held_or_cancelled_meeting_is_closed(glostrup, next_meeting, close) -> None:
    item = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Orientering")
    close(next_meeting, actor=glostrup.consultant)
    assert next_meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED)

    for attempt in (
        lambda: add_agenda_item(next_meeting, actor=glostrup.consultant, title="For sent"),
        lambda: publish_agenda(next_meeting, actor=glostrup.consultant),
        lambda: remove_agenda_item(item, actor=glostrup.consultant),
    ):
        with pytest.raises(ValidationError, match="dagsordenen kan ikke længere ændres eller udsendes"):
            attempt()

    assert _agenda(next_meeting) == [(1, "Orientering")]
    next_meeting.refresh_from_db()
    assert next_meeting.agenda_published_at is None
