"""The SSP-samråd's § 5 workflow (seed 000): trend → samråd decision → project group → screening → project
description → Kredsråd approval → running → evaluated. No step can be skipped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ssp.meetings.models import Meeting
from ssp.plans import services
from ssp.plans.models import Project, ProjectState, TrendSource
from ssp.plans.tests.conftest import Sydost

pytestmark = pytest.mark.django_db


def _project(sydost: Sydost) -> Project:
    trend = services.raise_trend(
        sydost.district,
        actor=sydost.consultant,
        what="Unge samles om aftenen ved stationen",
        where="Horsens midtby",
        since=date(2026, 9, 1),
        source=TrendSource.NETWORK_MEETING,
        raised_in=sydost.samraad,
    )
    return trend.project


def test_a_step_cannot_be_skipped(sydost: Sydost) -> None:
    project = _project(sydost)
    with pytest.raises(ValidationError, match="intet trin kan springes over"):
        services.start_screening(project, actor=sydost.secretariat)
    with pytest.raises(ValidationError, match="intet trin kan springes over"):
        services.approve_project(project, actor=sydost.police_manager, decision="Godkendt")
    project.refresh_from_db()
    assert project.state == ProjectState.RAISED
    assert list(project.steps.values_list("state", flat=True)) == [ProjectState.RAISED]


def test_handled_otherwise_ends_the_workflow_with_a_reason(sydost: Sydost, meeting_of: Callable[..., Meeting]) -> None:
    project = _project(sydost)
    with pytest.raises(ValidationError):
        services.decide_on_trend(
            project, actor=sydost.secretariat, meeting=meeting_of(sydost.samraad), project_group=False, reason=" "
        )
    services.decide_on_trend(
        project,
        actor=sydost.secretariat,
        meeting=meeting_of(sydost.samraad),
        project_group=False,
        reason="Lokalrådet i Horsens tager det på sit næste møde.",
    )
    assert project.state == ProjectState.HANDLED_OTHERWISE
    with pytest.raises(ValidationError):
        services.form_project_group(
            project, actor=sydost.secretariat, members=[sydost.consultant], deadline=date.today() + timedelta(days=9)
        )


def test_the_whole_workflow_puts_the_approval_on_the_kredsraads_agenda(
    sydost: Sydost, meeting_of: Callable[..., Meeting], smtp_server: Any, commit: Any
) -> None:
    project = _project(sydost)
    samraad_meeting = meeting_of(sydost.samraad, in_days=3)
    council_meeting = meeting_of(sydost.council, in_days=40)
    services.decide_on_trend(
        project, actor=sydost.secretariat, meeting=samraad_meeting, project_group=True, reason="Flere kommuner ser det."
    )
    with pytest.raises(ValidationError, match="både politiet og kommunerne"):
        services.form_project_group(
            project, actor=sydost.secretariat, members=[sydost.consultant], deadline=timezone.localdate() + timedelta(5)
        )
    services.form_project_group(
        project,
        actor=sydost.secretariat,
        members=[sydost.consultant, sydost.secretariat],
        deadline=timezone.localdate() + timedelta(days=5),
    )
    with commit():
        assert services.send_project_deadline_reminders() == 1
    assert [m["To"] for m in smtp_server.messages] == [sydost.consultant.email]  # the other member has no e-mail
    services.start_screening(project, actor=sydost.secretariat, note="Screening i tre kommuner.")
    services.submit_project_description(
        project, actor=sydost.secretariat, description="Natteravne og opsøgende arbejde."
    )

    item = council_meeting.items.get()
    assert item.title == "Godkendelse af projekt: Unge samles om aftenen ved stationen"
    assert project.approval_item == item
    services.approve_project(project, actor=sydost.police_manager, decision="Godkendt for 2027.")
    assert item.decisions.get().text == "Godkendt for 2027."
    services.start_project(project, actor=sydost.secretariat)
    services.evaluate_project(project, actor=sydost.secretariat, evaluation="Færre henvendelser fra stationen.")

    steps = list(project.steps.order_by("decided_at", "id"))
    assert [s.state for s in steps] == [
        ProjectState.RAISED,
        ProjectState.GROUP_DECIDED,
        ProjectState.GROUP_FORMED,
        ProjectState.SCREENING,
        ProjectState.DESCRIBED,
        ProjectState.APPROVED,
        ProjectState.RUNNING,
        ProjectState.EVALUATED,
    ]
    assert steps[1].meeting == samraad_meeting and steps[1].decided_by == sydost.secretariat
    assert steps[5].meeting == council_meeting and steps[5].decided_by == sydost.police_manager


def test_the_description_needs_a_planned_kredsraad_meeting(sydost: Sydost, meeting_of: Callable[..., Meeting]) -> None:
    project = _project(sydost)
    services.decide_on_trend(
        project, actor=sydost.secretariat, meeting=meeting_of(sydost.samraad), project_group=True, reason="Ja."
    )
    services.form_project_group(
        project, actor=sydost.secretariat, members=[sydost.consultant, sydost.secretariat], deadline=date(2099, 1, 1)
    )
    services.start_screening(project, actor=sydost.secretariat)
    with pytest.raises(ValidationError, match="Planlæg kredsrådets næste møde"):
        services.submit_project_description(project, actor=sydost.secretariat, description="Beskrivelse")
    project.refresh_from_db()
    assert project.state == ProjectState.SCREENING
