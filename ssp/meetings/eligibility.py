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

from django.db.models import QuerySet
from django.utils import timezone

from ssp.accounts.models import User
from ssp.concerns.models import Concern
from ssp.meetings.models import AgendaItem, ItemParticipant
from ssp.privacy import policy
from ssp.privacy.door import close_windows, open_window
from ssp.privacy.relations import Relation
from ssp.structure.models import Forum, current_on_q

MEMBER = "member"


def may_attend(user: User, *, concern: Concern, forum: Forum) -> str | None:
    relation = policy.may_attend_person_sensitive_item(user, concern=concern, forum=forum)
    return None if relation is None else str(relation)


def current_members(item: AgendaItem) -> QuerySet[User]:
    forum_id = item.meeting.forum_id
    return (
        User.objects.filter(current_on_q(prefix="memberships__"), memberships__forum_id=forum_id, is_active=True)
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
    return close_windows(relation=Relation.AGENDA_PARTICIPANT, source_ref=item.source_ref, actor=actor)


def open_item_windows(item: AgendaItem, *, actor: User) -> None:
    """Open the windows of a published person-sensitive item for its current participants."""
    if not item.is_person_sensitive or item.meeting.agenda_published_at is None:
        return
    close_windows(relation=Relation.AGENDA_PARTICIPANT, source_ref=item.source_ref, actor=actor)
    concerns = list(item.concerns.all())
    valid_from = min(timezone.now(), item.meeting.agenda_published_at)
    for participant in item.participants.select_related("user"):
        for concern in concerns:
            open_window(
                user=participant.user,
                relation=Relation.AGENDA_PARTICIPANT,
                citizen_id=concern.citizen_id,
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
