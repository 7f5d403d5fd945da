"""The one place that decides who may see a citizen, and why.

Access follows from a relation between the user and a concern (DESIGN.md's privacy model), never from a role:
managers, municipal administrators and system administrators see nothing without a relation, and a relation to a
citizen in one municipality never opens a citizen in another. The querysets below express every relation as an
``Exists`` subquery, so their query count does not grow with the number of relations or rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from ssp.concerns.models import Citizen, Concern, ConcernTeamMember
from ssp.mail.services import MailDraft, queue_mail
from ssp.privacy import audit
from ssp.privacy.models import AccessGrant, AccessGrantRelation
from ssp.structure.models import Membership, MembershipRole, Position

if TYPE_CHECKING:
    from ssp.accounts.models import User
    from ssp.structure.models import Forum


class Relation(models.TextChoices):
    """The only ways to see a citizen."""

    RESPONSIBLE = "responsible", _("ansvarlig SSP-konsulent")
    TEAM_MEMBER = "team_member", _("medlem af sagens team")
    CASEWORKER = "caseworker", _("borgerens sagsbehandler")
    SCHOOL_REPRESENTATIVE = "school_representative", _("repræsentant for borgerens skole")
    AGENDA_PARTICIPANT = "agenda_participant", _("deltager i personfølsomt dagsordenspunkt")
    EMERGENCY = "emergency", _("nødadgang")


@dataclass(frozen=True)
class Grant:
    relation: Relation
    until: datetime | None  # None = as long as the relation lasts
    concern_id: int | None


SCHOOL_ROLES = ("school_leader", "ssp_teacher")
# Forum members in these roles attend every person-sensitive item of a forum that covers the municipality.
STANDING_ROLES = ("ssp_consultant", "police_prevention_officer", "caseworker")
STANDING_MEMBERSHIP_ROLES = (MembershipRole.CHAIR, MembershipRole.COORDINATOR, MembershipRole.SECRETARY)


def _current_positions(user: User) -> QuerySet[Position]:
    today = timezone.localdate()
    return Position.objects.filter(user=user, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def _live_grants(user: User, at: datetime) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(user=user, valid_from__lte=at, valid_until__gt=at)


def _concern_q(user: User, at: datetime) -> Q:
    grants = _live_grants(user, at)
    q: Q = (
        Q(responsible=user)
        | Q(caseworker=user)
        | Q(Exists(ConcernTeamMember.objects.filter(concern=OuterRef("pk"), user=user)))
        | Q(Exists(grants.filter(concern=OuterRef("pk"))))
        | Q(Exists(grants.filter(concern__isnull=True, citizen=OuterRef("citizen_id"))))
    )
    if user.role in SCHOOL_ROLES:
        q |= Q(school_context=True) & Q(
            Exists(_current_positions(user).filter(organisation=OuterRef("citizen__school_id")))
        )
    return q


def concerns_visible_to(user: User, *, at: datetime | None = None) -> QuerySet[Concern]:
    if not user.is_authenticated or not user.is_active:
        return Concern.objects.none()
    return Concern.objects.filter(_concern_q(user, at or timezone.now()))


def citizens_visible_to(user: User, *, at: datetime | None = None) -> QuerySet[Citizen]:
    if not user.is_authenticated or not user.is_active:
        return Citizen.objects.none()
    moment = at or timezone.now()
    concerns = Concern.objects.filter(_concern_q(user, moment), citizen=OuterRef("pk"))
    citizen_grants = _live_grants(user, moment).filter(citizen=OuterRef("pk"))
    return Citizen.objects.filter(Exists(concerns) | Exists(citizen_grants))


def _grant_from_row(row: AccessGrant, concern_id: int | None) -> Grant:
    return Grant(Relation(row.relation), row.valid_until, concern_id)


def relation_to_concern(user: User, concern: Concern, *, at: datetime | None = None) -> Grant | None:
    """The strongest relation ``user`` has to ``concern`` at ``at`` (now), or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    moment = at or timezone.now()
    if concern.responsible_id == user.pk:
        return Grant(Relation.RESPONSIBLE, None, concern.pk)
    if ConcernTeamMember.objects.filter(concern=concern, user=user).exists():
        return Grant(Relation.TEAM_MEMBER, None, concern.pk)
    if concern.caseworker_id == user.pk:
        return Grant(Relation.CASEWORKER, None, concern.pk)
    if (
        user.role in SCHOOL_ROLES
        and concern.school_context
        and _current_positions(user).filter(organisation__pupils__pk=concern.citizen_id).exists()
    ):
        return Grant(Relation.SCHOOL_REPRESENTATIVE, None, concern.pk)
    row = (
        _live_grants(user, moment)
        .filter(Q(concern=concern) | Q(concern__isnull=True, citizen_id=concern.citizen_id))
        .order_by("-valid_until")
        .first()
    )
    return _grant_from_row(row, concern.pk) if row else None


def relation_to_citizen(user: User, citizen: Citizen, *, at: datetime | None = None) -> Grant | None:
    """The relation through which ``user`` sees ``citizen``: via a visible concern, else a citizen-wide grant."""
    moment = at or timezone.now()
    for concern in concerns_visible_to(user, at=moment).filter(citizen=citizen).order_by("pk"):
        grant = relation_to_concern(user, concern, at=moment)
        if grant:
            return grant
    row = _live_grants(user, moment).filter(citizen=citizen).order_by("-valid_until").first()
    return _grant_from_row(row, None) if row else None


def _refuse(user: User, *, request: HttpRequest | None, what: str, pk: int, action: str) -> Http404:
    # The refusal is logged without naming the citizen: the id asked for is all the log may hold.
    audit.record(actor=user, action="denied", request=request, detail=f"{action} {what}:{pk}")
    return Http404()


def get_concern_for(user: User, pk: int, *, request: HttpRequest | None, action: str = "view") -> tuple[Concern, Grant]:
    """The concern with its relation, and the audit event; Http404 when the user has no relation (or none exists)."""
    concern = (
        Concern.objects.select_related("citizen", "municipality", "responsible", "caseworker").filter(pk=pk).first()
    )
    grant = relation_to_concern(user, concern) if concern else None
    if concern is None or grant is None:
        raise _refuse(user, request=request, what="concern", pk=pk, action=action)
    audit.record(
        actor=user, action=action, citizen=concern.citizen_id, concern=concern, relation=grant.relation, request=request
    )
    return concern, grant


def get_citizen_for(user: User, pk: int, *, request: HttpRequest | None, action: str = "view") -> tuple[Citizen, Grant]:
    citizen = Citizen.objects.select_related("municipality", "school").filter(pk=pk).first()
    grant = relation_to_citizen(user, citizen) if citizen else None
    if citizen is None or grant is None:
        raise _refuse(user, request=request, what="citizen", pk=pk, action=action)
    audit.record(actor=user, action=action, citizen=citizen, relation=grant.relation, request=request)
    return citizen, grant


def who_has_access(concern: Concern) -> list[tuple[User, Grant]]:
    """Everyone who can see ``concern`` now and through which relation ("who can see this child?")."""
    from ssp.accounts.models import User

    now = timezone.now()
    out: list[tuple[User, Grant]] = []
    if concern.responsible is not None:
        out.append((concern.responsible, Grant(Relation.RESPONSIBLE, None, concern.pk)))
    seen: set[int | None] = {concern.responsible_id}
    for link in ConcernTeamMember.objects.filter(concern=concern).select_related("user").order_by("added_at", "pk"):
        if link.user_id not in seen:
            out.append((link.user, Grant(Relation.TEAM_MEMBER, None, concern.pk)))
            seen.add(link.user_id)
    if concern.caseworker is not None and concern.caseworker_id not in seen:
        out.append((concern.caseworker, Grant(Relation.CASEWORKER, None, concern.pk)))
        seen.add(concern.caseworker_id)
    if concern.school_context:
        today = timezone.localdate()
        reps = (
            User.objects.filter(role__in=SCHOOL_ROLES, is_active=True)
            .filter(
                positions__organisation__pupils__pk=concern.citizen_id,
                positions__starts_on__lte=today,
            )
            .filter(Q(positions__ends_on__isnull=True) | Q(positions__ends_on__gte=today))
            .exclude(pk__in=[pk for pk in seen if pk is not None])
            .distinct()
            .order_by("username")
        )
        for rep in reps:
            out.append((rep, Grant(Relation.SCHOOL_REPRESENTATIVE, None, concern.pk)))
            seen.add(rep.pk)
    grants = _live_grants_for_concern(concern, now).select_related("user").order_by("valid_until", "pk")
    for row in grants:
        if row.user_id not in seen and row.user.is_active:
            out.append((row.user, _grant_from_row(row, concern.pk)))
            seen.add(row.user_id)
    return out


def _live_grants_for_concern(concern: Concern, at: datetime) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(valid_from__lte=at, valid_until__gt=at).filter(
        Q(concern=concern) | Q(concern__isnull=True, citizen_id=concern.citizen_id)
    )


def _forum_covers(forum: Forum, municipality_id: int) -> bool:
    if forum.municipality_id is not None:
        return forum.municipality_id == municipality_id
    if forum.member_municipalities.filter(pk=municipality_id).exists():
        return True
    district = forum.police_district
    return district is not None and district.municipalities.filter(pk=municipality_id).exists()


def may_attend_person_sensitive_item(user: User, *, concern: Concern, forum: Forum) -> Relation | None:
    """Glostrup's rule for who stays in the room for a person-sensitive item (see the contract)."""
    grant = relation_to_concern(user, concern)
    if grant is not None and grant.relation != Relation.AGENDA_PARTICIPANT:
        return grant.relation
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(user=user, forum=forum, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("organisation")
    )
    if not memberships:
        return None
    school_id = Citizen.objects.filter(pk=concern.citizen_id).values_list("school_id", flat=True).first()
    for membership in memberships:
        if membership.organisation is not None and membership.organisation.kind == "school":
            if school_id is not None and membership.organisation_id == school_id:
                return Relation.SCHOOL_REPRESENTATIVE
            continue
        standing = user.role in STANDING_ROLES or membership.role in STANDING_MEMBERSHIP_ROLES
        if standing and _forum_covers(forum, concern.municipality_id):
            return Relation.AGENDA_PARTICIPANT
    return None


@transaction.atomic
def open_agenda_window(
    *, user: User, concern: Concern, valid_from: datetime, valid_until: datetime, source_ref: str, actor: User
) -> AccessGrant:
    """Let ``user`` see ``concern`` while its person-sensitive agenda item is prepared, held and minuted."""
    grant = AccessGrant(
        relation=AccessGrantRelation.AGENDA_PARTICIPANT,
        user=user,
        citizen_id=concern.citizen_id,
        concern=concern,
        valid_from=valid_from,
        valid_until=valid_until,
        source_ref=source_ref,
    )
    grant.full_clean()
    grant.save()
    audit.record(
        actor=actor,
        action="grant_access",
        citizen=concern.citizen_id,
        concern=concern,
        relation=Relation.AGENDA_PARTICIPANT,
        detail=f"user:{user.pk} {source_ref}",
    )
    return grant


@transaction.atomic
def close_agenda_windows(*, source_ref: str, actor: User) -> int:
    """End every still-open agenda window of ``source_ref`` now; returns how many were closed."""
    now = timezone.now()
    rows = list(
        AccessGrant.objects.filter(
            relation=AccessGrantRelation.AGENDA_PARTICIPANT, source_ref=source_ref, valid_until__gt=now
        ).select_for_update()
    )
    for row in rows:
        row.valid_until = max(now, row.valid_from + timedelta(microseconds=1))
        row.save(update_fields=["valid_until"])
        audit.record(
            actor=actor,
            action="revoke_access",
            citizen=row.citizen_id,
            concern=row.concern_id,
            relation=Relation.AGENDA_PARTICIPANT,
            detail=f"user:{row.user_id} {source_ref}",
        )
    return len(rows)


def same_municipality(actor: User, citizen: Citizen) -> bool:
    if actor.municipality_id is not None:
        return bool(actor.municipality_id == citizen.municipality_id)
    police_district_id = getattr(actor, "police_district_id", None)
    return police_district_id is not None and police_district_id == citizen.municipality.police_district_id


def _notify_admins(grant: AccessGrant) -> None:
    from ssp.accounts.models import User

    admins = list(
        User.objects.filter(role="municipal_admin", municipality_id=grant.citizen.municipality_id, is_active=True)
    )
    # Only a link: who, whom and why are read on the review page after log-in, never in the e-mail.
    link = f"{settings.SSP_BASE_URL.rstrip('/')}{reverse('privacy:emergency_review')}"
    queue_mail(
        [
            MailDraft(
                recipient=admin,
                subject=gettext_now("SSP: ny nødadgang til gennemgang"),
                body=gettext_now("Der er givet nødadgang, som skal gennemgås: %(link)s") % {"link": link},
                topic="emergency_access",
            )
            for admin in admins
        ]
    )


@transaction.atomic
def request_emergency_access(
    citizen: Citizen, *, actor: User, reason: str, hours: int = 24, request: HttpRequest | None = None
) -> AccessGrant:
    """Break the glass: ``actor`` sees ``citizen`` for ``hours``; the municipality's administrators review it."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv hvorfor du har brug for nødadgang.")})
    limit = settings.SSP_EMERGENCY_ACCESS_MAX_HOURS
    if not 1 <= hours <= limit:
        raise ValidationError({"hours": _("Nødadgang kan gives for 1 til %(limit)s timer.") % {"limit": limit}})
    if not same_municipality(actor, citizen):
        raise PermissionDenied
    now = timezone.now()
    grant = AccessGrant(
        relation=AccessGrantRelation.EMERGENCY,
        user=actor,
        citizen=citizen,
        reason=reason.strip(),
        valid_from=now,
        valid_until=now + timedelta(hours=hours),
    )
    grant.full_clean()
    grant.save()
    audit.record(
        actor=actor,
        action="emergency_access",
        citizen=citizen,
        relation=Relation.EMERGENCY,
        request=request,
        detail=f"grant:{grant.pk} hours:{hours}",
    )
    transaction.on_commit(lambda: _notify_admins(grant))
    return grant
