"""Who administers whom: the policy for staff administration (a decision that grants access, so it lives here).

1. A municipality's administrator administers the staff employed by that municipality.
2. A police district's administrator administers the district's police staff (no municipality).
3. A system administrator administers every staff member.
4. Nobody administers a system administrator or a superuser in the app (they are managed on the command
   line), and nobody deactivates their own account or takes their own administrator role away.
6. Resetting a lost second factor lets the next person with the password enrol a phone, so exactly those who
   administer the account may do it (rules 1-4), from the staff pages and Django admin alike.
5. Roles and organisations offered follow the same scope: municipal roles and the municipality's
   organisations for a municipality; police roles and the district's organisations for a district.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ssp.accounts.models import StaffRole, User
from ssp.structure.models import Organisation

ADMINISTRATOR_ROLES = frozenset({StaffRole.MUNICIPAL_ADMIN, StaffRole.DISTRICT_ADMIN, StaffRole.SYSTEM_ADMIN})
MUNICIPAL_ROLES = (
    StaffRole.SSP_CONSULTANT,
    StaffRole.SCHOOL_LEADER,
    StaffRole.SSP_TEACHER,
    StaffRole.CASEWORKER,
    StaffRole.MANAGER,
    StaffRole.ELECTED_OFFICIAL,
    StaffRole.MUNICIPAL_ADMIN,
    StaffRole.OTHER,
)
POLICE_ROLES = (
    StaffRole.POLICE_PREVENTION_OFFICER,
    StaffRole.POLICE_MANAGEMENT,
    StaffRole.DISTRICT_ADMIN,
    StaffRole.OTHER,
)


def _is_system_admin(user: User) -> bool:
    return user.role == StaffRole.SYSTEM_ADMIN


def _is_municipal_admin(user: User) -> bool:
    return user.role == StaffRole.MUNICIPAL_ADMIN and user.municipality_id is not None


def _is_district_admin(user: User) -> bool:
    return user.role == StaffRole.DISTRICT_ADMIN and user.police_district_id is not None


def may_administer_staff(actor: User) -> bool:
    """Whether ``actor`` has any staff to administer (the menu item and the list page)."""
    return actor.is_active and (_is_system_admin(actor) or _is_municipal_admin(actor) or _is_district_admin(actor))


def may_administer(actor: User, user: User) -> bool:
    """Whether ``actor`` may change ``user``'s account (rules 1-4)."""
    if not may_administer_staff(actor) or user.is_superuser or _is_system_admin(user):
        return False
    if _is_system_admin(actor):
        return True
    if _is_municipal_admin(actor):
        return bool(user.municipality_id == actor.municipality_id)
    return user.municipality_id is None and user.police_district_id == actor.police_district_id


def may_reset_second_factor(actor: User, user: User) -> bool:
    """Whether ``actor`` may remove ``user``'s authenticator and recovery codes (rule 6)."""
    return may_administer(actor, user)


def may_deactivate(actor: User, user: User) -> bool:
    return may_administer(actor, user) and actor.pk != user.pk


def administered_staff(actor: User) -> QuerySet[User]:
    """The staff ``actor`` administers, as a query (the same rules as :func:`may_administer`)."""
    staff = User.objects.exclude(role=StaffRole.SYSTEM_ADMIN).exclude(is_superuser=True)
    if not may_administer_staff(actor):
        return staff.none()
    if _is_system_admin(actor):
        return staff
    if _is_municipal_admin(actor) and actor.municipality_id is not None:
        return staff.filter(municipality_id=actor.municipality_id)
    return staff.filter(municipality__isnull=True, police_district_id=actor.police_district_id)


def assignable_roles(actor: User, user: User | None = None) -> list[tuple[str, str]]:
    """The roles ``actor`` may give; an administrator keeps their own role (rule 4)."""
    if user is not None and user.pk == actor.pk:
        return [(actor.role, actor.get_role_display())]
    if _is_system_admin(actor):
        allowed: tuple[str, ...] = tuple(role for role in StaffRole.values if role != StaffRole.SYSTEM_ADMIN)
    elif _is_municipal_admin(actor):
        allowed = MUNICIPAL_ROLES
    elif _is_district_admin(actor):
        allowed = POLICE_ROLES
    else:
        allowed = ()
    return [(value, str(label)) for value, label in StaffRole.choices if value in allowed]


def assignable_organisations(actor: User) -> QuerySet[Organisation]:
    """Organisations in which ``actor`` may record a staff member's position."""
    organisations = Organisation.objects.order_by("name")
    if _is_system_admin(actor):
        return organisations
    if _is_municipal_admin(actor) and actor.municipality_id is not None:
        return organisations.filter(municipality_id=actor.municipality_id)
    if _is_district_admin(actor):
        return organisations.filter(Q(police_district_id=actor.police_district_id) & Q(municipality__isnull=True))
    return organisations.none()
