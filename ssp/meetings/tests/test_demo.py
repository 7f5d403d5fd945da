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
