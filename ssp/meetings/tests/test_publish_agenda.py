"""Publishing an agenda: invitations over real SMTP (aiosmtpd on loopback), .ics updates and cancellations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from ssp.meetings.services import add_agenda_item, cancel_meeting, move_meeting, publish_agenda

pytestmark = pytest.mark.django_db
PUPIL_FIRST, PUPIL_LAST, PUPIL_CPR = "Freja", "Bøgh", "0304121234"


def ics_of(message):
    part = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    return part, Calendar.from_ical(part.get_payload(decode=True))


@pytest.fixture
def agenda(glostrup, next_meeting, make_pupil):
    pupil = make_pupil(glostrup.school_a, first_name=PUPIL_FIRST, last_name=PUPIL_LAST, cpr=PUPIL_CPR)
    start = next_meeting.starts_at
    add_agenda_item(
        next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten", planned_start=start, slot_minutes=30
    )
    add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Elev i 7. klasse",
        kind="person_sensitive",
        concern_ids=[pupil.pk],
        planned_start=start + timedelta(minutes=30),
        slot_minutes=20,
        remote_allowed=True,
    )
    return next_meeting


def test_each_participant_gets_their_items_by_number_and_time(glostrup, agenda, smtp_server, commit) -> None:
    with commit(execute=True):
        publish_agenda(agenda, actor=glostrup.consultant)
    by_recipient = {message["To"]: message for message in smtp_server.messages}
    assert set(by_recipient) == {
        u.email
        for u in (
            glostrup.consultant,
            glostrup.teacher_a,
            glostrup.teacher_b,
            glostrup.police,
            glostrup.caseworker,
            glostrup.varmevaerk_rep,
        )
    }
    teacher_a = by_recipient[glostrup.teacher_a.email].get_body(preferencelist=("plain",)).get_content()
    teacher_b = by_recipient[glostrup.teacher_b.email].get_body(preferencelist=("plain",)).get_content()
    assert (
        "Punkt 1 kl. 09:00–09:30" in teacher_a and "Punkt 2 kl. 09:30–09:50 (deltagelse via Teams muligt)" in teacher_a
    )
    assert "Punkt 1 kl. 09:00–09:30" in teacher_b and "Punkt 2" not in teacher_b
    assert "Samordningsmøde Glostrup" in teacher_a and "Glostrup Rådhus, mødelokale 2" in teacher_a
    assert f"/moeder/moede/{agenda.pk}/" in teacher_a


def test_no_citizen_data_in_any_message(glostrup, agenda, smtp_server, commit) -> None:
    with commit(execute=True):
        publish_agenda(agenda, actor=glostrup.consultant)
    with commit(execute=True):
        move_meeting(
            agenda,
            starts_at=agenda.starts_at + timedelta(hours=1),
            ends_at=agenda.ends_at + timedelta(hours=1),
            place="Politistationen",
            actor=glostrup.consultant,
        )
    with commit(execute=True):
        cancel_meeting(agenda, actor=glostrup.consultant)
    assert len(smtp_server.messages) == 18  # six participants: invitation, update, cancellation
    for raw, message in zip(smtp_server.raw, smtp_server.messages, strict=True):
        texts = [raw.decode("utf-8", errors="replace"), *(str(value) for value in message.values())]
        texts += [str(part.get_content()) for part in message.walk() if not part.is_multipart()]
        for forbidden in (PUPIL_FIRST, PUPIL_LAST, PUPIL_CPR, "030412-1234", "7. klasse"):
            assert not any(forbidden in text for text in texts), forbidden


def test_the_ics_is_a_request_with_the_slot_and_a_stable_uid(glostrup, agenda, smtp_server, commit) -> None:
    with commit(execute=True):
        publish_agenda(agenda, actor=glostrup.consultant)
    message = next(m for m in smtp_server.messages if m["To"] == glostrup.teacher_b.email)
    part, calendar = ics_of(message)
    assert "method=REQUEST" in part["Content-Type"].replace('"', "")
    assert str(calendar["method"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"{agenda.uid}@ssp-platformen" and int(event["sequence"]) == 0
    assert event.decoded("dtstart") == agenda.starts_at
    assert event.decoded("dtend") == agenda.starts_at + timedelta(minutes=30)
    assert str(event["attendee"]) == f"mailto:{glostrup.teacher_b.email}"


def test_changes_send_the_next_sequence_and_cancellation_sends_cancel(glostrup, agenda, smtp_server, commit) -> None:
    with commit(execute=True):
        publish_agenda(agenda, actor=glostrup.consultant)
    with commit(execute=True):
        move_meeting(
            agenda,
            starts_at=agenda.starts_at + timedelta(days=1),
            ends_at=agenda.ends_at + timedelta(days=1),
            place="Politistationen",
            actor=glostrup.consultant,
        )
    with commit(execute=True):
        cancel_meeting(agenda, actor=glostrup.consultant)
    police = [m for m in smtp_server.messages if m["To"] == glostrup.police.email]
    calendars = [ics_of(m)[1] for m in police]
    assert [str(c["method"]) for c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [c.walk("VEVENT")[0] for c in calendars]
    assert {str(e["uid"]) for e in events} == {f"{agenda.uid}@ssp-platformen"}
    assert [int(e["sequence"]) for e in events] == [0, 1, 2]
    assert str(events[2]["status"]) == "CANCELLED"
    assert police[2]["Subject"].startswith("Aflyst:")


def test_publishing_refuses_an_empty_agenda_and_sends_nothing(glostrup, next_meeting, smtp_server, commit) -> None:
    with commit(execute=True), pytest.raises(ValidationError):
        publish_agenda(next_meeting, actor=glostrup.consultant)
    next_meeting.refresh_from_db()
    assert next_meeting.agenda_published_at is None
    assert smtp_server.messages == []
