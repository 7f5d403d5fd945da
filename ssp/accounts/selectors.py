"""Account reads: the user's own devices and tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static.models import StaticToken

from ssp.accounts.models import ApiToken, User
from ssp.accounts.second_factor import RECOVERY_DEVICE_NAME


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def active_api_tokens(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at", "-pk")


def get_own_api_token(user: User, pk: int) -> ApiToken:
    """A token of ``user``; someone else's token is a 404, so its existence is not revealed."""
    return get_object_or_404(ApiToken, pk=pk, user=user, revoked_at__isnull=True)
