"""Reads of the privacy core's own records."""

from __future__ import annotations

from django.db.models import QuerySet

from ssp.accounts.models import User
from ssp.privacy.models import AccessGrant, AccessGrantRelation


def unreviewed_emergency_grants(admin: User) -> QuerySet[AccessGrant]:
    """Emergency grants in the administrator's municipality that nobody has reviewed yet."""
    if admin.municipality_id is None:
        return AccessGrant.objects.none()
    return (
        AccessGrant.objects.filter(
            relation=AccessGrantRelation.EMERGENCY,
            reviewed_at__isnull=True,
            citizen__municipality_id=admin.municipality_id,
        )
        .select_related("user")
        .order_by("valid_from", "pk")
    )
