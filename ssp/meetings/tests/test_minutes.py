"""Minutes per item, decisions, attendance and publishing the general minutes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ssp.concerns.models import ConcernEvent
from ssp.meetings.models import Decision, ItemAttendance
from ssp.meetings.services import add_agenda_item, publish_minutes, record_attendance, record_item_minutes
from ssp.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_general_minutes_with_a_citizen_name_are_refused(glostrup, next_meeting, make_pupil) -> None:
    make_pupil(glostrup.school_a, first_name="Mikkel", last_name="Sørensen")
    item = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
    with pytest.raises(ValidationError) as refused:
        record_item_minutes(item, actor=glostrup.consultant, text="Status på grupperingen.\nMIKKEL\nSoerensen var med.")
    assert any("linje 2" in message and "borger" in message for message in refused.value.messages)
    item.refresh_from_db()
    assert item.minutes == ""


def test_general_minutes_and_decision_are_saved(glostrup, next_meeting) -> None:
    item = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
    record_item_minutes(item, actor=glostrup.consultant, text="Politiet orienterede.", decision="Natteravne kontaktes.")
    item.refresh_from_db()
    assert item.minutes == "Politiet orienterede." and item.minutes_recorded_at is not None
    assert list(Decision.objects.filter(item=item).values_list("text", flat=True)) == ["Natteravne kontaktes."]


def test_person_sensitive_minutes_go_on_the_concern_timeline_and_are_audited(
    glostrup, next_meeting, make_pupil
) -> None:
    concern = make_pupil(glostrup.school_a)
    item = add_agenda_item(
        next_meeting, actor=glostrup.consultant, title="Elev", kind="person_sensitive", concern_ids=[concern.pk]
    )
    record_item_minutes(item, actor=glostrup.consultant, text="Mikkel Sørensen: skolebesøg aftalt.")
    event = ConcernEvent.objects.get(concern=concern, kind="minutes_recorded")
    assert event.ref == f"agenda_item:{item.pk}"
    assert "Mikkel" not in event.summary
    assert AuditEvent.objects.filter(concern=concern, actor=glostrup.consultant, detail=item.source_ref).exists()


def test_only_participants_write_person_sensitive_minutes(glostrup, next_meeting, make_pupil) -> None:
    item = add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Elev",
        kind="person_sensitive",
        concern_ids=[make_pupil(glostrup.school_a).pk],
    )
    with pytest.raises(PermissionDenied):
        record_item_minutes(item, actor=glostrup.teacher_b, text="...")


def test_attendance_only_for_invited_participants(glostrup, next_meeting, make_pupil) -> None:
    item = add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Elev",
        kind="person_sensitive",
        concern_ids=[make_pupil(glostrup.school_a).pk],
    )
    record_attendance(
        item, actor=glostrup.consultant, present=[glostrup.teacher_a, glostrup.police], remote=[glostrup.teacher_a]
    )
    assert set(ItemAttendance.objects.filter(item=item).values_list("user_id", "remote")) == {
        (glostrup.teacher_a.pk, True),
        (glostrup.police.pk, False),
    }
    with pytest.raises(ValidationError):
        record_attendance(item, actor=glostrup.consultant, present=[glostrup.teacher_b], remote=[])


def test_publishing_minutes_tells_every_member_without_citizen_data(
    glostrup, next_meeting, make_pupil, smtp_server, commit
) -> None:
    general = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
    record_item_minutes(general, actor=glostrup.consultant, text="Politiet orienterede.")
    sensitive = add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Elev",
        kind="person_sensitive",
        concern_ids=[make_pupil(glostrup.school_a, first_name="Laura", last_name="Winther").pk],
    )
    record_item_minutes(sensitive, actor=glostrup.consultant, text="Laura Winther: hjemmebesøg.")
    with commit(execute=True):
        publish_minutes(next_meeting, actor=glostrup.consultant)
    assert len(smtp_server.messages) == 6
    assert all("Laura" not in raw.decode() and "Winther" not in raw.decode() for raw in smtp_server.raw)
