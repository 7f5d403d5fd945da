from __future__ import annotations

import logging

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssp.accounts.services import regenerate_recovery_codes
from ssp.accounts.tests.conftest import current_code

pytestmark = pytest.mark.django_db

VERIFY = "/konto/totrinsbekraeftelse/"


@pytest.fixture
def enrolled(make_user):
    user = make_user()
    device = TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    codes = regenerate_recovery_codes(user, actor=user)
    return user, device, codes


def test_it_verifies_with_the_app_code_and_returns_to_the_page(enrolled, password_only):
    user, device, _codes = enrolled
    client = password_only(user)

    response = client.post(VERIFY, {"token": current_code(device), "next": "/struktur/"})

    assert response.status_code == 302
    assert response["Location"] == "/struktur/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/konto/").status_code == 200


def test_it_does_not_send_the_user_to_another_site(enrolled, password_only):
    user, device, _codes = enrolled
    client = password_only(user)

    response = client.post(VERIFY, {"token": current_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_it_refuses_a_wrong_code_and_logs_the_attempt(enrolled, password_only, caplog):
    user, device, _codes = enrolled
    client = password_only(user)
    wrong = "000000" if current_code(device) != "000000" else "111111"

    with caplog.at_level(logging.WARNING, logger="ssp.accounts.services"):
        response = client.post(VERIFY, {"token": wrong})

    assert f"Wrong second-factor code for user {user.pk}" in caplog.text
    assert wrong not in caplog.text

    assert response.status_code == 200
    assert "Koden passer ikke" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/")["Location"].startswith(VERIFY)


def test_a_recovery_code_works_once_and_its_use_is_logged_without_the_code(enrolled, password_only, caplog):
    user, _device, codes = enrolled
    client = password_only(user)

    with caplog.at_level(logging.WARNING, logger="ssp.accounts.services"):
        response = client.post(VERIFY, {"token": codes[0]})

    assert response["Location"] == "/"
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "Recovery code used" in caplog.text
    assert "9 recovery codes left" in caplog.text
    assert codes[0] not in caplog.text
    assert StaticToken.objects.filter(device__user=user).count() == 9

    client.logout()
    again = password_only(user).post(VERIFY, {"token": codes[0]})
    assert again.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_it_sends_a_user_without_a_device_to_enrolment(make_user, password_only):
    response = password_only(make_user()).get(VERIFY)

    assert response["Location"] == "/konto/totrinsbekraeftelse/opret/"


def test_the_verify_page_refuses_anonymous_visitors(client):
    assert client.get(VERIFY)["Location"].startswith("/konto/log-ind/")


def test_the_session_gets_a_new_id_when_the_second_factor_is_verified(enrolled, password_only):
    """Hole 9 of issue 8: an id known before the second factor (fixed or read) must not open the stronger session."""
    user, device, _codes = enrolled
    client = password_only(user)
    before = client.cookies["sessionid"].value

    client.post(VERIFY, {"token": current_code(device)})

    after = client.cookies["sessionid"].value
    assert after != before
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    # The old id opens nothing: a client holding it is sent to log in.
    client.cookies["sessionid"] = before
    assert client.get("/konto/")["Location"].startswith("/konto/log-ind/")
