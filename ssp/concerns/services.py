"""Writes on citizens and concerns: each atomic, with an acting user, one audit event and a timeline entry.

The caller has already decided through ``ssp.privacy`` (or ``ssp.concerns.access``) that ``actor`` may do this;
the services record the relation used so the audit log says why the change was allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from ssp.accounts.models import User
from ssp.concerns.models import (
    Citizen,
    Concern,
    ConcernEvent,
    ConcernNote,
    ConcernStatus,
    ConcernTeamMember,
    Track,
)
from ssp.concerns.timeline import TimelineText
from ssp.concerns.tracks import propose_track
from ssp.lib import cpr as cpr_lib
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import Grant, Relation, may_be_caseworker, may_edit_citizen, serves_municipality
from ssp.structure.models import Municipality, Organisation

EventKind = ConcernEvent.Kind
# Said when a CPR number is already registered, also to a user who may not see that citizen: it names nobody.
DUPLICATE_CPR = _lazy("Der findes allerede en borger med dette CPR-nummer; kontakt SSP-konsulenten.")


@dataclass
class CitizenRegistration:
    citizen: Citizen
    warnings: list[str] = field(default_factory=list)


# The lines this module writes on a concern's timeline (``ssp.concerns.timeline``: stored in Danish, shown translated).
OPENED_TEXT = TimelineText(gettext_noop("Sag oprettet (%(track)s)"))
NOTE_TEXT = TimelineText(gettext_noop("Notat tilføjet"))
NOTE_115_TEXT = TimelineText(gettext_noop("Notat tilføjet (oplysninger efter retsplejelovens §115)"))
TRACK_TEXT = TimelineText(gettext_noop("Spor ændret til %(track)s"))
STATUS_TEXT = TimelineText(gettext_noop("Status ændret til %(status)s"))
CLOSED_TEXT = TimelineText(gettext_noop("Sag lukket"))
REOPENED_TEXT = TimelineText(gettext_noop("Sag genåbnet"))
CASEWORKER_TEXT = TimelineText(gettext_noop("Sagsbehandler: %(name)s"))
CASEWORKER_REMOVED_TEXT = TimelineText(gettext_noop("Sagsbehandler fjernet"))
MEMBER_ADDED_TEXT = TimelineText(gettext_noop("%(name)s tilføjet til teamet"))
MEMBER_REMOVED_TEXT = TimelineText(gettext_noop("%(name)s fjernet fra teamet"))


def _event(concern: Concern, *, actor: User, kind: str, summary: str, ref: str = "") -> ConcernEvent:
    """``summary`` is a line from ``TimelineText.line``."""
    event = ConcernEvent(concern=concern, actor=actor, kind=kind, summary=summary, ref=ref, at=timezone.now())
    event.full_clean()
    event.save()
    return event


def _touch(concern: Concern, *, fields: Iterable[str] = ()) -> None:
    concern.last_activity_at = timezone.now()
    concern.full_clean()
    concern.save(update_fields=["last_activity_at", *fields])


def check_cpr(raw: str) -> tuple[str, list[str]]:
    """The normalised number and soft warnings; raises ``ValidationError`` on field ``cpr`` when impossible."""
    try:
        result = cpr_lib.parse(raw)
    except ValidationError as error:
        # ssp.lib.cpr raises field-less errors; forms and the API show them on the ``cpr`` field.
        raise ValidationError({"cpr": error.error_list}) from None
    return result.number, list(result.warnings)


CITIZEN_FIELDS = ("first_name", "last_name", "municipality", "birth_date", "gender", "school", "cpr")
CONCERN_FIELDS = ("track", "source", "severity", "status", "summary", "school_context", "responsible", "caseworker")


def _new_citizen(
    *,
    first_name: str,
    last_name: str,
    municipality: Municipality,
    cpr: str,
    birth_date: date | None,
    gender: str,
    school: Organisation | None,
) -> CitizenRegistration:
    warnings: list[str] = []
    citizen = Citizen(
        first_name=first_name,
        last_name=last_name,
        municipality=municipality,
        birth_date=birth_date,
        gender=gender,
        school=school,
    )
    if cpr:
        number, warnings = check_cpr(cpr)
        if Citizen.objects.by_cpr(number).exists():
            raise ValidationError({"cpr": DUPLICATE_CPR})
        citizen.cpr = number
        citizen.birth_date = cpr_lib.birth_date(number)
        citizen.gender = cpr_lib.gender(number)
    citizen.full_clean()
    citizen.save()
    return CitizenRegistration(citizen=citizen, warnings=warnings)


@transaction.atomic
def register_citizen(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    municipality: Municipality,
    cpr: str = "",
    birth_date: date | None = None,
    gender: str = "",
    school: Organisation | None = None,
    request: HttpRequest | None = None,
) -> CitizenRegistration:
    """Create a citizen, identified by CPR number or not yet.

    1. A CPR number is parsed by ``ssp.lib.cpr``: an impossible or future date is an error on ``cpr``; a failed
       modulus-11 check is only a warning (numbers issued since 2007 need not pass it).
    2. Birth date and gender come from the number when one is given.
    3. A number already registered is an error on ``cpr`` that names nobody (duplicate prevention).
    """
    registration = _new_citizen(
        first_name=first_name,
        last_name=last_name,
        municipality=municipality,
        cpr=cpr,
        birth_date=birth_date,
        gender=gender,
        school=school,
    )
    door.record_change(
        actor=actor,
        action=AuditAction.CREATE,
        citizen=registration.citizen,
        request=request,
        changed_fields=CITIZEN_FIELDS,
    )
    return registration


@transaction.atomic
def identify_citizen(
    citizen: Citizen, *, actor: User, cpr: str, grant: Grant, request: HttpRequest | None = None
) -> list[str]:
    """Give a citizen a CPR number (identify, or correct a typo); returns soft warnings (see ``register_citizen``).

    Only a relation that may write (``ssp.privacy.policy.may_edit_citizen``) sets the number: an agenda participant,
    a school representative or emergency access only reads (issue 8, hole 2).
    """
    if not may_edit_citizen(grant):
        raise PermissionDenied
    number, warnings = check_cpr(cpr)
    if Citizen.objects.by_cpr(number).exclude(pk=citizen.pk).exists():
        raise ValidationError({"cpr": DUPLICATE_CPR})
    citizen.cpr = number
    citizen.birth_date = cpr_lib.birth_date(number)
    citizen.gender = cpr_lib.gender(number)
    citizen.full_clean()
    citizen.save()
    door.record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        citizen=citizen,
        relation=grant.relation,
        request=request,
        changed_fields=["cpr", "birth_date", "gender"],
    )
    return warnings


def _new_concern(
    citizen: Citizen,
    *,
    actor: User,
    source: str,
    severity: str,
    summary: str,
    track: str,
    school_context: bool,
    caseworker: User | None,
) -> Concern:
    chosen = track or propose_track(citizen.birth_date, on=timezone.localdate())
    if not chosen:
        raise ValidationError({"track": _("Vælg et spor; alderen giver ikke et forslag.")})
    now = timezone.now()
    concern = Concern(
        citizen=citizen,
        municipality=citizen.municipality,
        track=chosen,
        source=source,
        severity=severity,
        status=ConcernStatus.OPEN,
        summary=summary,
        school_context=school_context,
        responsible=actor,
        caseworker=caseworker,
        opened_at=now,
        last_activity_at=now,
    )
    concern.full_clean()
    concern.save()
    summary_text = OPENED_TEXT.line(track=Track(concern.track).label)
    _event(concern, actor=actor, kind=EventKind.OPENED, summary=summary_text)
    return concern


@transaction.atomic
def open_concern(
    citizen: Citizen,
    *,
    actor: User,
    source: str,
    severity: str,
    summary: str = "",
    track: str = "",
    school_context: bool = False,
    caseworker: User | None = None,
    request: HttpRequest | None = None,
) -> Concern:
    """Open a concern about ``citizen`` in the citizen's municipality with ``actor`` as responsible consultant.

    The track is proposed from the age (``ssp.concerns.tracks``) when none is given; with no proposal (age
    unknown, 25 or over) the track is an error on ``track``.
    """
    concern = _new_concern(
        citizen,
        actor=actor,
        source=source,
        severity=severity,
        summary=summary,
        track=track,
        school_context=school_context,
        caseworker=caseworker,
    )
    door.record_change(
        actor=actor,
        action=AuditAction.CREATE,
        citizen=citizen,
        concern=concern,
        relation=Relation.RESPONSIBLE,
        request=request,
        changed_fields=CONCERN_FIELDS,
    )
    return concern


@transaction.atomic
def open_concern_for_new_citizen(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    cpr: str = "",
    birth_date: date | None = None,
    source: str,
    severity: str,
    summary: str = "",
    track: str = "",
    school_context: bool = False,
    request: HttpRequest | None = None,
) -> Concern:
    """Register the citizen in ``actor``'s municipality and open the first concern, as one change, one audit event."""
    if actor.municipality is None:
        raise ValidationError(_("Du er ikke knyttet til en kommune og kan ikke oprette sager."))
    registration = _new_citizen(
        first_name=first_name,
        last_name=last_name,
        municipality=actor.municipality,
        cpr=cpr,
        birth_date=birth_date,
        gender="",
        school=None,
    )
    concern = _new_concern(
        registration.citizen,
        actor=actor,
        source=source,
        severity=severity,
        summary=summary,
        track=track,
        school_context=school_context,
        caseworker=None,
    )
    door.record_change(
        actor=actor,
        action=AuditAction.CREATE,
        citizen=registration.citizen,
        concern=concern,
        relation=Relation.RESPONSIBLE,
        request=request,
        changed_fields=CITIZEN_FIELDS + CONCERN_FIELDS,
    )
    return concern


@transaction.atomic
def add_note(
    concern: Concern,
    *,
    actor: User,
    text: str,
    grant: Grant,
    section_115: bool = False,
    request: HttpRequest | None = None,
) -> ConcernNote:
    note = ConcernNote(concern=concern, author=actor, text=text, section_115=section_115, created_at=timezone.now())
    note.full_clean()
    note.save()
    summary = (NOTE_115_TEXT if section_115 else NOTE_TEXT).line()
    _event(concern, actor=actor, kind=EventKind.NOTE_ADDED, summary=summary, ref=f"note:{note.pk}")
    _touch(concern)
    door.record_change(
        actor=actor,
        action=AuditAction.CREATE,
        citizen=concern.citizen,
        concern=concern,
        relation=grant.relation,
        request=request,
        changed_fields=["note.text", "note.section_115"],
        detail=f"note:{note.pk}",
    )
    return note


@transaction.atomic
def update_concern(
    concern: Concern, *, actor: User, grant: Grant, track: str, status: str, request: HttpRequest | None = None
) -> list[str]:
    """Change track and/or status (open or active); returns the fields changed, each a timeline entry.

    Closing needs a reason and goes through ``close_concern``; a closed concern is reopened first.
    """
    if status == ConcernStatus.CLOSED:
        raise ValidationError({"status": _("Brug 'Luk sag' og angiv en begrundelse.")})
    if concern.status == ConcernStatus.CLOSED:
        raise ValidationError({"status": _("Sagen er lukket; genåbn den først.")})
    changed = [name for name, value in (("track", track), ("status", status)) if getattr(concern, name) != value]
    if not changed:
        return []
    concern.track, concern.status = track, status
    _touch(concern, fields=changed)
    if "track" in changed:
        text = TRACK_TEXT.line(track=Track(concern.track).label)
        _event(concern, actor=actor, kind=EventKind.STATUS_CHANGED, summary=text)
    if "status" in changed:
        text = STATUS_TEXT.line(status=ConcernStatus(concern.status).label)
        _event(concern, actor=actor, kind=EventKind.STATUS_CHANGED, summary=text)
    door.record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        citizen=concern.citizen,
        concern=concern,
        relation=grant.relation,
        request=request,
        changed_fields=changed,
    )
    return changed


@transaction.atomic
def close_concern(
    concern: Concern, *, actor: User, reason: str, grant: Grant, request: HttpRequest | None = None
) -> Concern:
    if concern.status == ConcernStatus.CLOSED:
        raise ValidationError({"reason": _("Sagen er allerede lukket.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Angiv hvorfor sagen lukkes.")})
    concern.status = ConcernStatus.CLOSED
    concern.closed_reason = reason.strip()
    concern.closed_at = timezone.now()
    _touch(concern, fields=["status", "closed_reason", "closed_at"])
    _event(concern, actor=actor, kind=EventKind.CLOSED, summary=CLOSED_TEXT.line())
    door.record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        citizen=concern.citizen,
        concern=concern,
        relation=grant.relation,
        request=request,
        changed_fields=["status", "closed_reason", "closed_at"],
    )
    return concern


@transaction.atomic
def reopen_concern(concern: Concern, *, actor: User, grant: Grant, request: HttpRequest | None = None) -> Concern:
    if concern.status != ConcernStatus.CLOSED:
        raise ValidationError({"status": _("Sagen er ikke lukket.")})
    concern.status = ConcernStatus.OPEN
    concern.closed_reason = ""
    concern.closed_at = None
    _touch(concern, fields=["status", "closed_reason", "closed_at"])
    _event(concern, actor=actor, kind=EventKind.REOPENED, summary=REOPENED_TEXT.line())
    door.record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        citizen=concern.citizen,
        concern=concern,
        relation=grant.relation,
        request=request,
        changed_fields=["status", "closed_reason", "closed_at"],
    )
    return concern


def _check_same_municipality(concern: Concern, user: User, field_name: str) -> None:
    if serves_municipality(user, concern.municipality):
        return
    raise ValidationError({field_name: _("Medarbejderen hører ikke til sagens kommune eller politikreds.")})


def _record_team_change(
    concern: Concern, *, actor: User, grant: Grant, request: HttpRequest | None, summary: str, detail: str
) -> None:
    """Activity, timeline entry and audit event of a team change, in the caller's transaction."""
    _touch(concern)
    _event(concern, actor=actor, kind=EventKind.TEAM_CHANGED, summary=summary)
    door.record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        citizen=concern.citizen,
        concern=concern,
        relation=grant.relation,
        request=request,
        changed_fields=["team"],
        detail=detail,
    )


@transaction.atomic
def assign_caseworker(
    concern: Concern, *, actor: User, caseworker: User | None, grant: Grant, request: HttpRequest | None = None
) -> Concern:
    """Name (or clear) the citizen's caseworker on ``concern``: the triage meeting records who already has the case."""
    if caseworker is not None and not may_be_caseworker(caseworker, concern.municipality):
        raise ValidationError({"caseworker": _("Vælg en sagsbehandler fra sagens kommune.")})
    concern.caseworker = caseworker
    _touch(concern, fields=["caseworker"])
    summary = CASEWORKER_TEXT.line(name=caseworker.get_full_name()) if caseworker else CASEWORKER_REMOVED_TEXT.line()
    _event(concern, actor=actor, kind=EventKind.TEAM_CHANGED, summary=summary)
    door.record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        citizen=concern.citizen,
        concern=concern,
        relation=grant.relation,
        request=request,
        changed_fields=["caseworker"],
    )
    return concern


@transaction.atomic
def add_team_member(
    concern: Concern, *, actor: User, user: User, grant: Grant, request: HttpRequest | None = None
) -> ConcernTeamMember:
    _check_same_municipality(concern, user, "user")
    if ConcernTeamMember.objects.filter(concern=concern, user=user).exists():
        raise ValidationError({"user": _("Medarbejderen er allerede med i teamet.")})
    member = ConcernTeamMember(concern=concern, user=user, added_by=actor, added_at=timezone.now())
    member.full_clean()
    member.save()
    _record_team_change(
        concern,
        actor=actor,
        grant=grant,
        request=request,
        summary=MEMBER_ADDED_TEXT.line(name=user.get_full_name()),
        detail=f"added user:{user.pk}",
    )
    return member


@transaction.atomic
def remove_team_member(
    concern: Concern, *, actor: User, user: User, grant: Grant, request: HttpRequest | None = None
) -> None:
    deleted, _rows = ConcernTeamMember.objects.filter(concern=concern, user=user).delete()
    if not deleted:
        raise ValidationError({"user": _("Medarbejderen er ikke med i teamet.")})
    _record_team_change(
        concern,
        actor=actor,
        grant=grant,
        request=request,
        summary=MEMBER_REMOVED_TEXT.line(name=user.get_full_name()),
        detail=f"removed user:{user.pk}",
    )


@transaction.atomic
def reveal_cpr(citizen: Citizen, *, actor: User, grant: Grant, request: HttpRequest | None = None) -> str:
    """The number in clear for a user who already sees the citizen; the reveal itself is the audit event."""
    door.record_change(
        actor=actor, action=AuditAction.REVEAL_CPR, citizen=citizen, relation=grant.relation, request=request
    )
    return citizen.cpr
