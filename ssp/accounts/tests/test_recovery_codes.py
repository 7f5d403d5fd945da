from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticToken

from ssp.accounts.services import regenerate_recovery_codes

pytestmark = pytest.mark.django_db

REGENERATE = "/konto/totrinsbekraeftelse/gendannelseskoder/"


def test_it_replaces_the_recovery_codes_and_shows_the_new_ones_once(make_user, login):
    user = make_user()
    old = regenerate_recovery_codes(user, actor=user)
    client = login(user)

    response = client.post(REGENERATE)

    new = response.context["codes"]
    assert len(new) == 10
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
    assert new[0] not in client.get("/konto/").content.decode()


def test_it_refuses_a_get(make_user, login):
    assert login(make_user()).get(REGENERATE).status_code == 405


def test_it_refuses_a_session_without_the_second_factor(make_user, password_only):
    user = make_user()
    old = regenerate_recovery_codes(user, actor=user)

    response = password_only(user).post(REGENERATE)

    assert response.status_code == 302
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(old)


def test_it_refuses_anonymous_visitors(client):
    assert client.post(REGENERATE)["Location"].startswith("/konto/log-ind/")
