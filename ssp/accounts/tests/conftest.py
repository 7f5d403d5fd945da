"""Fixtures of the accounts tests: a session that has only given a password, and live TOTP codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssp.accounts.models import User


@pytest.fixture
def password_only(client: Any) -> Callable[[User], Any]:
    """Log ``user`` in with the password step only: no second factor in the session."""

    def do(user: User) -> Any:
        client.force_login(user)
        return client

    return do


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for ``device``, computed the way django-otp checks it."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"
