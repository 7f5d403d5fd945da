"""What a relation lets a user do with a concern, on top of seeing it (which ``ssp.privacy.policy`` decides).

Reading goes through ``ssp.privacy.door.access_concern``/``access_citizen`` (404 without a relation, one audit event). A write
fetches the object here without an audit event of its own, because the service writes the one event that
describes the change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.concerns.models import Concern
from ssp.privacy.policy import (
    Grant,
    Relation,
    citizens_visible_to,
    concerns_visible_to,
    may_edit_citizen,
    relation_to_citizen,
    relation_to_concern,
)

# Who runs the concern: may close, reopen, change status, team and caseworker.
MANAGING_RELATIONS = frozenset({Relation.RESPONSIBLE, Relation.TEAM_MEMBER})
# Who works in the concern: may also add notes. Agenda participants and emergency grants only read.
CONTRIBUTING_RELATIONS = MANAGING_RELATIONS | {Relation.CASEWORKER, Relation.SCHOOL_REPRESENTATIVE}
# Opening a concern makes the user its responsible consultant, so only SSP consultants with a municipality do it.
OPENING_ROLES = frozenset({StaffRole.SSP_CONSULTANT})


def may_open_concerns(user: User) -> bool:
    return user.role in OPENING_ROLES and user.municipality_id is not None


def concern_for_change(user: User, pk: int, *, allowed: frozenset[Relation]) -> tuple[Concern, Grant]:
    """The concern if ``user`` may change it: 404 when it is not visible, 403 when the relation only reads."""
    concern = get_object_or_404(concerns_visible_to(user).select_related("citizen"), pk=pk)
    grant = relation_to_concern(user, concern)
    if grant is None or grant.relation not in allowed:
        raise PermissionDenied
    return concern, grant


def citizen_for_edit(user: User, pk: int) -> tuple[Citizen, Grant]:
    """The citizen if ``user``'s relation may change its master data (the CPR number): 404 unseen, 403 read-only."""
    citizen, grant = citizen_for_action(user, pk)
    if not may_edit_citizen(grant):
        raise PermissionDenied
    return citizen, grant


def citizen_for_action(user: User, pk: int) -> tuple[Citizen, Grant]:
    """The citizen for an action that writes its own audit event (a CPR reveal, a new concern); 404 if unseen."""
    citizen = get_object_or_404(citizens_visible_to(user).select_related("municipality"), pk=pk)
    grant = relation_to_citizen(user, citizen)
    if grant is None:
        raise PermissionDenied
    return citizen, grant
