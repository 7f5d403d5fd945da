from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssp.accounts.services import regenerate_recovery_codes, reset_second_factor

pytestmark = pytest.mark.django_db


def test_a_reset_sends_even_a_verified_session_back_to_enrolment(make_user, login, caplog):
    user = make_user()
    client = login(user)
    regenerate_recovery_codes(user, actor=user)
    admin = make_user(role="municipal_admin")

    with caplog.at_level(logging.WARNING, logger="ssp.accounts.services"):
        reset_second_factor(user, actor=admin)

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert f"reset by user {admin.pk}" in caplog.text
    assert client.get("/")["Location"].startswith("/konto/totrinsbekraeftelse/opret/")


@pytest.mark.parametrize(
    ("role", "municipality"), [("municipal_admin", "661"), ("ssp_consultant", "161"), ("manager", "161")]
)
def test_it_refuses_other_municipalities_admins_and_ordinary_staff(make_user, login, role, municipality):
    user = make_user()
    login(user)

    with pytest.raises(PermissionDenied):
        reset_second_factor(user, actor=make_user(role=role, municipality=municipality))

    assert TOTPDevice.objects.filter(user=user).exists()


def test_the_admin_action_resets_the_chosen_users(make_user, login):
    admin = make_user(role="system_admin", municipality=None, is_staff=True, is_superuser=True)
    chosen, spared = make_user(), make_user()
    for user in (chosen, spared):
        TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)

    response = login(admin).post(
        "/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [chosen.pk]}, follow=True
    )

    assert "1 medarbejder skal oprette totrinsbekræftelse igen" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=chosen).exists()
    assert TOTPDevice.objects.filter(user=spared).exists()


def test_the_admin_refuses_staff_without_admin_rights(make_user, login):
    response = login(make_user()).get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("actor_fields", "subject_fields", "allowed"),
    [
        ({"role": "municipal_admin"}, {"role": "ssp_teacher"}, True),
        ({"role": "municipal_admin", "municipality": "661"}, {"role": "ssp_teacher"}, False),
        ({"role": "municipal_admin"}, {"role": "system_admin", "municipality": None}, False),
        ({"role": "system_admin", "municipality": None}, {"role": "system_admin", "municipality": None}, False),
        ({"role": "system_admin", "municipality": None}, {"role": "caseworker", "municipality": "661"}, True),
    ],
)
def test_the_staff_pages_and_the_service_follow_the_one_policy_rule(
    make_user, login, actor_fields, subject_fields, allowed
):
    from django.urls import reverse

    from ssp.accounts.models import StaffActivity
    from ssp.privacy.staff import may_reset_second_factor

    actor, subject = make_user(**actor_fields), make_user(**subject_fields)
    TOTPDevice.objects.create(user=subject, name="telefon", confirmed=True)
    assert may_reset_second_factor(actor, subject) is allowed

    response = login(actor).post(reverse("staff:reset_second_factor", args=[subject.pk]))

    assert TOTPDevice.objects.filter(user=subject).exists() is not allowed
    assert (response.status_code == 302) is allowed
    assert StaffActivity.objects.filter(subject=subject, actor=actor, action="second_factor_reset").exists() is allowed


def test_the_admin_action_leaves_accounts_the_actor_does_not_administer(make_user, login):
    admin = make_user(role="system_admin", municipality=None, is_staff=True, is_superuser=True)
    other_admin = make_user(role="system_admin", municipality=None)
    TOTPDevice.objects.create(user=other_admin, name="telefon", confirmed=True)

    response = login(admin).post(
        "/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [other_admin.pk]}, follow=True
    )

    assert "administrerer du ikke" in response.content.decode()
    assert TOTPDevice.objects.filter(user=other_admin).exists()
