"""Reads of the staff administration, scoped by the policy."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from ssp.accounts.models import StaffActivity, User
from ssp.privacy import staff as policy
from ssp.structure.models import Position


def staff_list(actor: User, *, query: str = "", status: str = "active") -> QuerySet[User]:
    rows = policy.administered_staff(actor).select_related("municipality", "police_district")
    if status == "active" or not status:
        rows = rows.filter(is_active=True)
    elif status == "inactive":
        rows = rows.filter(is_active=False)
    if query:
        rows = rows.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(username__icontains=query)
        )
    current = Position.objects.filter(ends_on__isnull=True).select_related("organisation")
    return rows.prefetch_related(Prefetch("positions", queryset=current, to_attr="current_positions")).order_by(
        "first_name", "last_name", "pk"
    )


def positions_of(user: User) -> list[Position]:
    return list(user.positions.select_related("organisation").order_by("ends_on", "-starts_on"))


def activity_of(user: User, *, limit: int = 50) -> list[StaffActivity]:
    return list(StaffActivity.objects.filter(subject=user).select_related("actor").order_by("-at", "-pk")[:limit])


def get_staff_member_for(actor: User, pk: int) -> User:
    """The staff member ``pk`` if ``actor`` administers them; otherwise 404, as for an id that does not exist."""
    from django.http import Http404

    user = policy.administered_staff(actor).select_related("municipality", "police_district").filter(pk=pk).first()
    if user is None:
        raise Http404
    return user
