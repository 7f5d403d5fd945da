"""Writes of the pre-entry and exit programmes: screening, enrolment, the 12-month status, the exit contract,
monthly coordination meetings, Infohus referral and the transfer to the municipality a citizen moves to.

Each service is atomic, checks its input, writes the programme's own history line, the concern's timeline and the
audit event through the privacy door (``record_change``), and sends e-mail only after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ssp.accounts.models import User
from ssp.casework import notices
from ssp.casework.models import (
    ActionKind,
    ActionStatus,
    CaseAction,
    ContractMeasure,
    Programme,
    ProgrammeEvent,
    ProgrammeTransfer,
    Screening,
    ScreeningItem,
)
from ssp.casework.programmes import (
    OUTCOME_CHOICES,
    ProgrammeKind,
    ProgrammeStatus,
    ScreeningDecision,
    outcome_choices,
    outcome_reminder_state,
)
from ssp.casework.services import write_timeline
from ssp.concerns.access import MANAGING_RELATIONS
from ssp.concerns.models import Concern
from ssp.concerns.timeline import TimelineText
from ssp.meetings import services as meetings_services
from ssp.meetings.models import Meeting
from ssp.privacy import door, policy
from ssp.privacy.models import AuditAction
from ssp.privacy.relations import Relation
from ssp.structure.models import Forum, ForumKind, Municipality

# Who runs a programme: its coordinator, the receiving municipality's coordinator, and the concern's managers.
PROGRAMME_RELATIONS = MANAGING_RELATIONS | {Relation.PROGRAMME_COORDINATOR, Relation.TRANSFERRED_PROGRAMME}

COORDINATION_MONTHS = 12
COORDINATION_AT = time(9, 0)


# The lines programmes write on a concern's timeline (``ssp.concerns.timeline``: stored in Danish, shown translated).
SCREENED_TEXT = TimelineText(gettext_noop("Screenet for pre-entry: %(decision)s"))
STARTED_TEXT = TimelineText(gettext_noop("%(kind)s startet"))
OUTCOME_TEXT = TimelineText(gettext_noop("Status efter 12 måneder registreret"))
ENDED_TEXT = TimelineText(gettext_noop("%(kind)s afsluttet"))
CONTRACT_TEXT = TimelineText(gettext_noop("Exitkontrakten er udvidet"))
COORDINATION_TEXT = TimelineText(gettext_noop("Månedlige koordinationsmøder booket"))
INFOHOUSE_TEXT = TimelineText(gettext_noop("Henvist til Infohus"))
TRANSFER_TEXT = TimelineText(gettext_noop("Forløbet ønskes overdraget til %(to)s"))

# The lines of a programme's own history: stored in Danish like the concern's timeline, shown in the reader's
# language (``timeline_line`` in the page, ``timeline.shown`` in the case record).
HISTORY_STARTED = TimelineText(gettext_noop("Forløbet er startet med koordinator %(name)s"))
HISTORY_OUTCOME = TimelineText(gettext_noop("Status efter 12 måneder: %(outcome)s"))
HISTORY_ENDED = TimelineText(gettext_noop("Forløbet er afsluttet: %(reason)s"))
HISTORY_CONTRACT = TimelineText(gettext_noop("Kontrakt: %(department)s, frist %(due)s"))
HISTORY_COORDINATION = TimelineText(gettext_noop("%(count)d koordinationsmøder booket i %(forum)s"))
HISTORY_INFOHOUSE = TimelineText(gettext_noop("Sagen er bragt ind i Infohuset"))
HISTORY_TRANSFER = TimelineText(gettext_noop("Overdragelse til %(to)s anmodet"))
HISTORY_TRANSFER_ACCEPTED = TimelineText(gettext_noop("Overdragelsen er accepteret af %(to)s"))


def _history(programme: Programme, text: TimelineText, *, actor: User | None, **values: Any) -> None:
    ProgrammeEvent.objects.create(programme=programme, actor=actor, summary=text.line(**values))


@transaction.atomic
def screen_concern(
    concern: Concern,
    *,
    actor: User,
    screened_on: date,
    sign_ids: Iterable[int],
    decision: str,
    reasoning: str,
    forum: Forum | None = None,
    request: HttpRequest | None = None,
) -> Screening:
    """Record the screening forum's assessment against the district's checklist (seed 003, PANTHER I).

    Raises ``ValidationError``: ``reasoning`` empty; ``signs`` not on the district's active checklist.
    """
    if not reasoning.strip():
        raise ValidationError({"reasoning": _("Skriv forummets begrundelse.")})
    ids = set(sign_ids)
    signs = list(
        ScreeningItem.objects.filter(
            pk__in=ids, is_active=True, police_district_id=concern.municipality.police_district_id
        )
    )
    if len(signs) != len(ids):
        raise ValidationError({"signs": _("Et af risikotegnene er ikke på politikredsens tjekliste.")})
    screening = Screening(
        concern=concern,
        forum=forum,
        screened_on=screened_on,
        decision=decision,
        reasoning=reasoning.strip(),
        screened_by=actor,
    )
    screening.full_clean()
    screening.save()
    screening.signs.set(signs)
    write_timeline(
        concern,
        actor=actor,
        summary=SCREENED_TEXT.line(decision=ScreeningDecision(screening.decision).label),
        ref=f"screening:{screening.pk}",
        action=AuditAction.CREATE,
        fields=("screening",),
        request=request,
    )
    return screening


@transaction.atomic
def enrol_programme(
    concern: Concern,
    *,
    actor: User,
    kind: str,
    coordinator: User,
    plan: str,
    started_on: date,
    screening: Screening | None = None,
    request: HttpRequest | None = None,
) -> Programme:
    """Start a pre-entry course or an exit programme with a coordinator, who from now on sees the citizen.

    1. The coordinator works in the concern's municipality (or its police district): the relation
       ``PROGRAMME_COORDINATOR`` never opens a citizen to another municipality's staff.
    2. A pre-entry course follows a screening that decided on enrolment.
    Raises ``ValidationError`` on ``coordinator``, ``screening`` and ``plan``.
    """
    if not policy.may_coordinate_programme(coordinator, concern.municipality):
        raise ValidationError({"coordinator": _("Koordinatoren skal arbejde i kommunen eller politikredsen.")})
    if kind == ProgrammeKind.PRE_ENTRY and (screening is None or screening.decision != ScreeningDecision.ENROL):
        raise ValidationError({"screening": _("Et pre-entry-forløb kræver en screening med beslutning om forløb.")})
    if not plan.strip():
        raise ValidationError({"plan": _("Skriv planen for forløbet.")})
    programme = Programme(
        concern=concern,
        kind=kind,
        municipality_id=concern.municipality_id,
        coordinator=coordinator,
        screening=screening,
        plan=plan.strip(),
        started_on=started_on,
        created_by=actor,
    )
    programme.full_clean()
    programme.save()
    _history(programme, HISTORY_STARTED, actor=actor, name=coordinator.get_full_name())
    write_timeline(
        concern,
        actor=actor,
        summary=STARTED_TEXT.line(kind=ProgrammeKind(programme.kind).label),
        ref=f"programme:{programme.pk}",
        action=AuditAction.CREATE,
        fields=("programme", "coordinator"),
        request=request,
    )
    return programme


@transaction.atomic
def record_outcome(
    programme: Programme,
    *,
    actor: User,
    outcome: str,
    note: str = "",
    recorded_on: date | None = None,
    request: HttpRequest | None = None,
) -> Programme:
    """The status one year after a programme started: for a pre-entry course (seed 003) kept out, reoffended,
    moved, unknown; for an exit programme (seed 004) out of the environment, back in it, left the programme, unknown.

    Raises ``ValidationError`` on ``outcome``: not a status of the programme's kind, or before 11 months have
    passed (the status is about the year).
    """
    recorded_on = recorded_on or timezone.localdate()
    if outcome not in dict(outcome_choices(programme.kind)):
        raise ValidationError({"outcome": _("Vælg en status, der gælder for denne type forløb.")})
    if recorded_on < programme.started_on + relativedelta(months=11):
        raise ValidationError({"outcome": _("Status kan tidligst registreres 11 måneder efter start.")})
    programme.outcome = outcome
    programme.outcome_note = note.strip()
    programme.outcome_recorded_on = recorded_on
    programme.full_clean()
    programme.save()
    _history(programme, HISTORY_OUTCOME, actor=actor, outcome=dict(OUTCOME_CHOICES)[programme.outcome])
    write_timeline(
        programme.concern,
        actor=actor,
        summary=OUTCOME_TEXT.line(),
        ref=f"programme:{programme.pk}",
        fields=("outcome",),
        request=request,
    )
    return programme


@transaction.atomic
def end_programme(
    programme: Programme, *, actor: User, ended_on: date, reason: str, request: HttpRequest | None = None
) -> Programme:
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor forløbet afsluttes.")})
    if ended_on < programme.started_on:
        raise ValidationError({"ended_on": _("Slutdatoen ligger før starten.")})
    programme.status = ProgrammeStatus.ENDED
    programme.ended_on = ended_on
    programme.full_clean()
    programme.save()
    _history(programme, HISTORY_ENDED, actor=actor, reason=reason.strip())
    write_timeline(
        programme.concern,
        actor=actor,
        summary=ENDED_TEXT.line(kind=ProgrammeKind(programme.kind).label),
        ref=f"programme:{programme.pk}",
        fields=("status", "ended_on"),
        request=request,
    )
    return programme


def _check_exit(programme: Programme) -> None:
    if programme.kind != ProgrammeKind.EXIT or programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError({"__all__": _("Det gælder kun et exitprogram, der er i gang.")})


@transaction.atomic
def add_contract_measure(
    programme: Programme,
    *,
    actor: User,
    department: str,
    measure: str,
    due_on: date,
    request: HttpRequest | None = None,
) -> ContractMeasure:
    """A line of the exit contract: which department delivers which measure by when (seed 004)."""
    _check_exit(programme)
    line = ContractMeasure(programme=programme, department=department.strip(), measure=measure.strip(), due_on=due_on)
    line.full_clean()
    line.save()
    _history(programme, HISTORY_CONTRACT, actor=actor, department=line.department, due=due_on.strftime("%d.%m.%Y"))
    write_timeline(
        programme.concern,
        actor=actor,
        summary=CONTRACT_TEXT.line(),
        ref=f"programme:{programme.pk}",
        fields=("contract",),
        request=request,
    )
    return line


def coordination_forum(programme: Programme) -> Forum:
    """The exit unit covering the municipality, else its coordination forum; ``ValidationError`` if neither."""
    municipality = programme.municipality
    candidates = Forum.objects.filter(kind__in=[ForumKind.EXIT_UNIT, ForumKind.CASE_COORDINATION]).filter(
        municipality=municipality
    ) | Forum.objects.filter(kind=ForumKind.EXIT_UNIT, police_district_id=municipality.police_district_id)
    forum = min(candidates, key=lambda f: (f.kind != ForumKind.EXIT_UNIT, f.pk), default=None)
    if forum is None:
        raise ValidationError({"__all__": _("Der er ingen exit-enhed eller samordningsforum i strukturen.")})
    return forum


def _weekday_in_month(day: date) -> date:
    """The nearest weekday in the same month: forward from a weekend, or back to Friday at the month's end."""
    forward = day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
    return forward if forward.month == day.month else day - timedelta(days=day.weekday() - 4)


@transaction.atomic
def schedule_coordination_meetings(
    programme: Programme, *, actor: User, months: int = COORDINATION_MONTHS, request: HttpRequest | None = None
) -> list[Meeting]:
    """One coordination meeting a month while the programme runs (seed 004: "minimum en gang om måneden").

    Booked in the meetings capability (``coordination_forum``), on the first weekday on or after the programme's
    start day each month, at 09:00, for ``months`` months from the next such date; months already booked are kept.
    """
    _check_exit(programme)
    forum = coordination_forum(programme)
    booked = {timezone.localtime(m.starts_at).date().replace(day=1) for m in programme.coordination_meetings.all()}
    today = timezone.localdate()
    first = programme.started_on if programme.started_on > today else today
    made = []
    for offset in range(months):
        day = _weekday_in_month((first + relativedelta(months=offset)).replace(day=min(programme.started_on.day, 28)))
        if day.replace(day=1) in booked or day < today:
            continue
        starts_at = timezone.make_aware(datetime.combine(day, COORDINATION_AT))
        meeting = meetings_services.create_meeting(
            forum,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            place="",
            actor=actor,
            host=programme.municipality,
        )
        made.append(meeting)
    programme.coordination_meetings.add(*made)
    _history(programme, HISTORY_COORDINATION, actor=actor, count=len(made), forum=forum.name)
    write_timeline(
        programme.concern,
        actor=actor,
        summary=COORDINATION_TEXT.line(),
        ref=f"programme:{programme.pk}",
        fields=("coordination_meetings",),
        request=request,
    )
    return made


@transaction.atomic
def refer_to_infohus(
    programme: Programme, *, actor: User, reason: str, request: HttpRequest | None = None
) -> CaseAction:
    """Bring the case to Infohus when the seed says so: further qualification of the degree of concern or safety."""
    _check_exit(programme)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor sagen bringes ind i Infohuset.")})
    today = timezone.localdate()
    action = CaseAction(
        concern=programme.concern,
        kind=ActionKind.INFOHUS_REFERRAL,
        owner=actor,
        due_on=today,
        status=ActionStatus.DONE,
        done_on=today,
        outcome=reason.strip(),
        created_by=actor,
    )
    action.full_clean()
    action.save()
    _history(programme, HISTORY_INFOHOUSE, actor=actor)
    write_timeline(
        programme.concern,
        actor=actor,
        summary=INFOHOUSE_TEXT.line(),
        ref=f"case_action:{action.pk} programme:{programme.pk}",
        action=AuditAction.CREATE,
        fields=("case_action",),
        request=request,
    )
    return action


@transaction.atomic
def request_transfer(
    programme: Programme, *, actor: User, to_municipality: Municipality, request: HttpRequest | None = None
) -> ProgrammeTransfer:
    """The citizen moves: ask the receiving municipality to accept the programme. Nothing opens before it does."""
    if programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError({"__all__": _("Kun et forløb i gang kan overdrages.")})
    if to_municipality.pk == programme.municipality_id:
        raise ValidationError({"to_municipality": _("Vælg den kommune, borgeren flytter til.")})
    if programme.transfers.filter(accepted_at__isnull=True).exists():
        raise ValidationError({"__all__": _("Der er allerede en overdragelse, som venter på svar.")})
    transfer = ProgrammeTransfer(programme=programme, to_municipality=to_municipality, requested_by=actor)
    transfer.full_clean()
    transfer.save()
    _history(programme, HISTORY_TRANSFER, actor=actor, to=to_municipality.name)
    write_timeline(
        programme.concern,
        actor=actor,
        summary=TRANSFER_TEXT.line(to=to_municipality.name),
        ref=f"transfer:{transfer.pk}",
        fields=("transfer",),
        request=request,
    )
    return transfer


@transaction.atomic
def accept_transfer(
    transfer: ProgrammeTransfer, *, actor: User, coordinator: User, request: HttpRequest | None = None
) -> ProgrammeTransfer:
    """The receiving municipality accepts with its own coordinator, who then sees the citizen (TRANSFERRED_PROGRAMME).

    The first municipality keeps its coordinator and its duty for the programme's duration (seed 004). Both sides
    are in the audit log: the request by the first municipality, the acceptance here by the receiving one.
    Raises ``PermissionDenied``-like ``ValidationError`` on ``__all__`` when the actor does not work in the
    receiving municipality, on ``coordinator`` when the coordinator does not.
    """
    if transfer.accepted_at is not None:
        raise ValidationError({"__all__": _("Overdragelsen er allerede accepteret.")})
    if not policy.may_accept_programme_transfer(actor, to_municipality_id=transfer.to_municipality_id):
        raise ValidationError(
            {"__all__": _("Kun SSP-konsulenter og ledere i den modtagende kommune accepterer overdragelser.")}
        )
    if not policy.may_coordinate_programme(coordinator, transfer.to_municipality):
        raise ValidationError({"coordinator": _("Koordinatoren skal arbejde i den modtagende kommune.")})
    transfer.receiving_coordinator = coordinator
    transfer.accepted_at = timezone.now()
    transfer.full_clean()
    transfer.save()
    programme = transfer.programme
    _history(programme, HISTORY_TRANSFER_ACCEPTED, actor=actor, to=transfer.to_municipality.name)
    door.record_change(
        actor,
        action=AuditAction.GRANT_ACCESS,
        concern=programme.concern,
        citizen=programme.concern.citizen_id,
        relation=Relation.TRANSFERRED_PROGRAMME,
        changed_fields=("receiving_coordinator", "accepted_at"),
        detail=f"transfer:{transfer.pk} from:{programme.municipality_id} to:{transfer.to_municipality_id} user:{coordinator.pk}",
        request=request,
    )
    programme.concern.last_activity_at = timezone.now()
    programme.concern.save(update_fields=["last_activity_at"])
    return transfer


@transaction.atomic
def send_outcome_reminders(*, today: date | None = None) -> int:
    """Remind coordinators that a programme's 12-month status is due (two weeks ahead) and, once, overdue."""
    today = today or timezone.localdate()
    open_courses = Programme.objects.filter(
        outcome="", started_on__lte=today - relativedelta(months=12) + timedelta(days=14)
    ).select_related("coordinator")
    due: list[tuple[Programme, bool]] = []
    for programme in open_courses:
        state = outcome_reminder_state(programme.started_on, today=today, recorded=False)
        if state == "ahead" and programme.outcome_reminded_ahead_at is None:
            due.append((programme, False))
        elif state == "overdue" and programme.outcome_reminded_overdue_at is None:
            due.append((programme, True))
    notices.send_outcome_reminders(due)
    now = timezone.now()
    Programme.objects.filter(pk__in=[p.pk for p, overdue in due if not overdue]).update(outcome_reminded_ahead_at=now)
    Programme.objects.filter(pk__in=[p.pk for p, overdue in due if overdue]).update(outcome_reminded_overdue_at=now)
    return len(due)
