"""Moving a meeting moves its timed items with it: the same place in the meeting, the same numbers, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ssp.meetings.models import AgendaItem
from ssp.meetings.services import add_agenda_item, move_meeting, publish_agenda
from ssp.privacy.models import AccessGrant, AuditEvent
from ssp.privacy.relations import Relation

pytestmark = pytest.mark.django_db

FORM_TIME = "%Y-%m-%dT%H:%M"


def _clock(moment):
    local = timezone.localtime(moment)
    return local.date(), local.strftime("%H:%M")


def _agenda(meeting):
    return [
        (item.number, item.title, item.planned_start and _clock(item.planned_start))
        for item in meeting.items.order_by("number")
    ]


@pytest.fixture
def timed_agenda(glostrup, next_meeting, make_pupil):
    """09:00–11:00: a pupil of Vestervangskolen at 09:00–09:30, the police at 09:40–10:00, "Eventuelt" untimed."""
    start = next_meeting.starts_at
    pupil = make_pupil(glostrup.school_a)
    add_agenda_item(next_meeting, actor=glostrup.consultant, title="Eventuelt")
    add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Elev, Vestervangskolen",
        kind="person_sensitive",
        concern_ids=[pupil.pk],
        planned_start=start,
        slot_minutes=30,
    )
    add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Politiet orienterer",
        planned_start=start + timedelta(minutes=40),
        slot_minutes=20,
    )
    return next_meeting


def test_the_timed_items_move_with_the_meeting_and_keep_their_numbers(glostrup, timed_agenda, commit) -> None:
    meeting = timed_agenda
    with commit(execute=True):
        publish_agenda(meeting, actor=glostrup.consultant)
    new_start = meeting.starts_at + timedelta(days=1, hours=4)  # the next day at 13:00
    new_day = timezone.localtime(new_start).date()

    with commit(execute=True):
        move_meeting(
            meeting,
            starts_at=new_start,
            ends_at=new_start + timedelta(hours=2),
            place="Politistationen",
            actor=glostrup.consultant,
        )

    assert _agenda(meeting) == [
        (1, "Elev, Vestervangskolen", (new_day, "13:00")),
        (2, "Politiet orienterer", (new_day, "13:40")),
        (3, "Eventuelt", None),
    ]
    pupil_item = meeting.items.get(number=1)
    (concern,) = pupil_item.concerns.all()
    moved = AuditEvent.objects.filter(detail=f"{pupil_item.source_ref} moved")
    assert [(event.actor_id, event.concern_id, event.changed_fields) for event in moved] == [
        (glostrup.consultant.pk, concern.pk, ["planned_start"])
    ]
    # The school representative's window on the pupil now ends with the moved meeting, not the old one.
    open_windows = AccessGrant.objects.filter(
        user=glostrup.teacher_a,
        relation=Relation.AGENDA_PARTICIPANT,
        source_ref=pupil_item.source_ref,
        valid_until__gt=timezone.now(),
    )
    assert [window.valid_until for window in open_windows] == [new_start + timedelta(hours=2)]


def test_a_move_that_leaves_an_item_outside_the_meeting_is_refused_and_changes_nothing(glostrup, timed_agenda) -> None:
    meeting = timed_agenda
    before, old_start = _agenda(meeting), meeting.starts_at
    new_start = old_start + timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        move_meeting(
            meeting,
            starts_at=new_start,
            ends_at=new_start + timedelta(minutes=45),
            place="",
            actor=glostrup.consultant,
        )

    assert refused.value.message_dict["ends_at"] == [
        "Punkt 2 (09:40–10:00) ville ligge uden for mødets nye tid, 09:00–09:45. "
        "Giv mødet mere tid, eller flyt punktet først."
    ]
    meeting.refresh_from_db()
    assert meeting.starts_at == old_start and meeting.sequence == 0 and _agenda(meeting) == before


def test_a_move_is_refused_when_two_booked_slots_would_overlap(glostrup, timed_agenda) -> None:
    """An agenda from before slots were checked may hold overlapping items; the move does not carry them along."""
    meeting = timed_agenda
    AgendaItem.objects.filter(meeting=meeting, number=2).update(planned_start=meeting.starts_at + timedelta(minutes=20))

    with pytest.raises(ValidationError) as refused:
        move_meeting(
            meeting,
            starts_at=meeting.starts_at + timedelta(hours=1),
            ends_at=meeting.ends_at + timedelta(hours=1),
            place="",
            actor=glostrup.consultant,
        )

    (message,) = refused.value.message_dict["starts_at"]
    assert message.startswith("Punkt 2 (10:20–10:40) ville overlappe punkt 1, som har tidsrummet 10:00–10:30.")


def test_the_move_page_shows_the_refusal_beside_the_end(glostrup, timed_agenda, login) -> None:
    meeting = timed_agenda
    start = timezone.localtime(meeting.starts_at)

    response = login(glostrup.consultant).post(
        reverse("meetings:move", args=[meeting.pk]),
        {
            "starts_at": start.strftime(FORM_TIME),
            "ends_at": (start + timedelta(minutes=45)).strftime(FORM_TIME),
            "place": "",
        },
    )

    assert response.status_code == 200
    assert "Punkt 2 (09:40–10:00) ville ligge uden for mødets nye tid" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.ends_at == start + timedelta(hours=2)
