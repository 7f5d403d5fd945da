"""The relations through which the concerns capability lets a user see a citizen, registered with the privacy core.

``ConcernsConfig.ready`` registers them (in this order, the strongest first): the responsible SSP consultant, the
concern's team, the citizen's caseworker, and the representative of the citizen's school. Why the law allows each
is written in docs/privacy.md.

The school representative holds only while all of these are true (issue 8, hole 6): the concern was raised in
school (``school_context``), it is on the child track (SSP, never SSP+, PSP or KSP), the citizen is of school age
(under 18 on the day, or no birth date known yet), the citizen is registered as a pupil of an organisation where the
user has a current position, and the user works in a school role. A case once raised in school does not follow a
young adult into PSP or the adult tracks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ssp.accounts.models import SCHOOL_ROLES, User
from ssp.concerns.models import Concern, ConcernTeamMember, Track
from ssp.privacy.relations import Relation, RelationSource, register_concern_model, register_source
from ssp.structure.models import Position, current_on_q

# School age ends with the child track: SSP's target group is children "frem til det 18. år" (seed 004).
SCHOOL_AGE_UNTIL = 18
NEVER = Q(pk__in=[])


def _eighteen_years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - SCHOOL_AGE_UNTIL)
    except ValueError:  # 29 February
        return day.replace(year=day.year - SCHOOL_AGE_UNTIL, day=28)


def _school_age_child_q(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}school_context": True, f"{prefix}track": Track.SSP}) & (
        Q(**{f"{prefix}citizen__birth_date__isnull": True})
        | Q(**{f"{prefix}citizen__birth_date__gt": _eighteen_years_before(on)})
    )


def _responsible_holders(concern: Concern, at: datetime) -> Iterable[User]:
    return [concern.responsible] if concern.responsible is not None and concern.responsible.is_active else []


def _team_q(user: User, at: datetime) -> Q:
    return Q(Exists(ConcernTeamMember.objects.filter(concern=OuterRef("pk"), user=user)))


def _team_holds(user: User, concern: Concern, at: datetime) -> bool:
    return ConcernTeamMember.objects.filter(concern=concern, user=user).exists()


def _team_holders(concern: Concern, at: datetime) -> Iterable[User]:
    links = ConcernTeamMember.objects.filter(concern=concern, user__is_active=True).select_related("user")
    return [link.user for link in links.order_by("added_at", "pk")]


def _caseworker_holders(concern: Concern, at: datetime) -> Iterable[User]:
    return [concern.caseworker] if concern.caseworker is not None and concern.caseworker.is_active else []


def _school_q(user: User, at: datetime) -> Q:
    if user.role not in SCHOOL_ROLES:
        return NEVER
    on = timezone.localdate(at)
    positions = Position.objects.current(on).filter(user=user, organisation=OuterRef("citizen__school_id"))
    return _school_age_child_q(on) & Q(Exists(positions))


def _school_holds(user: User, concern: Concern, at: datetime) -> bool:
    if user.role not in SCHOOL_ROLES or not concern.school_context:
        return False
    on = timezone.localdate(at)
    qualifies = Concern.objects.filter(_school_age_child_q(on), pk=concern.pk)
    return bool(
        Position.objects.current(on)
        .filter(user=user, organisation__pupils__pk=concern.citizen_id)
        .filter(Exists(qualifies))
        .exists()
    )


def _school_holders(concern: Concern, at: datetime) -> Iterable[User]:
    on = timezone.localdate(at)
    if not concern.school_context or not Concern.objects.filter(_school_age_child_q(on), pk=concern.pk).exists():
        return []
    return list(
        User.objects.filter(role__in=SCHOOL_ROLES, is_active=True)
        .filter(current_on_q(on, prefix="positions__"), positions__organisation__pupils__pk=concern.citizen_id)
        .distinct()
        .order_by("username")
    )


def register() -> None:
    """Register the concern model and the four sources, strongest first (the policy asks them in this order)."""
    register_concern_model(Concern)
    for source in (
        RelationSource(
            Relation.RESPONSIBLE,
            app_label="concerns",
            concern_q=lambda user, at: Q(responsible=user),
            holds=lambda user, concern, at: bool(concern.responsible_id == user.pk),
            holders=_responsible_holders,
            may_write=True,
        ),
        RelationSource(Relation.TEAM_MEMBER, "concerns", _team_q, None, _team_holds, _team_holders, may_write=True),
        RelationSource(
            Relation.CASEWORKER,
            app_label="concerns",
            concern_q=lambda user, at: Q(caseworker=user),
            holds=lambda user, concern, at: bool(concern.caseworker_id == user.pk),
            holders=_caseworker_holders,
            may_write=True,
        ),
        RelationSource(Relation.SCHOOL_REPRESENTATIVE, "concerns", _school_q, None, _school_holds, _school_holders),
    ):
        register_source(source)
