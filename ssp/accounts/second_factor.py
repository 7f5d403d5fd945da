"""Who must prove a second factor, and how an authenticator app is shown the secret."""

from __future__ import annotations

import base64

import django_otp
import qrcode
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from ssp.accounts.models import StaffRole, User

# Every role except elected officials can reach citizen data through a relation (team, caseworker,
# school representative, agenda item, emergency grant), so a stolen password alone must never open it.
# Elected officials only see aggregated figures and reports; they are not forced, but may enrol.
ROLES_REQUIRING_SECOND_FACTOR: frozenset[str] = frozenset(StaffRole.values) - {StaffRole.ELECTED_OFFICIAL}

RECOVERY_DEVICE_NAME = "recovery"
# Set by a federated log-in (ssp.sso) whose identity service asserted a second factor (NSIS substantial or a
# configured AuthnContext / acr value); such a session is not asked for the platform's own second factor.
FEDERATED_SECOND_FACTOR_SESSION_KEY = "ssp_federated_second_factor"
RECOVERY_CODE_COUNT = 10


def has_confirmed_totp_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user: object) -> bool:
    """Whether this session proved a second factor; OTPMiddleware installs ``is_verified()`` on the user."""
    return bool(user.is_verified())  # type: ignore[attr-defined]


def complete_second_factor(request: HttpRequest, device: Device) -> None:
    """Mark the session as verified by ``device`` and give it a new id.

    The session now opens citizen data that the password alone did not; a session id fixed or read
    before this step (a shared machine, a planted cookie) must not carry over into the stronger session.
    """
    django_otp.login(request, device)
    request.session.cycle_key()


def second_factor_by_sign_on(request: HttpRequest) -> bool:
    return request.session.get(FEDERATED_SECOND_FACTOR_SESSION_KEY) is True


def requires_second_factor(user: User) -> bool:
    """True for roles that reach citizen data, and for anyone who enrolled voluntarily.

    A voluntary enrolment that is never asked for would protect nothing.
    """
    return user.role in ROLES_REQUIRING_SECOND_FACTOR or has_confirmed_totp_device(user)


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for typing into an app that cannot scan."""
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data URI; the CSP allows ``img-src data:`` only."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
