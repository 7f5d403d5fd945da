"""Test support for accounts: finish the second factor the way a verified TOTP log-in does."""

from __future__ import annotations

from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssp.accounts.models import User


def complete_second_factor(client: Any, user: User) -> None:
    """Give ``user`` a confirmed TOTP device and mark this session as verified with it."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
