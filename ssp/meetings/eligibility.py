"""Who is invited to which agenda item, computed from the privacy policy, and the access windows it opens.

- A general item is open to every current member of the forum.
- A person-sensitive item is open to a current member only if the policy lets them attend for EVERY concern on
  the item (``may_attend_person_sensitive_item``): a school representative only for pupils of their own school,
  the citizen's caseworker, the forum's standing members for their role.
- Attending a person-sensitive item opens an ``agenda_participant`` window per concern from the agenda's
  publication until the meeting ends; windows are closed and reopened whenever the participants are recomputed,
  and closed when the item is removed or the meeting cancelled.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.concerns.models import Concern, ConcernTeamMember
from ssp.meetings.models import AgendaItem, ItemParticipant
from ssp.meetings.selectors import current_memberships_q
from ssp.privacy import policy
from ssp.privacy.policy import close_agenda_windows, open_agenda_window
from ssp.structure.models import Forum, Membership, MembershipRole

MEMBER = "member"
STANDING_ROLES = {StaffRole.SSP_CONSULTANT, StaffRole.POLICE_PREVENTION_OFFICER, StaffRole.CASEWORKER}
STANDING_MEMBERSHIPS = {MembershipRole.CHAIR, MembershipRole.COORDINATOR, MembershipRole.SECRETARY}


def _glostrup_rule(user: User, *, concern: Concern, forum: Forum) -> str | None:
    """The seed's rule in the contract's terms, used while the privacy core lacks
    ``may_attend_person_sensitive_item`` (its answer wins as soon as it exists).

    1. A relation to the concern: responsible consultant, team member, the citizen's caseworker.
    2. A school representative (current position at the citizen's school) only for school-context concerns.
    3. A current member in a standing role (SSP consultant, police prevention officer, caseworker, or chair,
       coordinator, secretary of the forum) when the forum's scope covers the concern's municipality.
    """
    if user.pk in (concern.responsible_id, concern.caseworker_id):
        return "responsible" if user.pk == concern.responsible_id else "caseworker"
    if ConcernTeamMember.objects.filter(concern=concern, user=user).exists():
        return "team_member"
    today = timezone.localdate()
    school_id = concern.citizen.school_id
    if (
        concern.school_context
        and school_id
        and user.positions.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today), organisation_id=school_id, starts_on__lte=today
        ).exists()
    ):
        return "school_representative"
    covers = forum.municipality_id == concern.municipality_id or (
        forum.police_district_id is not None and forum.member_municipalities.filter(pk=concern.municipality_id).exists()
    )
    membership = (
        Membership.objects.filter(current_memberships_q(), forum=forum, user=user)
        .values_list("role", flat=True)
        .first()
    )
    if covers and membership is not None and (user.role in STANDING_ROLES or membership in STANDING_MEMBERSHIPS):
        return "agenda_participant"
    return None


def may_attend(user: User, *, concern: Concern, forum: Forum) -> str | None:
    decide = getattr(policy, "may_attend_person_sensitive_item", None)
    if decide is not None:
        relation = decide(user, concern=concern, forum=forum)
        return None if relation is None else str(relation)
    return _glostrup_rule(user, concern=concern, forum=forum)


def current_members(item: AgendaItem) -> QuerySet[User]:
    forum_id = item.meeting.forum_id
    return (
        User.objects.filter(current_memberships_q("memberships__"), memberships__forum_id=forum_id, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def eligible_participants(item: AgendaItem) -> list[tuple[User, str]]:
    """``(user, relation)`` for everyone who may attend ``item``; the relation names the policy's reason."""
    members = list(current_members(item))
    if not item.is_person_sensitive:
        return [(user, MEMBER) for user in members]
    concerns = list(item.concerns.select_related("citizen"))
    if not concerns:
        return []
    eligible = []
    for user in members:
        relations = [may_attend(user, concern=concern, forum=item.meeting.forum) for concern in concerns]
        if all(relation is not None for relation in relations):
            eligible.append((user, str(relations[0])))
    return eligible


def close_item_windows(item: AgendaItem, *, actor: User) -> int:
    if not item.is_person_sensitive:
        return 0
    return close_agenda_windows(source_ref=item.source_ref, actor=actor)


def open_item_windows(item: AgendaItem, *, actor: User) -> None:
    """Open the windows of a published person-sensitive item for its current participants."""
    if not item.is_person_sensitive or item.meeting.agenda_published_at is None:
        return
    close_agenda_windows(source_ref=item.source_ref, actor=actor)
    concerns = list(item.concerns.all())
    valid_from = min(timezone.now(), item.meeting.agenda_published_at)
    for participant in item.participants.select_related("user"):
        for concern in concerns:
            open_agenda_window(
                user=participant.user,
                concern=concern,
                valid_from=valid_from,
                valid_until=item.meeting.ends_at,
                source_ref=item.source_ref,
                actor=actor,
            )


def recompute_participants(item: AgendaItem, *, actor: User) -> list[ItemParticipant]:
    """Replace the item's participants with the policy's current answer and reopen its windows."""
    item.participants.all().delete()
    rows = ItemParticipant.objects.bulk_create(
        ItemParticipant(item=item, user=user, relation=relation) for user, relation in eligible_participants(item)
    )
    open_item_windows(item, actor=actor)
    return rows
