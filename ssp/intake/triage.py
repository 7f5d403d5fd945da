"""The weekly intervention meeting (indsatsmøde): the week's intakes on the agenda, the decisions, the deadlines.

``schedule_triage`` puts a municipality's committed, not yet triaged intakes on the next meeting of its
case-coordination forum (meetings capability): one person-sensitive item (``TriageItem``) per citizen, and a
time-limited ``TRIAGE_PARTICIPANT`` window through ``ssp.privacy.door`` for every current member of the forum,
from now until the meeting ends.

``record_triage_decision`` records, for one citizen, what the meeting decided (the seed's sorting: an existing
caseworker or a new case, the severity, and SSP task / notification / referral / no action), who was present, and
writes it onto the concern's timeline. The law's deadlines start here (``Deadline``):

- a notification to social services (underretning) starts the municipality's 24-hour assessment (Barnets Lov
  §§ 136-137), counted from the decision;
- police documentation that a child under 18 is suspected of serious crime starts the 7-day network
  consultation (netværkssamråd), counted from when the police's report reached the municipality (the intake);
- an SSP task's planned first action has its own due date and owner.

Case actions themselves (the concern letter, the conversation) belong to the casework capability: the decision
records the planned first action and its deadline, and the work queue follows it until it is marked done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ssp.accounts.models import User
from ssp.casework import services as casework_services
from ssp.concerns import selectors as concern_selectors
from ssp.concerns import services as concern_services
from ssp.concerns.models import Concern, ConcernEvent, ConcernSource
from ssp.concerns.timeline import PART_SEPARATOR, TimelineText, in_danish
from ssp.intake import notices
from ssp.intake.models import (
    Deadline,
    DeadlineKind,
    FirstAction,
    Intake,
    ReferralForum,
    TriageDecisionKind,
    TriageItem,
)
from ssp.meetings.models import Meeting, MeetingStatus
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import relation_to_citizen, relation_to_concern
from ssp.privacy.relations import Relation
from ssp.structure.models import Forum, ForumKind, Municipality, current_on_q

NEW_CONCERN = "new"
# The triage decision's timeline line, in parts (``ssp.concerns.timeline``: stored in Danish, shown translated).
DECISION_TEXT = TimelineText(gettext_noop("Indsatsmøde %(day)s: %(decision)s"))
FIRST_ACTION_TEXT = TimelineText(gettext_noop("første handling: %(action)s, ansvarlig %(owner)s, frist %(due)s"))
PRESENT_TEXT = TimelineText(gettext_noop("til stede: %(names)s"))
ASSESSMENT_HOURS = 24
NETWORK_CONSULTATION_DAYS = 7
# Relations that outlast the meeting; a window (triage, agenda item, emergency) does not.
LASTING_RELATIONS = frozenset({Relation.RESPONSIBLE, Relation.TEAM_MEMBER, Relation.CASEWORKER})
TRIAGE_FIELDS = ("severity", "decision", "first_action", "first_action_owner", "first_action_due", "present")


def triage_forum(municipality: Municipality) -> Forum:
    """The municipality's case-coordination forum (samordningsmøde / indsatsmøde)."""
    forum = Forum.objects.filter(kind=ForumKind.CASE_COORDINATION, municipality=municipality).order_by("pk").first()
    if forum is None:
        raise ValidationError(_("Kommunen har intet samordningsmøde (§115) at sætte henvendelserne på."))
    return forum


def next_meeting(forum: Forum, *, now: datetime) -> Meeting:
    meeting = (
        Meeting.objects.filter(forum=forum, status=MeetingStatus.PLANNED, ends_at__gt=now).order_by("starts_at").first()
    )
    if meeting is None:
        raise ValidationError(_("Samordningsmødet har intet kommende møde; opret et møde først."))
    return meeting


def _members(forum: Forum) -> list[User]:
    return list(
        User.objects.filter(current_on_q(prefix="memberships__"), memberships__forum=forum, is_active=True)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def schedule_triage(municipality: Municipality, *, actor: User, now: datetime | None = None) -> list[TriageItem]:
    """Put every committed, untriaged intake of ``municipality`` for the meeting on its next meeting.

    1. The forum is the municipality's case-coordination forum; the meeting its next planned one (errors if none).
    2. One item per citizen (a citizen already on that meeting gets the new intakes added to their item).
    3. Every current member of the forum gets a ``TRIAGE_PARTICIPANT`` window to each new item's citizen until
       the meeting ends (the privacy module's door writes the grant and its audit event).
    """
    now = now or timezone.now()
    meeting = next_meeting(triage_forum(municipality), now=now)
    waiting = list(
        Intake.objects.filter(municipality=municipality, for_triage=True, triage_item__isnull=True).order_by(
            "occurred_at", "pk"
        )
    )
    items = {item.citizen_id: item for item in TriageItem.objects.filter(meeting=meeting)}
    number = max((item.number for item in items.values()), default=0)
    created: list[TriageItem] = []
    for intake in waiting:
        item = items.get(intake.citizen_id)
        if item is None:
            number += 1
            item = TriageItem(meeting=meeting, citizen_id=intake.citizen_id, municipality=municipality, number=number)
            item.full_clean()
            item.save()
            items[intake.citizen_id] = item
            created.append(item)
        intake.triage_item = item
    Intake.objects.bulk_update(waiting, ["triage_item"])
    members = _members(meeting.forum)
    for item in created:
        for member in members:
            door.open_window(
                user=member,
                relation=Relation.TRIAGE_PARTICIPANT,
                citizen_id=item.citizen_id,
                valid_from=now,
                valid_until=meeting.ends_at,
                source_ref=item.source_ref,
                actor=actor,
            )
    return created


@dataclass(frozen=True)
class TriageDecision:
    """What the meeting decided for one citizen (the form and the API build this)."""

    present: list[User]
    severity: str
    decision: str
    concern: str = NEW_CONCERN  # NEW_CONCERN or the id of the citizen's open concern
    has_caseworker: bool = False
    caseworker: User | None = None
    first_action: str = ""
    first_action_owner: User | None = None
    first_action_due: date | None = None
    referral_to: str = ""
    no_action_reason: str = ""
    serious_crime: bool = False


def _check(decision: TriageDecision) -> None:
    errors: dict[str, Any] = {}
    if not decision.present:
        errors["present"] = _("Angiv, hvem der var til stede.")
    if decision.decision == TriageDecisionKind.SSP_TASK:
        if decision.first_action not in FirstAction.values:
            errors["first_action"] = _("Vælg den første handling.")
        if decision.first_action_owner is None:
            errors["first_action_owner"] = _("Vælg, hvem der har ansvaret for den første handling.")
        if decision.first_action_due is None:
            errors["first_action_due"] = _("Angiv en frist for den første handling.")
    elif decision.decision == TriageDecisionKind.REFERRAL and decision.referral_to not in ReferralForum.values:
        errors["referral_to"] = _("Vælg det forum, sagen henvises til.")
    elif decision.decision == TriageDecisionKind.NO_ACTION and not decision.no_action_reason.strip():
        errors["no_action_reason"] = _("Skriv, hvorfor der ikke skal ske noget.")
    elif decision.decision not in TriageDecisionKind.values:
        errors["decision"] = _("Vælg en beslutning.")
    if decision.has_caseworker and decision.caseworker is None:
        errors["caseworker"] = _("Vælg borgerens sagsbehandler.")
    if errors:
        raise ValidationError(errors)


def _concern_for(item: TriageItem, decision: TriageDecision, *, actor: User, request: HttpRequest | None) -> Concern:
    if decision.concern == NEW_CONCERN:
        return concern_services.open_concern(
            item.citizen,
            actor=actor,
            source=ConcernSource.POLICE_DAILY_REPORT,
            severity=decision.severity,
            request=request,
        )
    found = concern_selectors.open_concern_of(
        item.citizen_id, int(decision.concern) if decision.concern.isdigit() else 0
    )
    if found is None:
        raise ValidationError({"concern": _("Vælg en af borgerens åbne sager, eller opret en ny.")})
    return found


def _timeline_text(item: TriageItem, decision: TriageDecision) -> str:
    parts = [
        DECISION_TEXT.line(
            day=timezone.localtime(item.meeting.starts_at).strftime("%d.%m.%Y"),
            decision=TriageDecisionKind(decision.decision).label,
        )
    ]
    if decision.decision == TriageDecisionKind.SSP_TASK and decision.first_action_owner and decision.first_action_due:
        parts.append(
            FIRST_ACTION_TEXT.line(
                action=FirstAction(decision.first_action).label,
                owner=decision.first_action_owner.get_full_name(),
                due=decision.first_action_due.strftime("%d.%m.%Y"),
            )
        )
    elif decision.decision == TriageDecisionKind.REFERRAL:
        parts.append(in_danish(ReferralForum(decision.referral_to).label))
    elif decision.decision == TriageDecisionKind.NO_ACTION:
        parts.append(decision.no_action_reason.strip())
    parts.append(PRESENT_TEXT.line(names=", ".join(u.get_full_name() for u in decision.present)))
    return PART_SEPARATOR.join(parts)


def _deadline(item: TriageItem, kind: str, *, starts: datetime, due: datetime, responsible: User | None) -> None:
    deadline = Deadline(
        kind=kind,
        municipality=item.municipality,
        citizen_id=item.citizen_id,
        triage_item=item,
        responsible=responsible,
        starts_at=starts,
        due_at=due,
    )
    deadline.full_clean()
    deadline.save()


def _start_deadlines(item: TriageItem, decision: TriageDecision, *, actor: User, now: datetime) -> None:
    if decision.decision == TriageDecisionKind.NOTIFICATION:
        _deadline(
            item,
            DeadlineKind.ASSESSMENT_24H,
            starts=now,
            due=now + timedelta(hours=ASSESSMENT_HOURS),
            responsible=decision.caseworker or actor,
        )
    if decision.serious_crime:
        youngest = item.intakes.aggregate(age=Min("age_at_incident"), received=Min("created_at"))
        if youngest["age"] is None or youngest["age"] >= 18:
            raise ValidationError({"serious_crime": _("Netværkssamråd gælder kun børn og unge under 18 år.")})
        received = youngest["received"]
        _deadline(
            item,
            DeadlineKind.NETWORK_CONSULTATION_7D,
            starts=received,
            due=received + timedelta(days=NETWORK_CONSULTATION_DAYS),
            responsible=decision.caseworker or actor,
        )
    if decision.decision == TriageDecisionKind.SSP_TASK and decision.first_action_due:
        end_of_day = datetime.combine(decision.first_action_due, time(23, 59), tzinfo=timezone.get_current_timezone())
        _deadline(
            item,
            DeadlineKind.FIRST_ACTION,
            starts=now,
            due=max(end_of_day, now + timedelta(minutes=1)),
            responsible=decision.first_action_owner,
        )


def _plan_first_action(
    item: TriageItem, decision: TriageDecision, *, concern: Concern, actor: User, request: HttpRequest | None
) -> None:
    """An SSP task becomes the concern's first case action in the owner's work queue (``ssp.casework``).

    The owner joins the concern's team unless they already hold a lasting relation to it: the meeting chose
    them, and the triage window they may see it through ends with the meeting.
    """
    if decision.decision != TriageDecisionKind.SSP_TASK or decision.first_action_owner is None:
        return
    owner, due_on = decision.first_action_owner, decision.first_action_due
    if due_on is None:
        # _check asks for it first; a caller that skipped _check gets the same answer, not a crash.
        raise ValidationError({"first_action_due": _("Angiv en frist for den første handling.")})
    held = relation_to_concern(owner, concern)
    if held is None or held.relation not in LASTING_RELATIONS:
        grant = relation_to_concern(actor, concern)
        if grant is None:
            raise PermissionDenied
        concern_services.add_team_member(concern, actor=actor, user=owner, grant=grant, request=request)
    casework_services.plan_first_action(
        concern,
        kind=decision.first_action,
        owner=owner,
        due_on=due_on,
        actor=actor,
        source_ref=item.source_ref,
        request=request,
    )


@transaction.atomic
def record_triage_decision(
    item: TriageItem, *, actor: User, decision: TriageDecision, request: HttpRequest | None = None
) -> TriageItem:
    """Record the meeting's decision for one citizen, onto the concern's timeline, and start the deadlines.

    1. The actor must see the citizen through the policy (the triage window, or a relation of their own).
    2. The decision must be complete for its kind (``ValidationError`` by field); a decided item is final.
    3. A new concern is opened (the actor responsible), or the intakes are attached to one of the citizen's
       open concerns; the existing caseworker is set on it and notified in the platform (e-mail with a link only).
    4. The decision with who was present becomes a timeline event; the deadlines start (module docstring).
    """
    grant = relation_to_citizen(actor, item.citizen)
    if grant is None:
        raise PermissionDenied
    if item.decided_at is not None:
        raise ValidationError(_("Mødet har allerede truffet beslutning om borgeren."))
    _check(decision)
    now = timezone.now()
    concern = _concern_for(item, decision, actor=actor, request=request)
    if decision.has_caseworker and decision.caseworker is not None and concern.caseworker_id != decision.caseworker.pk:
        concern_services.assign_caseworker(concern, actor=actor, caseworker=decision.caseworker, grant=grant)
        notices.notify_caseworker(decision.caseworker, concern_id=concern.pk)
    item.concern = concern
    item.severity, item.decision = decision.severity, decision.decision
    item.has_caseworker, item.caseworker = decision.has_caseworker, decision.caseworker
    item.first_action, item.first_action_owner = decision.first_action, decision.first_action_owner
    item.first_action_due, item.referral_to = decision.first_action_due, decision.referral_to
    item.no_action_reason, item.serious_crime = decision.no_action_reason.strip(), decision.serious_crime
    item.decided_by, item.decided_at = actor, now
    item.full_clean()
    item.save()
    item.present.set(decision.present)
    item.intakes.update(concern=concern)
    ConcernEvent.objects.create(
        concern=concern, at=now, actor=actor, kind=ConcernEvent.Kind.ACTION, summary=_timeline_text(item, decision)
    )
    _plan_first_action(item, decision, concern=concern, actor=actor, request=request)
    _start_deadlines(item, decision, actor=actor, now=now)
    door.record_change(
        actor,
        action=AuditAction.UPDATE,
        citizen=item.citizen_id,
        concern=concern,
        relation=grant.relation,
        request=request,
        changed_fields=TRIAGE_FIELDS,
        detail=item.source_ref,
    )
    return item


@transaction.atomic
def mark_deadline_met(deadline: Deadline, *, actor: User, request: HttpRequest | None = None) -> Deadline:
    """The responsible (or anyone who sees the citizen) marks the deadline's task done."""
    grant = relation_to_citizen(actor, deadline.citizen)
    if grant is None:
        raise PermissionDenied
    if deadline.met_at is not None:
        raise ValidationError(_("Fristen er allerede markeret som overholdt."))
    deadline.met_at, deadline.met_by = timezone.now(), actor
    deadline.full_clean()
    deadline.save(update_fields=["met_at", "met_by"])
    door.record_change(
        actor,
        action=AuditAction.UPDATE,
        citizen=deadline.citizen_id,
        relation=grant.relation,
        request=request,
        changed_fields=("deadline",),
        detail=f"deadline:{deadline.pk}",
    )
    return deadline


# Warn this long before a deadline passes: the 24-hour assessment leaves little room.
WARN_BEFORE = {
    DeadlineKind.ASSESSMENT_24H: timedelta(hours=6),
    DeadlineKind.NETWORK_CONSULTATION_7D: timedelta(days=2),
    DeadlineKind.FIRST_ACTION: timedelta(days=1),
}


def send_deadline_reminders(*, now: datetime | None = None) -> int:
    """Warn each responsible once, shortly before an open deadline passes (e-mail with a link only)."""
    now = now or timezone.now()
    horizon = now + max(WARN_BEFORE.values())
    due = list(
        Deadline.objects.filter(met_at__isnull=True, warned_at__isnull=True, due_at__lte=horizon)
        .exclude(responsible__isnull=True)
        .select_related("responsible")
    )
    warned = [d for d in due if d.due_at - WARN_BEFORE[DeadlineKind(d.kind)] <= now]
    for deadline in warned:
        assert deadline.responsible is not None
        notices.remind_deadline(deadline.responsible, deadline)
    Deadline.objects.filter(pk__in=[d.pk for d in warned]).update(warned_at=now)
    return len(warned)
