"""The one place that decides who may see a citizen, and why (decisions only: the audited door is ``door.py``).

Access follows from a relation between the user and a citizen or a concern (DESIGN.md's privacy model), never from
a role: managers, municipal administrators and system administrators see nothing without a relation, and a
relation to a citizen in one municipality never opens a citizen in another.

The relations are not written here: capabilities register *relation sources* (``ssp.privacy.relations``) in their
``AppConfig.ready()``, and this module composes them. ``concerns_visible_to``/``citizens_visible_to`` combine
every source's subquery and the live windows (``AccessGrant``) with UNION, so each stays one query however many
sources exist and the database starts from each source's own index; ``relation_to_concern``/``relation_to_citizen``
ask the sources one by one, in registration order (the first that holds is the strongest), then the windows.

Other decisions that offer or grant access live here too: ``may_edit_citizen`` (only relations that may write set a
CPR number), ``may_attend_person_sensitive_item`` (who stays in the room), ``serves_municipality`` (the scope rule
"same municipality, or police of its district"), ``may_request_emergency_access`` (who may break the glass).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ssp.accounts.models import STANDING_ROLES, StaffRole
from ssp.citizens.models import Citizen
from ssp.privacy import relations
from ssp.privacy.models import AccessGrant
from ssp.privacy.relations import Relation
from ssp.structure.models import LEADING_ROLES, Membership, Municipality

if TYPE_CHECKING:
    from ssp.accounts.models import User
    from ssp.structure.models import Forum

__all__ = ["Grant", "Relation"]


@dataclass(frozen=True)
class Grant:
    relation: Relation
    until: datetime | None  # None = as long as the relation lasts
    concern_id: int | None


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def live_windows(user: User, at: datetime) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(user=user, valid_from__lte=at, valid_until__gt=at)


def _concern_scoped(user: User, at: datetime, column: str) -> QuerySet[Any]:
    """``column`` ("pk" or "citizen_id") of the concerns a concern window or a concern-scoped source opens.

    One ``values`` subquery per source, combined with UNION: each source's predicate alone lets PostgreSQL start
    from that source's own index (the user's grants, team links, responsible column ...); the same predicates
    ORed in one WHERE can only be tested row by row over every concern (issue 14: 300,000 of them).
    """
    concerns = relations.concern_model()._default_manager.order_by()
    window_column = "concern_id" if column == "pk" else f"concern__{column}"
    parts: list[QuerySet[Any, Any]] = [
        live_windows(user, at).filter(concern__isnull=False).order_by().values(window_column)
    ]
    for source in relations.sources():
        if source.concern_q is not None:
            parts.append(concerns.filter(source.concern_q(user, at)).values(column))
    return parts[0].union(*parts[1:])


def _citizen_wide(user: User, at: datetime) -> QuerySet[Any]:
    """The pks of the citizens opened as a whole (a citizen-wide window or a citizen-scoped source), as a UNION
    of one subquery per source for the reason ``_concern_scoped`` gives."""
    parts: list[QuerySet[Any, Any]] = [
        live_windows(user, at).filter(concern__isnull=True).order_by().values("citizen_id")
    ]
    for source in relations.sources():
        if source.citizen_q is not None:
            parts.append(Citizen.objects.filter(source.citizen_q(user, at)).order_by().values("pk"))
    return parts[0].union(*parts[1:])


def _compiled(subquery: QuerySet[Any]) -> RawSQL:
    """``subquery`` compiled once into SQL, to stand in a ``pk__in``.

    Given a queryset, the ORM resolves it as a subquery by cloning it and renaming every alias of every part, then
    compiles it again for each query the outer queryset runs (a list's count and its page): for the visible set's
    UNION that was ~3 ms of CPU on every page that lists concerns. The SQL is the same, and it names no column of
    the outer query, so it can be written in as it is. (Each UNION has the live windows' part, which always
    compiles, so the ORM's "matches nothing" shortcut, ``EmptyResultSet``, cannot arise here.)
    """
    sql, params = subquery.query.get_compiler(using=subquery.db).as_sql()
    return RawSQL(sql, params)  # noqa: S611 - the ORM's own SQL, every value a parameter


def concerns_visible_to(user: User, *, at: datetime | None = None) -> QuerySet[Any]:
    model = relations.concern_model()
    if not _active(user):
        return model._default_manager.none()
    moment = at or timezone.now()
    of_opened_citizens = model._default_manager.filter(citizen_id__in=_compiled(_citizen_wide(user, moment)))
    opened = _concern_scoped(user, moment, "pk").union(of_opened_citizens.order_by().values("pk"))
    return model._default_manager.filter(pk__in=_compiled(opened))


def citizens_visible_to(user: User, *, at: datetime | None = None) -> QuerySet[Citizen]:
    if not _active(user):
        return Citizen.objects.none()
    moment = at or timezone.now()
    opened = _concern_scoped(user, moment, "citizen_id").union(_citizen_wide(user, moment))
    return Citizen.objects.filter(pk__in=_compiled(opened))


def _holds(source: relations.RelationSource, user: User, obj: Any, at: datetime) -> bool:
    if source.holds is not None:
        return source.holds(user, obj, at)
    if source.concern_q is not None:
        return bool(type(obj)._default_manager.filter(source.concern_q(user, at), pk=obj.pk).exists())
    assert source.citizen_q is not None
    return bool(Citizen.objects.filter(source.citizen_q(user, at), pk=obj.pk).exists())


def _grant_from_row(row: AccessGrant, concern_id: int | None) -> Grant:
    return Grant(Relation(row.relation), row.valid_until, concern_id)


def relation_to_concern(user: User, concern: Any, *, at: datetime | None = None) -> Grant | None:
    """The strongest relation ``user`` has to ``concern`` at ``at`` (now), or None."""
    if not _active(user):
        return None
    moment = at or timezone.now()
    for source in relations.sources():
        if source.concern_q is not None and _holds(source, user, concern, moment):
            return Grant(source.relation, None, concern.pk)
    for source in relations.sources():
        if source.citizen_q is not None and _holds(source, user, concern.citizen, moment):
            return Grant(source.relation, None, concern.pk)
    row = (
        live_windows(user, moment)
        .filter(Q(concern=concern) | Q(concern__isnull=True, citizen_id=concern.citizen_id))
        .order_by("-valid_until")
        .first()
    )
    return _grant_from_row(row, concern.pk) if row else None


def relation_to_citizen(user: User, citizen: Citizen, *, at: datetime | None = None) -> Grant | None:
    """The relation through which ``user`` sees ``citizen``: via a visible concern, else a citizen-wide one."""
    if not _active(user):
        return None
    moment = at or timezone.now()
    for concern in concerns_visible_to(user, at=moment).filter(citizen=citizen).order_by("pk"):
        grant = relation_to_concern(user, concern, at=moment)
        if grant:
            return grant
    for source in relations.sources():
        if source.citizen_q is not None and _holds(source, user, citizen, moment):
            return Grant(source.relation, None, None)
    row = live_windows(user, moment).filter(citizen=citizen).order_by("-valid_until").first()
    return _grant_from_row(row, None) if row else None


def may_edit_citizen(grant: Grant | None) -> bool:
    """Whether the relation lets the user set or change the citizen's master data (the CPR number).

    Only relations registered with ``may_write`` (those that work in the case) may; an agenda participant, a
    school representative or emergency access only reads.
    """
    return grant is not None and relations.may_write(grant.relation)


def who_has_access(concern: Any) -> list[tuple[User, Grant]]:
    """Everyone who can see ``concern`` now and through which relation ("who can see this child?")."""
    now = timezone.now()
    out: list[tuple[User, Grant]] = []
    seen: set[int] = set()
    for source in relations.sources():
        if source.holders is None:
            continue
        subject = concern if source.concern_q is not None else concern.citizen
        for user in source.holders(subject, now):
            if user.pk not in seen:
                out.append((user, Grant(source.relation, None, concern.pk)))
                seen.add(user.pk)
    windows = (
        AccessGrant.objects.filter(valid_from__lte=now, valid_until__gt=now)
        .filter(Q(concern=concern) | Q(concern__isnull=True, citizen_id=concern.citizen_id))
        .select_related("user")
        .order_by("valid_until", "pk")
    )
    for row in windows:
        if row.user_id not in seen and row.user.is_active:
            out.append((row.user, _grant_from_row(row, concern.pk)))
            seen.add(row.user_id)
    return out


def _forum_covers(forum: Forum, municipality_id: int) -> bool:
    if forum.municipality_id is not None:
        return forum.municipality_id == municipality_id
    if forum.member_municipalities.filter(pk=municipality_id).exists():
        return True
    district = forum.police_district
    return district is not None and district.municipalities.filter(pk=municipality_id).exists()


def may_attend_person_sensitive_item(user: User, *, concern: Any, forum: Forum) -> Relation | None:
    """Glostrup's rule for who stays in the room for a person-sensitive item (see the contract)."""
    grant = relation_to_concern(user, concern)
    if grant is not None and grant.relation != Relation.AGENDA_PARTICIPANT:
        return grant.relation
    today = timezone.localdate()
    memberships = list(Membership.objects.current(today).filter(user=user, forum=forum).select_related("organisation"))
    if not memberships:
        return None
    school_id = Citizen.objects.filter(pk=concern.citizen_id).values_list("school_id", flat=True).first()
    for membership in memberships:
        if membership.organisation is not None and membership.organisation.kind == "school":
            if school_id is not None and membership.organisation_id == school_id:
                return Relation.SCHOOL_REPRESENTATIVE
            continue
        standing = user.role in STANDING_ROLES or membership.role in LEADING_ROLES
        if standing and _forum_covers(forum, concern.municipality_id):
            return Relation.AGENDA_PARTICIPANT
    return None


def serves_municipality(user: User, municipality: Municipality) -> bool:
    """The scope rule: staff of the municipality, or police staff of its police district (police have none)."""
    if user.municipality_id is not None:
        return bool(user.municipality_id == municipality.pk)
    district_id = getattr(user, "police_district_id", None)
    return district_id is not None and district_id == municipality.police_district_id


def may_request_emergency_access(user: User, citizen: Citizen) -> bool:
    """Who may break the glass for ``citizen`` (a written reason, reviewed afterwards): active staff serving the
    citizen's municipality. The same rule decides whether a search that found the citizen hidden offers it."""
    return _active(user) and serves_municipality(user, citizen.municipality)


def may_be_caseworker(user: User, municipality: Municipality) -> bool:
    """Naming a concern's caseworker opens the citizen to them (the caseworker relation): only an active
    caseworker of the concern's own municipality may be named, never police staff or another municipality's."""
    return bool(user.is_active and user.role == "caseworker" and user.municipality_id == municipality.pk)


def staff_serving(municipality: Municipality) -> QuerySet[User]:
    """The active users ``serves_municipality`` admits: who may be offered as a team member of its concerns."""
    from ssp.accounts.models import User

    place = Q(municipality_id=municipality.pk)
    if municipality.police_district_id is not None:
        place |= Q(municipality__isnull=True, police_district_id=municipality.police_district_id)
    return User.objects.filter(place, is_active=True)


def audit_names_shown_to(reader: User, citizen_ids: Iterable[int]) -> QuerySet[Citizen]:
    """Of these citizens, the ones whose name the reader of the audit log may see: those the reader has a relation
    to right now. The log itself is no relation: an administrator without one sees the citizen's id only."""
    return citizens_visible_to(reader).filter(pk__in=set(citizen_ids))


# --- the daily-report intake ------------------------------------------------------------------------------
# A report row has no citizen until it is linked, so whose rows a user handles is the scope rule above applied to
# the row's municipality: an SSP consultant handles their own municipality's rows (their upload, a colleague's,
# or rows routed to them from another upload); the police's SSP coordinator (police prevention officer of a police
# district) uploads the whole district's report and handles every municipality of the district. Nobody else
# handles intake rows: a school, a caseworker or a manager sees a citizen only through a later relation.

INTAKE_ROLES = frozenset({StaffRole.SSP_CONSULTANT, StaffRole.POLICE_PREVENTION_OFFICER})


def intake_inbox(user: Any) -> QuerySet[Municipality]:
    """The municipalities whose daily-report rows ``user`` sees, decides and commits (empty: none)."""
    if not (user.is_authenticated and user.is_active) or user.role not in INTAKE_ROLES:
        return Municipality.objects.none()
    if user.municipality_id is not None:
        return Municipality.objects.filter(pk=user.municipality_id)
    if user.role == StaffRole.POLICE_PREVENTION_OFFICER and user.police_district_id is not None:
        return Municipality.objects.filter(police_district_id=user.police_district_id)
    return Municipality.objects.none()


def may_handle_intake(user: Any, municipality_id: int | None) -> bool:
    return municipality_id is not None and intake_inbox(user).filter(pk=municipality_id).exists()


def may_schedule_triage(user: Any) -> bool:
    """Putting intakes on the intervention meeting opens their citizens to the forum: a consultant of the
    municipality does it, for their own municipality."""
    return user.municipality_id is not None and may_handle_intake(user, user.municipality_id)


def may_discard_preview(user: Any, *, uploaded_by_id: int) -> bool:
    """Only the uploader throws a preview away (the rows of other municipalities in it are theirs to send)."""
    return bool(user.pk == uploaded_by_id)


def may_see_triage_agenda(user: Any, *, forum_id: int, municipality_ids: QuerySet[Any]) -> bool:
    """The intervention meeting's list (not its citizens: those need a relation) is for the forum's current
    members and for whoever handles the intake of one of its items' municipalities."""
    if intake_inbox(user).filter(pk__in=municipality_ids).exists():
        return True
    return Membership.objects.current().filter(user=user, forum_id=forum_id).exists()


def triage_staff(municipality: Municipality) -> QuerySet[User]:
    """Who a triage decision may name as present or as first-action owner (the owner then joins the concern's
    team): the staff ``serves_municipality`` admits, as for any team."""
    return staff_serving(municipality).order_by("first_name", "last_name", "pk")


def caseworker_choices(municipality: Municipality) -> QuerySet[User]:
    """The caseworkers a triage decision may name (``may_be_caseworker``: the relation it grants follows)."""
    from ssp.accounts.models import User

    return User.objects.filter(is_active=True, role=StaffRole.CASEWORKER, municipality_id=municipality.pk).order_by(
        "first_name", "last_name", "pk"
    )


# --- programmes (pre-entry and exit) ------------------------------------------------------------------------
# A programme's coordinator sees the citizen (programme_coordinator, transferred_programme), so naming one and
# accepting a programme from another municipality both grant access.

TRANSFER_ROLES = frozenset({StaffRole.SSP_CONSULTANT, StaffRole.MANAGER})


def may_accept_programme_transfers(user: Any) -> bool:
    """Who answers the programmes other municipalities offer theirs: an SSP consultant or a manager of a
    municipality (the transfer itself still has to be offered to that municipality)."""
    return bool(user.is_authenticated and user.is_active and user.municipality_id and user.role in TRANSFER_ROLES)


def may_accept_programme_transfer(user: Any, *, to_municipality_id: int) -> bool:
    """Accepting opens the citizen to the receiving coordinator: only the receiving municipality's consultants and
    managers may."""
    return may_accept_programme_transfers(user) and user.municipality_id == to_municipality_id


def may_coordinate_programme(user: User, municipality: Municipality) -> bool:
    """A programme's coordinator: an active member of the staff ``serves_municipality`` admits."""
    return bool(user.is_active) and serves_municipality(user, municipality)


def programme_coordinator_choices(municipality: Municipality) -> QuerySet[User]:
    """Who a form may offer as a programme's coordinator (``may_coordinate_programme``)."""
    return staff_serving(municipality).order_by("first_name", "last_name", "pk")
