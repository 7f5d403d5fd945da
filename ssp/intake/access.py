"""Whose daily-report rows a user handles: the inbox scope of the intake.

- An SSP consultant handles the rows about citizens of their own municipality (uploaded by them, by a colleague,
  or routed to them from another municipality's or the police district's upload).
- The police's SSP coordinator (police prevention officer with a police district) uploads the whole district's
  report and handles the rows of every municipality in the district: the police sent those rows in the first place.
- Nobody else handles intake rows (a school, a caseworker, a manager sees them only through a later relation).

This is the scope rule of ``ssp.privacy.policy.same_municipality`` ("same municipality, or police of its
district") applied to a municipality instead of a citizen, because a report row has no citizen until it is linked.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ssp.accounts.models import StaffRole, User
from ssp.structure.models import Municipality

HANDLING_ROLES = {StaffRole.SSP_CONSULTANT, StaffRole.POLICE_PREVENTION_OFFICER}


def inbox_municipalities(user: User) -> QuerySet[Municipality]:
    """The municipalities whose intake rows ``user`` sees and commits (empty: none)."""
    if not (user.is_authenticated and user.is_active) or user.role not in HANDLING_ROLES:
        return Municipality.objects.none()
    if user.municipality_id is not None:
        return Municipality.objects.filter(pk=user.municipality_id)
    if user.role == StaffRole.POLICE_PREVENTION_OFFICER and user.police_district_id is not None:
        return Municipality.objects.filter(police_district_id=user.police_district_id)
    return Municipality.objects.none()


def may_handle(user: User, municipality_id: int | None) -> bool:
    return municipality_id is not None and inbox_municipalities(user).filter(pk=municipality_id).exists()


def triage_staff(municipality_id: int) -> QuerySet[User]:
    """Who a triage decision may name as present, first-action owner or caseworker: the municipality's active staff
    and the police of its district (the meeting's participants come from these)."""
    district = Municipality.objects.filter(pk=municipality_id).values("police_district_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(municipality_id=municipality_id) | Q(municipality__isnull=True, police_district_id__in=district))
        .order_by("first_name", "last_name", "pk")
    )


def caseworkers(municipality_id: int) -> QuerySet[User]:
    """The caseworkers a decision may name as the citizen's caseworker (a relation the policy then grants)."""
    return User.objects.filter(is_active=True, role=StaffRole.CASEWORKER, municipality_id=municipality_id).order_by(
        "first_name", "last_name", "pk"
    )
