"""Glostrup's rule: a meeting with no items by the agenda deadline is proposed for cancellation and members told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ssp.meetings.services import add_agenda_item, check_agenda_deadlines, create_meeting

pytestmark = pytest.mark.django_db


def meeting_in(glostrup, days: int):
    starts = timezone.now() + timedelta(days=days)
    return create_meeting(
        glostrup.forum,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Rådhuset",
        actor=glostrup.consultant,
    )


def test_empty_meeting_past_the_deadline_is_proposed_once(glostrup, smtp_server, commit) -> None:
    empty = meeting_in(glostrup, 3)
    with_items = meeting_in(glostrup, 4)
    add_agenda_item(with_items, actor=glostrup.consultant, title="Tryghed i bymidten")
    not_yet = meeting_in(glostrup, 20)
    with commit(execute=True):
        call_command("meetings", "check-deadlines")
    empty.refresh_from_db()
    not_yet.refresh_from_db()
    assert empty.cancellation_proposed_at is not None and empty.status == "planned"
    assert not_yet.cancellation_proposed_at is None
    assert len(smtp_server.messages) == 6
    assert all("foreslås derfor aflyst" in m.get_content() for m in smtp_server.messages)
    with commit(execute=True):
        assert check_agenda_deadlines() == []
    assert len(smtp_server.messages) == 6


def test_forums_that_do_not_cancel_without_items_are_left_alone(glostrup, smtp_server, commit) -> None:
    glostrup.forum.cancel_without_items = False
    glostrup.forum.save()
    meeting_in(glostrup, 2)
    with commit(execute=True):
        assert check_agenda_deadlines() == []
    assert smtp_server.messages == []
