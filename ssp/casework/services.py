"""Writes of case work: plan and record case actions, letter templates and letters to parents.

The caller has fetched the concern through ``ssp.privacy`` (which writes the audit event of the access and says
through which relation); these services check what that relation allows, change state atomically and write the
concern's timeline. Files (templates, letters) go to the configured storage; a failed transaction removes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ssp.accounts.models import User
from ssp.casework import letters, notices
from ssp.casework.models import ActionKind, ActionStatus, CaseAction, Letter, LetterTemplate
from ssp.citizens.models import Citizen, Guardian
from ssp.concerns.models import Concern, ConcernEvent
from ssp.concerns.timeline import TimelineText
from ssp.meetings import services as meetings_services
from ssp.meetings.models import Agreement, AgreementStatus
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import relation_to_concern
from ssp.structure.models import Forum, ForumKind, Municipality

# Owners are reminded this many days before an action's due date, and once more when it is overdue.
REMINDER_DAYS = 2


def _audit(
    concern: Concern,
    *,
    actor: User,
    action: AuditAction,
    fields: Iterable[str] = (),
    detail: str = "",
    request: HttpRequest | None = None,
) -> None:
    """The change's audit event through the privacy door, with the relation that allowed it."""
    grant = relation_to_concern(actor, concern)
    door.record_change(
        actor,
        action=action,
        concern=concern,
        citizen=concern.citizen_id,
        relation=grant.relation if grant else "",
        changed_fields=fields,
        detail=detail,
        request=request,
    )


# The lines case work writes on a concern's timeline (``ssp.concerns.timeline``: stored in Danish, shown translated).
PLANNED_TEXT = TimelineText(gettext_noop("%(kind)s planlagt til %(due)s"))
DONE_TEXT = TimelineText(gettext_noop("%(kind)s udført %(day)s"))
CANCELLED_TEXT = TimelineText(gettext_noop("%(kind)s aflyst"))
LETTERS_TEXT = TimelineText(gettext_noop("Bekymringsbrev dannet til %(count)d husstand(e)"))
GUARDIAN_TEXT = TimelineText(gettext_noop("Forælder/værge registreret"))
BOOKED_TEXT = TimelineText(gettext_noop("Bekymringssamtale booket %(day)s"))


def write_timeline(
    concern: Concern,
    *,
    actor: User,
    summary: str,
    ref: str,
    action: AuditAction = AuditAction.UPDATE,
    fields: Iterable[str] = (),
    request: HttpRequest | None = None,
) -> None:
    """One line on the concern's timeline (names no person), the activity clock and the audit event."""
    _audit(concern, actor=actor, action=action, fields=fields, detail=ref, request=request)
    event = ConcernEvent(concern=concern, actor=actor, kind=ConcernEvent.Kind.ACTION, summary=summary, ref=ref)
    event.full_clean()
    event.save()
    concern.last_activity_at = timezone.now()
    concern.save(update_fields=["last_activity_at"])


def _check_owner(concern: Concern, owner: User) -> None:
    # The owner must already see the concern: planning an action never grants access by itself (that is the
    # team's or the privacy module's decision), so an owner without a relation is refused on the field.
    if relation_to_concern(owner, concern) is None:
        raise ValidationError(
            {"owner": _("Den ansvarlige har ikke adgang til sagen. Tilføj personen til sagens team.")}
        )


def _check_staff(concern: Concern, staff: Iterable[User]) -> list[User]:
    people = list(staff)
    outsiders = [person for person in people if relation_to_concern(person, concern) is None]
    if outsiders:
        raise ValidationError(
            {"staff": _("%(count)d af deltagerne har ikke adgang til sagen.") % {"count": len(outsiders)}}
        )
    return people


@transaction.atomic
def plan_action(
    concern: Concern,
    *,
    kind: str,
    owner: User,
    due_on: date,
    actor: User,
    note: str = "",
    staff: Iterable[User] = (),
    young_person_attends: bool = False,
    source_ref: str = "",
    request: HttpRequest | None = None,
) -> CaseAction:
    """Plan one case action with an owner and a due date; it shows in the owner's work queue until recorded.

    Raises ``ValidationError`` on ``owner``/``staff`` when they have no relation to the concern, on ``kind`` for
    an unknown kind and on ``due_on`` for a date more than a year back.
    """
    if due_on < timezone.localdate().replace(year=timezone.localdate().year - 1):
        raise ValidationError({"due_on": _("Datoen ligger mere end et år tilbage.")})
    _check_owner(concern, owner)
    people = _check_staff(concern, staff)
    action = CaseAction(
        concern=concern,
        kind=kind,
        owner=owner,
        due_on=due_on,
        note=note.strip(),
        young_person_attends=young_person_attends,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    action.staff.set(people)
    write_timeline(
        concern,
        actor=actor,
        action=AuditAction.CREATE,
        fields=("case_action",),
        request=request,
        summary=PLANNED_TEXT.line(kind=ActionKind(action.kind).label, due=due_on.strftime("%d.%m.%Y")),
        ref=f"case_action:{action.pk} {source_ref}".strip()[:100],
    )
    return action


def plan_first_action(
    concern: Concern,
    *,
    kind: str,
    owner: User,
    due_on: date,
    actor: User,
    note: str = "",
    source_ref: str = "",
    request: HttpRequest | None = None,
) -> CaseAction:
    """The triage decision "SSP task with planned first action and owner" (called by ``ssp.intake``).

    Same rules and errors as ``plan_action`` (the owner must already have a relation to the concern: add them to
    the team first); ``source_ref`` (e.g. ``"triage_decision:17"``) is kept on the timeline line and in the audit
    event, so the case record shows which triage decision planned the action.
    """
    return plan_action(
        concern, kind=kind, owner=owner, due_on=due_on, actor=actor, note=note, source_ref=source_ref, request=request
    )


@transaction.atomic
def record_action(
    action: CaseAction,
    *,
    actor: User,
    done_on: date,
    outcome: str,
    follow_up: str = "",
    follow_up_on: date | None = None,
    phase_situation: str = "",
    phase_responsibility: str = "",
    phase_measures: str = "",
    staff: Iterable[User] | None = None,
    young_person_attends: bool | None = None,
    request: HttpRequest | None = None,
) -> CaseAction:
    """Record that a planned action was carried out, with its outcome and the follow-up agreed.

    Raises ``ValidationError``: ``outcome`` empty; ``done_on`` in the future; ``follow_up_on`` before ``done_on``;
    ``phase_measures`` empty for a concern conversation (the third phase is what the conversation agrees).
    """
    errors: dict[str, str] = {}
    if not outcome.strip():
        errors["outcome"] = _("Skriv resultatet af indsatsen.")
    if done_on > timezone.localdate():
        errors["done_on"] = _("Datoen ligger i fremtiden.")
    if follow_up_on is not None and follow_up_on < done_on:
        errors["follow_up_on"] = _("Opfølgningen kan ikke ligge før indsatsen.")
    if action.kind == ActionKind.CONCERN_CONVERSATION and not phase_measures.strip():
        errors["phase_measures"] = _("Skriv de tiltag, I aftalte ved samtalen.")
    if action.status != ActionStatus.PLANNED:
        errors["__all__"] = _("Indsatsen er allerede afsluttet.")
    if errors:
        raise ValidationError(errors)
    if staff is not None:
        action.staff.set(_check_staff(action.concern, staff))
    if young_person_attends is not None:
        action.young_person_attends = young_person_attends
    action.status = ActionStatus.DONE
    action.done_on = done_on
    action.outcome = outcome.strip()
    action.follow_up = follow_up.strip()
    action.follow_up_on = follow_up_on
    action.phase_situation = phase_situation.strip()
    action.phase_responsibility = phase_responsibility.strip()
    action.phase_measures = phase_measures.strip()
    action.full_clean()
    action.save()
    write_timeline(
        action.concern,
        actor=actor,
        fields=("status", "done_on", "outcome", "follow_up"),
        request=request,
        summary=DONE_TEXT.line(kind=ActionKind(action.kind).label, day=done_on.strftime("%d.%m.%Y")),
        ref=f"case_action:{action.pk}",
    )
    return action


@transaction.atomic
def cancel_action(action: CaseAction, *, actor: User, reason: str, request: HttpRequest | None = None) -> CaseAction:
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor indsatsen aflyses.")})
    if action.status != ActionStatus.PLANNED:
        raise ValidationError({"__all__": _("Indsatsen er allerede afsluttet.")})
    action.status = ActionStatus.CANCELLED
    action.outcome = reason.strip()
    action.full_clean()
    action.save()
    write_timeline(
        action.concern,
        actor=actor,
        fields=("status", "outcome"),
        request=request,
        summary=CANCELLED_TEXT.line(kind=ActionKind(action.kind).label),
        ref=f"case_action:{action.pk}",
    )
    return action


@transaction.atomic
def add_action_agreement(
    action: CaseAction,
    *,
    actor: User,
    what: str,
    owner: User,
    due_on: date,
    request: HttpRequest | None = None,
) -> Agreement:
    """An agreement made in the action (what, who, by when), kept as the meetings capability's ``Agreement`` so it
    is in its owner's open agreements and reminded like a meeting's. The owner must already see the concern.

    Raises ``ValidationError`` on ``what`` when empty, on ``owner`` without a relation to the concern and on
    ``due_on`` in the past.
    """
    if not what.strip():
        raise ValidationError({"what": _("Skriv hvad der er aftalt.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Fristen ligger i fortiden.")})
    _check_owner(action.concern, owner)
    agreement = meetings_services.add_case_action_agreement(action.pk, what=what, owner=owner, due_on=due_on)
    write_timeline(
        action.concern,
        actor=actor,
        action=AuditAction.CREATE,
        fields=("agreement",),
        request=request,
        summary=_("Aftale ved %(kind)s med frist %(due)s")
        % {"kind": action.get_kind_display(), "due": due_on.strftime("%d.%m.%Y")},
        ref=f"case_action:{action.pk} agreement:{agreement.pk}",
    )
    return agreement


@transaction.atomic
def complete_action_agreement(
    action: CaseAction, *, actor: User, agreement_id: int, request: HttpRequest | None = None
) -> Agreement:
    """Mark one of the action's open agreements done (its owner or whoever may record the action)."""
    agreement = action.agreements.filter(pk=agreement_id, status=AgreementStatus.OPEN).first()
    if agreement is None:
        raise ValidationError({"agreement_id": _("Aftalen findes ikke eller er allerede udført.")})
    meetings_services.complete_agreement(agreement, actor=actor)
    write_timeline(
        action.concern,
        actor=actor,
        fields=("agreement.status",),
        request=request,
        summary=_("Aftale ved %(kind)s udført") % {"kind": action.get_kind_display()},
        ref=f"case_action:{action.pk} agreement:{agreement.pk}",
    )
    return agreement


@contextmanager
def _files_removed_on_failure() -> Iterator[list[str]]:
    """Collect names of files written in a transaction; remove them if the transaction does not commit."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


@transaction.atomic
def upload_letter_template(municipality: Municipality, *, actor: User, name: str, data: bytes) -> LetterTemplate:
    """Store ``data`` as the municipality's letter template after ``letters.check_template`` accepts it.

    The previous template stops being used (it stays stored for the letters made with it). Errors are on
    ``file`` (see ``check_template``) and ``name``.
    """
    if not name.strip():
        raise ValidationError({"name": _("Giv skabelonen et navn.")})
    letters.check_template(data, municipality=municipality.name)
    LetterTemplate.objects.filter(municipality=municipality, is_active=True).update(is_active=False)
    template = LetterTemplate(municipality=municipality, name=name.strip(), uploaded_by=actor)
    with _files_removed_on_failure() as written:
        template.file.save("template.docx", ContentFile(data), save=False)
        written.append(str(template.file.name))
        template.full_clean()
        template.save()
    return template


def active_template(municipality_id: int) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(municipality_id=municipality_id, is_active=True).first()


def template_bytes(template: LetterTemplate | None) -> bytes:
    if template is None:
        return letters.default_template()
    with template.file.open("rb") as handle:
        return bytes(handle.read())


@transaction.atomic
def generate_letters(
    concern: Concern,
    *,
    actor: User,
    action: CaseAction | None = None,
    conversation_at: str = "",
    conversation_place: str = "",
    request: HttpRequest | None = None,
) -> list[Letter]:
    """Fill the municipality's template (or the shipped one) once per household of custody guardians.

    1. Recipients are the citizen's guardians with custody; parents who live apart get a letter each.
    2. Each letter is stored as DOCX and PDF with the concern, under a random file name.
    3. The letters belong to a concern-letter action (``action``, or a new one recorded as done today).
    4. One timeline line names how many letters were made, never to whom.

    Raises ``ValidationError`` (``__all__``) when no guardian has custody, and on ``file`` when the stored
    template can no longer fill (a placeholder the platform stopped providing).
    """
    groups = letters.households(concern.citizen.guardians.order_by("pk"))
    if not groups:
        raise ValidationError(
            {"__all__": _("Der er ikke registreret nogen forælder eller værge med forældremyndighed på sagen.")}
        )
    template = active_template(concern.municipality_id)
    source = template_bytes(template)
    today = timezone.localdate()
    if action is None:
        action = CaseAction(
            concern=concern,
            kind=ActionKind.CONCERN_LETTER,
            owner=actor,
            due_on=today,
            status=ActionStatus.DONE,
            done_on=today,
            outcome=_("Brev sendt til forældrene."),
            created_by=actor,
        )
        action.full_clean()
        action.save()
    made: list[Letter] = []
    with _files_removed_on_failure() as written:
        for number, recipients in enumerate(groups, start=1):
            context = letters.LetterContext(
                municipality=concern.municipality.name,
                child_first_name=concern.citizen.first_name,
                child_full_name=concern.citizen.full_name,
                recipients=recipients,
                sender_name=actor.get_full_name() or actor.username,
                sender_phone=actor.phone,
                sender_email=actor.email,
                written_on=today,
                conversation_at=conversation_at,
                conversation_place=conversation_place,
            )
            docx = letters.render_docx(source, context)
            pdf = letters.render_pdf(docx, title=_("Brev til forældrene"))
            letter = Letter(
                concern=concern,
                action=action,
                template=template,
                household=number,
                recipient_count=len(recipients),
                created_by=actor,
            )
            letter.docx.save("letter.docx", ContentFile(docx), save=False)
            written.append(str(letter.docx.name))
            letter.pdf.save("letter.pdf", ContentFile(pdf), save=False)
            written.append(str(letter.pdf.name))
            letter.full_clean()
            letter.save()
            made.append(letter)
        write_timeline(
            concern,
            actor=actor,
            action=AuditAction.CREATE,
            fields=("letter",),
            request=request,
            summary=LETTERS_TEXT.line(count=len(made)),
            ref=f"case_action:{action.pk}",
        )
    return made


@transaction.atomic
def add_guardian(
    citizen: Citizen,
    *,
    actor: User,
    name: str,
    relation: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    has_custody: bool = False,
    request: HttpRequest | None = None,
) -> Guardian:
    """Register a parent or guardian by hand (a CPR-register lookup could fill the same fields later).

    Raises ``ValidationError`` on ``name``/``relation`` when empty and on ``address`` when a custody holder has
    none (the letter to the parents needs it).
    """
    if has_custody and not address.strip():
        raise ValidationError({"address": _("Skriv adressen: forældremyndighedsindehavere får brev fra kommunen.")})
    guardian = Guardian(
        citizen=citizen,
        name=name.strip(),
        relation=relation.strip(),
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip(),
        has_custody=has_custody,
    )
    guardian.full_clean()
    guardian.save()
    for concern in citizen.concerns.exclude(status="closed"):
        write_timeline(
            concern,
            actor=actor,
            summary=GUARDIAN_TEXT.line(),
            ref=f"guardian:{guardian.pk}",
            action=AuditAction.CREATE,
            fields=("guardian",),
            request=request,
        )
    return guardian


def conversation_forum(concern: Concern) -> Forum:
    """The forum a concern conversation is booked in: the municipality's coordination forum (indsatsmøde).

    Raises ``ValidationError`` (``__all__``) when the municipality has none in its structure.
    """
    forum = (
        Forum.objects.filter(kind=ForumKind.CASE_COORDINATION, municipality_id=concern.municipality_id)
        .order_by("pk")
        .first()
    )
    if forum is None:
        raise ValidationError(
            {"__all__": _("Kommunen har intet samordnings- eller indsatsmøde i strukturen, som samtalen kan bookes i.")}
        )
    return forum


@transaction.atomic
def schedule_conversation(
    action: CaseAction,
    *,
    actor: User,
    starts_at: datetime,
    minutes: int = 60,
    place: str = "",
    request: HttpRequest | None = None,
) -> CaseAction:
    """Book a concern conversation as a meeting and send the staff participants a calendar invitation.

    The meeting (in ``conversation_forum``) and the invitation carry the forum, time and place only; the link
    leads to the action, which the privacy module opens only to those with a relation to the concern.
    Raises ``ValidationError`` on ``__all__`` for another kind or a finished action and on ``starts_at`` for a
    time in the past.
    """
    if action.kind != ActionKind.CONCERN_CONVERSATION or action.status != ActionStatus.PLANNED:
        raise ValidationError({"__all__": _("Kun en planlagt bekymringssamtale kan bookes som møde.")})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Tidspunktet ligger i fortiden.")})
    forum = conversation_forum(action.concern)
    ends_at = starts_at + timedelta(minutes=minutes)
    if action.meeting is None:
        action.meeting = meetings_services.create_meeting(
            forum, starts_at=starts_at, ends_at=ends_at, place=place, actor=actor, host=action.concern.municipality
        )
    else:
        action.meeting = meetings_services.move_meeting(
            action.meeting, starts_at=starts_at, ends_at=ends_at, place=place, actor=actor
        )
    action.due_on = timezone.localtime(starts_at).date()
    action.full_clean()
    action.save()
    people = [action.owner, *action.staff.exclude(pk=action.owner_id)]
    notices.send_conversation_invitations(action, people)
    write_timeline(
        action.concern,
        actor=actor,
        fields=("meeting", "due_on"),
        request=request,
        summary=BOOKED_TEXT.line(day=timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M")),
        ref=f"case_action:{action.pk}",
    )
    return action


@transaction.atomic
def send_action_reminders(*, today: date | None = None) -> int:
    """Remind owners of planned actions due within ``REMINDER_DAYS`` and, once more, of overdue ones."""
    today = today or timezone.localdate()
    planned = CaseAction.objects.filter(status=ActionStatus.PLANNED).select_related("owner")
    ahead = list(
        planned.filter(
            reminded_before_at__isnull=True, due_on__gte=today, due_on__lte=today + timedelta(days=REMINDER_DAYS)
        )
    )
    overdue = list(planned.filter(reminded_overdue_at__isnull=True, due_on__lt=today))
    notices.send_action_reminders([(action, False) for action in ahead] + [(action, True) for action in overdue])
    now = timezone.now()
    CaseAction.objects.filter(pk__in=[action.pk for action in ahead]).update(reminded_before_at=now)
    CaseAction.objects.filter(pk__in=[action.pk for action in overdue]).update(reminded_overdue_at=now)
    return len(ahead) + len(overdue)
