"""Who may see and change a forum's meetings (not citizen data: that is the privacy policy's business).

- Managing (generate, move, cancel, agendas, minutes): a current member of the forum who is its chair,
  coordinator or secretary, or an SSP consultant or municipal administrator of the forum's municipality.
- Reading a forum's calendar, general agenda and general minutes: current members and managers.
- Reading a municipality's calendar: staff of that municipality, police staff of its district and system
  administrators.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ssp.accounts.models import StaffRole, User
from ssp.meetings.models import Meeting
from ssp.privacy.policy import serves_municipality
from ssp.structure.models import LEADING_ROLES, Forum, Membership, Municipality

MUNICIPAL_MANAGERS = (StaffRole.SSP_CONSULTANT, StaffRole.MUNICIPAL_ADMIN)


def can_manage_forum(user: User, forum: Forum) -> bool:
    if user.role in MUNICIPAL_MANAGERS and forum.municipality_id and user.municipality_id == forum.municipality_id:
        return True
    return Membership.objects.current().filter(forum=forum, user=user, role__in=LEADING_ROLES).exists()


def can_read_forum(user: User, forum: Forum) -> bool:
    if Membership.objects.current().filter(forum=forum, user=user).exists():
        return True
    return can_manage_forum(user, forum)


def get_forum_for(user: User, pk: int, *, manage: bool = False) -> Forum:
    forum = get_object_or_404(Forum.objects.select_related("municipality", "police_district"), pk=pk)
    allowed = can_manage_forum(user, forum) if manage else can_read_forum(user, forum)
    if not allowed:
        raise PermissionDenied
    return forum


def get_meeting_for(user: User, pk: int, *, manage: bool = False) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("forum", "forum__municipality", "forum__police_district", "host"), pk=pk
    )
    # Whoever may not read the forum learns nothing, not even that the meeting exists: 404 as for a wrong id.
    if not can_read_forum(user, meeting.forum):
        raise Http404
    if manage and not can_manage_forum(user, meeting.forum):
        raise PermissionDenied
    return meeting


def get_municipality_for(user: User, slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    if not (serves_municipality(user, municipality) or user.role == StaffRole.SYSTEM_ADMIN):
        raise PermissionDenied
    return municipality


def owners_of(meeting: Meeting) -> QuerySet[User]:
    """Who can own an agreement from the meeting: the forum's current members."""
    return (
        User.objects.filter(memberships__in=Membership.objects.current().filter(forum=meeting.forum))
        .distinct()
        .order_by("first_name", "last_name")
    )
