"""``ssp meetings generate`` and the demo loader's graceful skip."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ssp.meetings import demo
from ssp.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_generate_proposes_meetings_for_every_forum_with_a_cadence_and_is_idempotent() -> None:
    out = StringIO()
    call_command("meetings", "generate", "--start", "2027-01-01", "--end", "2027-12-31", stdout=out)
    count = Meeting.objects.count()
    assert count > 0 and f"{count} møder foreslået." in out.getvalue()
    call_command("meetings", "generate", "--start", "2027-01-01", "--end", "2027-12-31", stdout=StringIO())
    assert Meeting.objects.count() == count


def test_generate_refuses_a_reversed_period() -> None:
    with pytest.raises(CommandError):
        call_command("meetings", "generate", "--start", "2027-12-31", "--end", "2027-01-01")


def test_demo_skips_with_a_message_when_no_forum_has_members() -> None:
    out = StringIO()
    demo.load(password="x", stdout=out)
    assert "springer over" in out.getvalue()
    assert not Meeting.objects.exists()
