"""Who may change the structure: a municipality's administrators theirs, system administrators all."""

from __future__ import annotations

from ssp.accounts.models import StaffRole, User
from ssp.structure.models import Municipality


def can_administer_municipality(user: User, municipality: Municipality) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == StaffRole.SYSTEM_ADMIN:
        return True
    return user.role == StaffRole.MUNICIPAL_ADMIN and user.municipality_id == municipality.pk
