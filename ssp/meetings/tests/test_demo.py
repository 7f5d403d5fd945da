"""The meetings demo on top of the structure demo: a year of proposals and held meetings, safe to run again."""

from __future__ import annotations

from io import StringIO

import pytest

from ssp.meetings import demo as meetings_demo
from ssp.meetings.models import Agreement, Meeting, MeetingStatus
from ssp.structure import demo as structure_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_and_a_second_run_adds_nothing() -> None:
    structure_demo.load(password="demo-pass-123", stdout=StringIO())
    meetings_demo.load(password="demo-pass-123", stdout=StringIO())
    counts = (Meeting.objects.count(), Agreement.objects.count())
    held = Meeting.objects.filter(
        forum__municipality__code="161", forum__name="Samordningsmøder", status=MeetingStatus.HELD
    ).get()
    assert held.items.exists() and held.agreements.count() == 2
    assert counts[0] > 50
    meetings_demo.load(password="demo-pass-123", stdout=StringIO())
    assert (Meeting.objects.count(), Agreement.objects.count()) == counts


def test_the_kredsraad_and_every_forum_with_a_cadence_gets_its_meetings() -> None:
    from django.utils import timezone

    from ssp.structure.models import Forum, ForumKind

    structure_demo.load(password="demo-pass-123", stdout=StringIO())
    meetings_demo.load(password="demo-pass-123", stdout=StringIO())

    glostrup_council = Forum.objects.get(kind=ForumKind.DISTRICT_COUNCIL, police_district__municipalities__code="161")
    months = {timezone.localtime(m.starts_at).month for m in Meeting.objects.filter(forum=glostrup_council)}
    assert 12 in months  # seed 003: the Kredsråd approves the cooperation plan in December
    without = [
        forum.name
        for forum in meetings_demo.demo_forums()
        if forum.meetings_per_year_min and not Meeting.objects.filter(forum=forum).exists()
    ]
    assert without == []
