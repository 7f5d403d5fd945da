"""The annual cycle of seed 003: draft before year end, Kredsråd approval in December, in force 1 January,
each Lokalråd's January meeting adopts the coordinated action plan."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ssp.meetings.models import Meeting
from ssp.meetings.services import create_meeting
from ssp.plans import services
from ssp.plans.cycle import cycle_dates
from ssp.plans.models import Milestone, MilestoneKind
from ssp.plans.selectors import district_overview
from ssp.plans.tests.conftest import Sydost
from ssp.privacy.models import AuditAction, AuditEvent


def test_it_dates_the_2017_cycle_from_december_2016_to_the_january_meeting() -> None:
    dates = cycle_dates(2017)
    # 10 December 2016 was a Saturday: the Kredsråd meets the Monday after.
    assert dates.plan_approved == date(2016, 12, 12)
    assert dates.draft_ready == date(2016, 11, 14)
    assert dates.plan_in_force == date(2017, 1, 1)
    # 15 January 2017 was a Sunday: the Lokalråd meets the Monday after.
    assert dates.action_plan_adopted == date(2017, 1, 16)
    assert dates.year_end_evaluation == date(2017, 12, 31)


def test_it_takes_the_planned_meetings_dates_over_the_proposal() -> None:
    dates = cycle_dates(2026, december_meeting=date(2025, 12, 3), january_meeting=date(2026, 1, 27))
    assert dates.plan_approved == date(2025, 12, 3)
    assert dates.draft_ready == date(2025, 11, 5)
    assert dates.action_plan_adopted == date(2026, 1, 27)


@pytest.mark.django_db
def test_it_creates_the_missing_meetings_and_links_the_milestones(sydost: Sydost) -> None:
    annual = services.generate_cycle(sydost.district, year=2017, actor=sydost.secretariat)

    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    assert approval.meeting is not None and approval.meeting.forum == sydost.council
    assert timezone.localtime(approval.meeting.starts_at).date() == date(2016, 12, 12)
    assert approval.owner == sydost.secretariat
    adoptions = annual.milestones.filter(kind=MilestoneKind.ACTION_PLAN_ADOPTED)
    assert adoptions.count() == 7
    horsens = adoptions.get(municipality=sydost.horsens)
    assert horsens.meeting is not None and horsens.meeting.forum == sydost.lokalraad
    assert timezone.localtime(horsens.meeting.starts_at).date() == date(2017, 1, 16)
    assert horsens.owner == sydost.consultant
    assert annual.milestones.get(kind=MilestoneKind.PLAN_IN_FORCE).due_on == date(2017, 1, 1)
    # 1 Kredsråd meeting + 7 Lokalråd meetings; running again creates nothing new.
    assert Meeting.objects.count() == 8
    services.generate_cycle(sydost.district, year=2017, actor=sydost.secretariat)
    assert Meeting.objects.count() == 8 and Milestone.objects.count() == 4 + 7 * 3


@pytest.mark.django_db
def test_it_uses_the_december_meeting_already_planned(sydost: Sydost) -> None:
    starts = timezone.make_aware(datetime(2016, 12, 6, 10, 0))
    planned = create_meeting(
        sydost.council, starts_at=starts, ends_at=starts + timedelta(hours=2), place="Horsens", actor=sydost.secretariat
    )
    annual = services.generate_cycle(sydost.district, year=2017, actor=sydost.secretariat)
    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    assert approval.meeting == planned and approval.due_on == date(2016, 12, 6)


@pytest.mark.django_db
def test_district_overview_shows_which_municipality_is_late(sydost: Sydost) -> None:
    annual = services.generate_cycle(sydost.district, year=2017, actor=sydost.secretariat)
    annual.milestones.filter(kind=MilestoneKind.ACTION_PLAN_ADOPTED).exclude(municipality=sydost.horsens).update(
        done_on=date(2017, 1, 16)
    )
    overview = district_overview(sydost.district, 2017, today=date(2017, 2, 1))
    late = {row.municipality.name: row.late_count for row in overview.late_rows}
    assert late == {"Horsens": 1}


@pytest.mark.django_db
def test_it_reminds_the_owner_once_before_the_due_date(sydost: Sydost, smtp_server: Any, commit: Any) -> None:
    services.generate_cycle(sydost.district, year=2017, actor=sydost.secretariat)
    with commit():
        sent = services.send_milestone_reminders(today=date(2017, 1, 5))
    horsens = [m for m in smtp_server.messages if m["To"] == "ssp@horsens.example"]
    assert sent >= 1 and len(horsens) == 1
    assert "16.01.2017" in horsens[0]["Subject"]
    with commit():
        services.send_milestone_reminders(today=date(2017, 1, 6))
    assert len([m for m in smtp_server.messages if m["To"] == "ssp@horsens.example"]) == 1


@pytest.mark.django_db
def test_the_secretariat_hands_a_milestone_to_a_consultant_who_is_reminded_afresh(sydost: Sydost, login: Any) -> None:
    annual = services.generate_cycle(sydost.district, year=2017, actor=sydost.secretariat)
    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    Milestone.objects.filter(pk=approval.pk).update(reminded_at=timezone.now())
    client = login(sydost.secretariat)
    page = client.get(reverse("plans:cycle", args=[sydost.district.slug, 2017])).content.decode()
    assert str(sydost.consultant) in page and str(sydost.outsider) not in page

    response = client.post(reverse("plans:assign_milestone_owner", args=[approval.pk]), {"owner": sydost.consultant.pk})

    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.owner == sydost.consultant and approval.reminded_at is None
    event = AuditEvent.objects.get(detail__startswith=f"plans.milestone:{approval.pk} owner")
    assert event.actor_id == sydost.secretariat.pk and event.action == AuditAction.UPDATE
    assert event.changed_fields == ["owner"] and event.citizen_id is None
    assert event.detail.endswith(f"{sydost.secretariat.pk} -> {sydost.consultant.pk}")


@pytest.mark.django_db
def test_a_milestone_cannot_go_to_staff_of_another_district(sydost: Sydost, login: Any) -> None:
    annual = services.generate_cycle(sydost.district, year=2017, actor=sydost.secretariat)
    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    with pytest.raises(ValidationError) as refused:
        services.assign_milestone_owner(approval, actor=sydost.secretariat, owner=sydost.outsider)
    assert "owner" in refused.value.message_dict
    client = login(sydost.secretariat)
    client.post(reverse("plans:assign_milestone_owner", args=[approval.pk]), {"owner": sydost.outsider.pk})
    approval.refresh_from_db()
    assert approval.owner == sydost.secretariat


@pytest.mark.django_db
def test_a_consultant_cannot_change_who_owns_a_milestone(sydost: Sydost, login: Any) -> None:
    annual = services.generate_cycle(sydost.district, year=2017, actor=sydost.secretariat)
    approval = annual.milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    client = login(sydost.consultant)
    response = client.post(reverse("plans:assign_milestone_owner", args=[approval.pk]), {"owner": ""})
    assert response.status_code == 403
    approval.refresh_from_db()
    assert approval.owner == sydost.secretariat
