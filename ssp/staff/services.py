"""Administration of staff accounts by a municipality's or a police district's administrator.

Every change asks ``ssp.privacy.staff`` whether the actor may administer the person, and writes a row of the
administrators' activity log (``StaffActivity``) in the same transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ssp.accounts.models import StaffActivityAction, User
from ssp.accounts.services import record_staff_activity
from ssp.privacy import staff as policy
from ssp.structure.models import Municipality, Organisation, PoliceDistrict, Position

EDITABLE_FIELDS = ("first_name", "last_name", "email", "phone", "role")


@dataclass(frozen=True)
class NewStaffMember:
    user: User
    temporary_password: str


def _check_role(actor: User, role: str, user: User | None = None) -> None:
    if role not in {value for value, _label in policy.assignable_roles(actor, user)}:
        raise ValidationError({"role": _("Du kan ikke give denne rolle.")})


@transaction.atomic
def create_staff_member(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    role: str,
    municipality: Municipality | None,
    police_district: PoliceDistrict | None,
) -> NewStaffMember:
    """Create an account in the actor's scope with a temporary password shown once.

    1. The role must be one the actor may give, else ValidationError on ``role``.
    2. The new account must fall in the actor's scope, else PermissionDenied.
    3. The person sets up the second factor at the first log-in, as everyone does, and must then replace the
       temporary password (``must_change_password``) before any other page opens.
    """
    _check_role(actor, role)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        role=role,
        municipality=municipality,
        police_district=police_district,
        must_change_password=True,
    )
    if not policy.may_administer(actor, user):
        raise PermissionDenied
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record_staff_activity(user, actor=actor, action=StaffActivityAction.CREATED, detail=f"role={role}")
    return NewStaffMember(user, password)


@transaction.atomic
def update_staff_member(user: User, *, actor: User, changes: dict[str, str]) -> list[str]:
    """Change name, e-mail, telephone and role; returns the fields that changed (logged by name and role value)."""
    if not policy.may_administer(actor, user):
        raise PermissionDenied
    changed = [field for field in EDITABLE_FIELDS if field in changes and getattr(user, field) != changes[field]]
    if "role" in changed:
        _check_role(actor, changes["role"], user)
    if not changed:
        return []
    old_role = user.role
    for field in changed:
        setattr(user, field, changes[field])
    user.full_clean(exclude=["password"])
    user.save(update_fields=changed)
    detail = ", ".join(changed)
    if "role" in changed:
        detail += f" (role {old_role} → {user.role})"
    record_staff_activity(user, actor=actor, action=StaffActivityAction.UPDATED, detail=detail)
    return changed


@transaction.atomic
def set_staff_active(user: User, *, actor: User, active: bool) -> None:
    """Deactivate (log-in, sessions and API tokens stop at once) or reactivate an account; never one's own."""
    if not policy.may_deactivate(actor, user):
        raise PermissionDenied
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = StaffActivityAction.REACTIVATED if active else StaffActivityAction.DEACTIVATED
    record_staff_activity(user, actor=actor, action=action)


@transaction.atomic
def add_staff_position(user: User, *, actor: User, organisation: Organisation, title: str, starts_on: date) -> Position:
    if not policy.may_administer(actor, user):
        raise PermissionDenied
    if not policy.assignable_organisations(actor).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Organisationen ligger uden for det, du administrerer.")})
    position = Position(user=user, organisation=organisation, title=title, starts_on=starts_on)
    position.full_clean()
    position.save()
    record_staff_activity(
        user, actor=actor, action=StaffActivityAction.POSITION_ADDED, detail=f"{title}, {organisation.name}"
    )
    return position


@transaction.atomic
def end_staff_position(position: Position, *, actor: User, ends_on: date) -> None:
    if not policy.may_administer(actor, position.user):
        raise PermissionDenied
    position.ends_on = ends_on
    position.full_clean()
    position.save(update_fields=["ends_on"])
    record_staff_activity(
        position.user,
        actor=actor,
        action=StaffActivityAction.POSITION_ENDED,
        detail=f"{position.title}, {position.organisation.name}",
    )
