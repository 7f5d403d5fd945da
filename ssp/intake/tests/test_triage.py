"""The intervention meeting: the week's intakes on the agenda, time-limited access, decisions and deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ssp.casework.models import CaseAction
from ssp.citizens.models import Citizen
from ssp.concerns.models import ConcernEvent
from ssp.intake.models import Deadline, DeadlineKind, Intake, IntakePreview, TriageDecisionKind, TriageItem
from ssp.intake.selectors import deadline_figures, queue_counts
from ssp.intake.tests.conftest import Indsatsmoede
from ssp.intake.triage import (
    TriageDecision,
    mark_deadline_met,
    record_triage_decision,
    schedule_triage,
    send_deadline_reminders,
)
from ssp.privacy.models import AccessGrant, AuditAction, AuditEvent
from ssp.privacy.policy import citizens_visible_to
from ssp.privacy.relations import Relation

pytestmark = pytest.mark.django_db


def _scheduled(moede: Indsatsmoede) -> list[TriageItem]:
    assert moede.forum.municipality is not None
    return schedule_triage(moede.forum.municipality, actor=moede.consultant)


def test_the_weeks_intakes_become_one_item_per_citizen(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede
) -> None:
    items = _scheduled(indsatsmoede)

    # 16 intakes, William has two (rows 2 and 18): 15 citizens.
    assert len(items) == 15 == TriageItem.objects.filter(meeting=indsatsmoede.meeting).count()
    assert Intake.objects.filter(triage_item__isnull=True).count() == 0
    assert [item.number for item in items] == list(range(1, 16))


def test_members_see_the_citizens_until_the_meeting_ends_and_outsiders_do_not(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede
) -> None:
    items = _scheduled(indsatsmoede)
    citizen_ids = {item.citizen_id for item in items}

    assert (
        set(citizens_visible_to(indsatsmoede.family).filter(pk__in=citizen_ids).values_list("pk", flat=True))
        == citizen_ids
    )
    assert not citizens_visible_to(indsatsmoede.outsider).filter(pk__in=citizen_ids).exists()
    after = indsatsmoede.meeting.ends_at + timedelta(minutes=1)
    assert not citizens_visible_to(indsatsmoede.family, at=after).filter(pk__in=citizen_ids).exists()
    grants = AccessGrant.objects.filter(relation=Relation.TRIAGE_PARTICIPANT)
    assert grants.count() == 15 * 3
    assert (
        AuditEvent.objects.filter(action=AuditAction.GRANT_ACCESS, relation=Relation.TRIAGE_PARTICIPANT).count() == 45
    )


def test_scheduling_twice_adds_nothing(committed_week: IntakePreview, indsatsmoede: Indsatsmoede) -> None:
    _scheduled(indsatsmoede)

    assert _scheduled(indsatsmoede) == []


def test_without_a_coming_meeting_scheduling_says_so(committed_week: IntakePreview, indsatsmoede: Indsatsmoede) -> None:
    indsatsmoede.meeting.delete()

    with pytest.raises(ValidationError, match="intet kommende møde"):
        _scheduled(indsatsmoede)


def _item(moede: Indsatsmoede, row: int) -> TriageItem:
    _scheduled(moede)
    return TriageItem.objects.get(meeting=moede.meeting, intakes__row_number=row)


def test_an_ssp_task_opens_a_concern_with_the_decision_on_its_timeline(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede
) -> None:
    item = _item(indsatsmoede, 4)
    due = timezone.localdate() + timedelta(days=7)

    record_triage_decision(
        item,
        actor=indsatsmoede.consultant,
        decision=TriageDecision(
            present=[indsatsmoede.consultant, indsatsmoede.police, indsatsmoede.family],
            severity="moderate",
            decision=TriageDecisionKind.SSP_TASK,
            first_action="concern_letter",
            first_action_owner=indsatsmoede.police,
            first_action_due=due,
        ),
    )

    item.refresh_from_db()
    assert item.concern is not None and item.concern.responsible == indsatsmoede.consultant
    assert Intake.objects.get(row_number=4).concern == item.concern
    (event,) = ConcernEvent.objects.filter(
        concern=item.concern, kind=ConcernEvent.Kind.ACTION, summary__contains="SSP-opgave"
    )
    assert "Bekymringsbrev" in event.summary
    # The SSP task is the concern's first case action, in the owner's work queue; the owner joined the team.
    (action,) = CaseAction.objects.filter(concern=item.concern)
    assert (action.kind, action.owner, action.due_on) == ("concern_letter", indsatsmoede.police, due)
    assert item.concern.team_links.filter(user=indsatsmoede.police).exists()
    assert indsatsmoede.family.get_full_name() in event.summary
    first = Deadline.objects.get(triage_item=item)
    assert (first.kind, first.responsible, timezone.localtime(first.due_at).date()) == (
        DeadlineKind.FIRST_ACTION,
        indsatsmoede.police,
        due,
    )
    assert set(item.present.all()) == {indsatsmoede.consultant, indsatsmoede.police, indsatsmoede.family}


def test_a_notification_starts_the_24_hour_assessment_and_serious_crime_the_7_day_consultation(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede
) -> None:
    item = _item(indsatsmoede, 4)
    before = timezone.now()

    record_triage_decision(
        item,
        actor=indsatsmoede.consultant,
        decision=TriageDecision(
            present=[indsatsmoede.consultant],
            severity="high",
            decision=TriageDecisionKind.NOTIFICATION,
            has_caseworker=True,
            caseworker=indsatsmoede.caseworker,
            serious_crime=True,
        ),
    )

    deadlines = {d.kind: d for d in Deadline.objects.filter(triage_item=item)}
    assessment = deadlines[DeadlineKind.ASSESSMENT_24H]
    assert timedelta(hours=23, minutes=59) < assessment.due_at - before <= timedelta(hours=24, seconds=5)
    assert assessment.responsible == indsatsmoede.caseworker
    received = Intake.objects.get(row_number=4).created_at
    assert deadlines[DeadlineKind.NETWORK_CONSULTATION_7D].due_at == received + timedelta(days=7)
    item.refresh_from_db()
    # The existing caseworker is set on the concern: the caseworker relation lets them see the child.
    assert item.concern is not None and item.concern.caseworker == indsatsmoede.caseworker
    assert citizens_visible_to(indsatsmoede.caseworker).filter(pk=item.citizen_id).exists()


def test_an_incomplete_decision_is_refused_by_field(committed_week: IntakePreview, indsatsmoede: Indsatsmoede) -> None:
    item = _item(indsatsmoede, 4)

    with pytest.raises(ValidationError) as refused:
        record_triage_decision(
            item,
            actor=indsatsmoede.consultant,
            decision=TriageDecision(present=[], severity="low", decision=TriageDecisionKind.NO_ACTION),
        )

    assert set(refused.value.message_dict) == {"present", "no_action_reason"}
    assert item.concern is None and not Deadline.objects.exists()


def test_someone_without_a_relation_cannot_decide(committed_week: IntakePreview, indsatsmoede: Indsatsmoede) -> None:
    item = _item(indsatsmoede, 4)

    with pytest.raises(PermissionDenied):
        record_triage_decision(
            item,
            actor=indsatsmoede.outsider,
            decision=TriageDecision(
                present=[indsatsmoede.outsider], severity="low", decision="no_action", no_action_reason="Kendt sag"
            ),
        )


def test_the_seven_day_rule_is_only_for_children(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede, guldborgsund_children: list[Citizen]
) -> None:
    item = _item(indsatsmoede, 4)
    item.intakes.update(age_at_incident=19)

    with pytest.raises(ValidationError, match="under 18"):
        record_triage_decision(
            item,
            actor=indsatsmoede.consultant,
            decision=TriageDecision(
                present=[indsatsmoede.consultant],
                severity="high",
                decision="referral",
                referral_to="info_house",
                serious_crime=True,
            ),
        )
    assert not Deadline.objects.exists()


def test_the_queue_counts_warn_and_the_figures_count_deadlines_met(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede
) -> None:
    assert queue_counts(indsatsmoede.consultant).untriaged == 16
    item = _item(indsatsmoede, 4)
    record_triage_decision(
        item,
        actor=indsatsmoede.consultant,
        decision=TriageDecision(
            present=[indsatsmoede.consultant],
            severity="moderate",
            decision=TriageDecisionKind.SSP_TASK,
            first_action="home_visit",
            first_action_owner=indsatsmoede.consultant,
            first_action_due=timezone.localdate() + timedelta(days=2),
        ),
    )
    counts = queue_counts(indsatsmoede.consultant)
    assert (counts.untriaged, counts.first_actions_due, counts.overdue) == (0, 1, 0)
    later = timezone.now() + timedelta(days=5)
    assert queue_counts(indsatsmoede.consultant, now=later).overdue == 1

    deadline = Deadline.objects.get(triage_item=item)
    mark_deadline_met(deadline, actor=indsatsmoede.consultant)
    (first_action,) = [f for f in deadline_figures(item.municipality_id) if f.kind == DeadlineKind.FIRST_ACTION]
    assert (first_action.total, first_action.met_in_time, first_action.share_met) == (1, 1, 1.0)


def test_the_reminder_job_warns_once_with_a_link_only(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede, django_capture_on_commit_callbacks: object
) -> None:
    item = _item(indsatsmoede, 4)
    record_triage_decision(
        item,
        actor=indsatsmoede.consultant,
        decision=TriageDecision(
            present=[indsatsmoede.consultant],
            severity="moderate",
            decision=TriageDecisionKind.SSP_TASK,
            first_action="home_visit",
            first_action_owner=indsatsmoede.consultant,
            first_action_due=date.today() + timedelta(days=1),
        ),
    )
    soon = Deadline.objects.get(triage_item=item).due_at - timedelta(hours=12)

    assert send_deadline_reminders(now=soon) == 1
    assert send_deadline_reminders(now=soon) == 0
    assert Deadline.objects.get(triage_item=item).warned_at == soon
