from __future__ import annotations

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssp.accounts.tests.conftest import current_code

pytestmark = pytest.mark.django_db

ENROL = "/konto/totrinsbekraeftelse/opret/"


def test_it_enrols_with_a_real_code_and_shows_ten_recovery_codes_once(make_user, password_only):
    user = make_user()
    client = password_only(user)

    page = client.get(f"{ENROL}?next=/struktur/")

    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    done = client.post(ENROL, {"token": current_code(device), "next": "/struktur/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(codes)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/konto/").status_code == 200


def test_it_keeps_the_secret_when_the_page_is_reloaded(make_user, password_only):
    user = make_user()
    client = password_only(user)

    first = client.get(ENROL).context["secret"]
    second = client.get(ENROL).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_it_refuses_a_wrong_code(make_user, password_only):
    user = make_user()
    client = password_only(user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    wrong = "000000" if current_code(device) != "000000" else "111111"

    response = client.post(ENROL, {"token": wrong})

    assert response.status_code == 200
    assert "Koden passer ikke" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert client.get("/")["Location"].startswith(ENROL)


def test_a_password_alone_cannot_replace_an_enrolled_phone(make_user, password_only):
    user = make_user()
    TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    client = password_only(user)

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/totrinsbekraeftelse/?next=")
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_a_verified_user_can_change_phone_and_the_old_one_stops_working(make_user, login):
    user = make_user()
    client = login(user)
    old = TOTPDevice.objects.get(user=user, name="test")

    client.get(ENROL)
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(ENROL, {"token": current_code(new)})

    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_the_enrol_page_refuses_anonymous_visitors(client):
    response = client.get(ENROL)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")


def test_enrolling_gives_the_session_a_new_id(make_user, password_only):
    client = password_only(make_user())
    before = client.cookies["sessionid"].value
    client.get(ENROL)
    device = TOTPDevice.objects.get(confirmed=False)

    client.post(ENROL, {"token": current_code(device)})

    assert client.cookies["sessionid"].value != before
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
