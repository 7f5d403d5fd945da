from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def test_a_password_log_in_leads_to_the_code_before_the_start_page(make_user, client):
    user = make_user()
    TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)

    logged_in = client.post("/konto/log-ind/", {"username": user.username, "password": "test-password-123"})
    start = client.get(logged_in["Location"])

    assert logged_in["Location"] == "/"
    assert start["Location"] == "/konto/totrinsbekraeftelse/?next=%2F"


def test_a_user_without_the_second_factor_can_log_out(make_user, password_only):
    client = password_only(make_user())

    response = client.post("/konto/log-ud/")

    assert response["Location"] == "/konto/log-ind/"
    assert "_auth_user_id" not in client.session
