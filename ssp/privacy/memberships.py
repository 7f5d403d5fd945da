"""Who may be made a member of a forum: a policy decision, because a membership opens citizen data.

A current member of a forum that allows person-sensitive items attends those items in a standing role
(chair, coordinator, secretary) or for their own relation to the citizen, and publishing an agenda opens the
items' concerns to the participants. So the choice of members is an access decision and is taken here, once:
the membership form offers :func:`eligible_members` and the structure services refuse anyone else through
:func:`membership_refusals` (``settings.SSP_MEMBERSHIP_POLICY``), so the form is not the guard.

Imports only ``ssp.structure``, ``ssp.accounts`` and ``ssp.lib``: structure sits below privacy and reaches this
module through the setting, never by an import.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ssp.accounts.models import StaffRole, User
from ssp.structure.models import Forum, Organisation
from ssp.structure.selectors import in_forum_scope


def _eligible_q(forum: Forum, *, actor: User | None) -> Q:
    """1. Active staff of the forum's area (:func:`ssp.structure.selectors.in_forum_scope`).
    2. Never a system administrator: they administer every municipality and must not also read its cases.
    3. In a forum that allows person-sensitive items, no municipal administrator: whoever grants memberships
       does not hold one that opens citizen data (separation of duties).
    4. Never the acting administrator themselves, for the same reason.
    """
    rule = Q(is_active=True) & in_forum_scope(forum) & ~Q(role=StaffRole.SYSTEM_ADMIN)
    if forum.allows_person_sensitive:
        rule &= ~Q(role=StaffRole.MUNICIPAL_ADMIN)
    if actor is not None:
        rule &= ~Q(pk=actor.pk)
    return rule


def eligible_members(forum: Forum, *, actor: User | None) -> QuerySet[User]:
    """The staff ``actor`` may make members of ``forum``, in name order, each once, with what their label shows."""
    return (
        User.objects.filter(_eligible_q(forum, actor=actor))
        .select_related("municipality", "police_district")
        .order_by("first_name", "last_name", "pk")
    )


def eligible_organisations(forum: Forum) -> QuerySet[Organisation]:
    """The organisations a member of ``forum`` may represent: those of the forum's area."""
    return Organisation.objects.filter(in_forum_scope(forum)).order_by("name", "pk")


def membership_refusals(forum: Forum, *, user: User, actor: User | None) -> dict[str, list[str]]:
    """Why ``actor`` may not make ``user`` a member of ``forum`` (field name to messages); empty when allowed."""
    if User.objects.filter(_eligible_q(forum, actor=actor), pk=user.pk).exists():
        return {}
    if actor is not None and user.pk == actor.pk:
        reason = _("Du kan ikke gøre dig selv til medlem af et forum; det må en anden administrator gøre.")
    elif user.role == StaffRole.SYSTEM_ADMIN:
        reason = _("En systemadministrator kan ikke være medlem af et forum.")
    elif user.role == StaffRole.MUNICIPAL_ADMIN and forum.allows_person_sensitive:
        reason = _(
            "En kommunal administrator kan ikke være medlem af et forum med personfølsomme punkter, "
            "fordi medlemskabet giver adgang til borgeroplysninger."
        )
    elif not user.is_active:
        reason = _("%(user)s er ikke længere aktiv som medarbejder.") % {"user": user}
    else:
        reason = _("%(user)s er ikke ansat i %(forum)s' område (%(scope)s).") % {
            "user": user,
            "forum": forum.name,
            "scope": forum.municipality or forum.police_district,
        }
    return {"user": [reason]}
