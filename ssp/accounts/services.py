"""Account services: the second factor (TOTP and recovery codes) and API tokens."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssp.accounts.models import ApiToken, StaffActivity, StaffActivityAction, User
from ssp.accounts.second_factor import RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME
from ssp.privacy import staff as staff_policy

logger = logging.getLogger(__name__)

TOTP_DEVICE_NAME = "Godkendelsesapp"


@transaction.atomic
def start_totp_enrolment(user: User, *, actor: User) -> TOTPDevice:
    """Return the user's pending (unconfirmed) TOTP device, creating one with a fresh secret.

    Reusing the pending device keeps the QR code stable when the enrolment page is reloaded.
    """
    if actor.pk != user.pk:
        raise PermissionDenied
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if pending is not None:
        return pending
    device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    device.full_clean()
    device.save()
    return device


@transaction.atomic
def confirm_totp_device(device: TOTPDevice, *, actor: User, token: str) -> list[str]:
    """Confirm a pending device with a code from the app and return fresh recovery codes.

    1. The code must match the device, else ValidationError on ``token``.
    2. The device becomes the user's only TOTP device (a re-enrolment replaces the old phone).
    3. New recovery codes replace any old ones; they are returned in clear once.
    """
    if actor.pk != device.user_id or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(token.strip()):
        raise ValidationError({"token": _("Koden passer ikke. Tjek at telefonens ur går rigtigt, og prøv igen.")})
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    logger.info("Second factor enrolled for user %s", device.user_id)
    return regenerate_recovery_codes(actor, actor=actor)


@transaction.atomic
def regenerate_recovery_codes(user: User, *, actor: User) -> list[str]:
    """Replace the user's recovery codes with new single-use ones, returned in clear once."""
    if actor.pk != user.pk:
        raise PermissionDenied
    StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).delete()
    device = StaticDevice(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    device.full_clean()
    device.save()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(user: User, *, token: str) -> Device | None:
    """Return the device that accepts ``token`` (TOTP code or recovery code), or None.

    A recovery code is deleted when used (single use), and its use is logged as a warning so an
    administrator notices a lost phone or a misuse; the code itself is never logged.
    """
    cleaned = token.strip().replace(" ", "")
    with transaction.atomic():
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(cleaned):
                return device
        for static in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if static.verify_token(cleaned):
                left = static.token_set.count()
                logger.warning("Recovery code used by user %s; %d recovery codes left", user.pk, left)
                return static
    logger.warning("Wrong second-factor code for user %s", user.pk)
    return None


@transaction.atomic
def issue_api_token(
    user: User, *, actor: User, name: str, expires_at: datetime | None = None, read_only: bool = False
) -> str:
    """Create a token for ``user`` and return it in clear; only its hash is kept.

    Without an expiry it lasts ``SSP_API_TOKEN_DAYS`` days; it ends early when the owner's password changes.
    """
    raw = ApiToken.generate()
    token = ApiToken(
        user=user,
        name=name,
        prefix=raw[4:12],
        key_hash=ApiToken.hash(raw),
        expires_at=expires_at or timezone.now() + timedelta(days=settings.SSP_API_TOKEN_DAYS),
        read_only=read_only,
        password_fingerprint=user.get_session_auth_hash(),
    )
    token.full_clean()
    token.save()
    return raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> None:
    """Revoke a token; only its owner may. Revoking twice keeps the first time."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


@transaction.atomic
def reset_second_factor(user: User, *, actor: User) -> None:
    """Remove the user's authenticator and recovery codes, for a lost phone without recovery codes.

    Only whom ``ssp.privacy.staff.may_reset_second_factor`` names may (the staff pages and Django admin both come
    here); the reset is written to the administrators' activity log. The user enrols again at the next request;
    sessions verified with the removed device lose their verification at once, because the device they name no
    longer exists.
    """
    if not staff_policy.may_reset_second_factor(actor, user):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_staff_activity(user, actor=actor, action=StaffActivityAction.SECOND_FACTOR_RESET)
    logger.warning("Second factor of user %s reset by user %s", user.pk, actor.pk)


@transaction.atomic
def record_password_change(user: User) -> None:
    """The user chose a new password: a temporary one set by an administrator stops being required to change,
    and the change is written to the administrators' activity log (the actor is the user)."""
    forced = user.must_change_password
    if forced:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    record_staff_activity(
        user,
        actor=user,
        action=StaffActivityAction.PASSWORD_CHANGED,
        detail="temporary password replaced" if forced else "",
    )


def record_staff_activity(subject: User, *, actor: User, action: str, detail: str = "") -> StaffActivity:
    """Write one row of the administrators' activity log, in the caller's transaction."""
    row = StaffActivity(subject=subject, actor=actor, action=action, detail=detail[:500])
    row.full_clean(exclude=["subject", "actor"])
    row.save()
    return row
