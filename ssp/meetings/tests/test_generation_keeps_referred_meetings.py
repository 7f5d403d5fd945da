"""Regeneration never deletes a proposal another app's rows refer to: deleting it would clear or delete those rows.

The referring rows here are real rows of the plans app: a milestone of the annual cycle held at the meeting
(``on_delete=SET_NULL``: deleting the meeting would silently unlink it) and a cooperation plan version approved
there (``PROTECT`` behind a hidden ``related_name="+"``: deleting would make the whole regeneration fail).
"""

from __future__ import annotations

from datetime import date

import pytest

from ssp.meetings.models import Meeting
from ssp.meetings.services import generate_meetings_for
from ssp.plans.models import AnnualCycle, CooperationPlan, Milestone, MilestoneKind, PlanVersion, VersionStatus
from ssp.structure.models import Forum, ForumKind, Level, PoliceDistrict

pytestmark = pytest.mark.django_db
START, END = date(2027, 1, 1), date(2027, 12, 31)


def _council_meeting_in_september() -> tuple[Forum, Meeting, PoliceDistrict]:
    """A Kredsråd meeting proposed for the September anchor; moving the anchor to October makes it stale."""
    district = PoliceDistrict.objects.order_by("pk")[0]
    forum = Forum.objects.create(
        kind=ForumKind.SSP_DISTRICT_NETWORK,
        name="Samråd med årshjul",
        police_district=district,
        level=Level.TACTICAL,
        meetings_per_year_min=1,
        meetings_per_year_max=1,
        anchor_months=[9],
    )
    generate_meetings_for([forum], start=START, end=END, actor=None)
    meeting = Meeting.objects.get(forum=forum)
    forum.anchor_months = [10]
    forum.save()
    return forum, meeting, district


def test_a_stale_proposal_a_milestone_is_held_at_is_kept_and_the_milestone_keeps_its_meeting() -> None:
    forum, meeting, district = _council_meeting_in_september()
    cycle = AnnualCycle.objects.create(police_district=district, year=2027)
    milestone = Milestone.objects.create(
        cycle=cycle, kind=MilestoneKind.PLAN_APPROVED, due_on=date(2027, 9, 30), meeting=meeting
    )

    result = generate_meetings_for([forum], start=START, end=END, actor=None)

    milestone.refresh_from_db()
    assert milestone.meeting_id == meeting.pk
    assert (result.created, result.removed, result.kept) == (1, 0, 1)
    assert list(Meeting.objects.filter(forum=forum).order_by("starts_at").values_list("generated_for", flat=True)) == [
        date(2027, 9, 10),
        date(2027, 10, 11),
    ]


def test_a_stale_proposal_a_plan_was_approved_at_is_kept_and_regeneration_goes_on() -> None:
    forum, meeting, district = _council_meeting_in_september()
    plan = CooperationPlan.objects.create(police_district=district, year=2028)
    version = PlanVersion.objects.create(
        plan=plan, number=1, status=VersionStatus.APPROVED, approved_in=meeting, approved_on=date(2027, 9, 10)
    )

    result = generate_meetings_for([forum], start=START, end=END, actor=None)

    assert (result.created, result.removed) == (1, 0)
    assert PlanVersion.objects.get(pk=version.pk).approved_in_id == meeting.pk


def test_a_stale_proposal_nothing_refers_to_is_removed() -> None:
    forum, meeting, _district = _council_meeting_in_september()

    result = generate_meetings_for([forum], start=START, end=END, actor=None)

    assert (result.created, result.removed, result.kept) == (1, 1, 0)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
