"""Who may change the structure: a municipality's administrators theirs, system administrators all."""

from __future__ import annotations

from ssp.accounts.models import StaffRole, User
from ssp.structure.models import Forum, Municipality


def can_administer_municipality(user: User, municipality: Municipality) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == StaffRole.SYSTEM_ADMIN:
        return True
    return user.role == StaffRole.MUNICIPAL_ADMIN and user.municipality_id == municipality.pk


def can_administer_forum(user: User, forum: Forum) -> bool:
    """Only a municipal forum is edited in the platform, by its municipality's administrators: the forum page and
    its member list opened on the municipality page show the editing links by this."""
    return forum.municipality is not None and can_administer_municipality(user, forum.municipality)
