"""Reads of the structure, with the joins each page needs applied once."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from ssp.accounts.models import User
from ssp.structure.models import Membership


def current(queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    today = timezone.localdate()
    return queryset.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def memberships_of(user: User) -> QuerySet[Membership]:
    """The user's current memberships with forum and scope, for the start page."""
    return current(
        Membership.objects.filter(user=user).select_related(
            "forum", "forum__municipality", "forum__police_district", "organisation"
        )
    ).order_by("forum__name")


def start_memberships(user: User) -> dict[str, object]:
    return {"memberships": memberships_of(user)}
