from __future__ import annotations

import logging

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/konto/log-ind/"
WRONG = "forkert-Kodeord-4711"


@pytest.fixture(autouse=True)
def _throttle_on(settings):
    settings.AXES_ENABLED = True


def test_it_locks_the_username_out_after_five_failures_with_a_danish_page(make_user, client):
    user = make_user()
    for _attempt in range(4):
        assert client.post(LOGIN, {"username": user.username, "password": WRONG}).status_code == 200

    locked = client.post(LOGIN, {"username": user.username, "password": WRONG})

    assert locked.status_code == 429
    assert "Log-in er midlertidigt spærret" in locked.content.decode()
    assert "spærret i 15 minutter" in locked.content.decode()
    right = client.post(LOGIN, {"username": user.username, "password": "test-password-123"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_out_another_username_from_the_same_address(make_user, client):
    victim, colleague = make_user(), make_user()
    for _attempt in range(5):
        client.post(LOGIN, {"username": victim.username, "password": WRONG})

    response = client.post(LOGIN, {"username": colleague.username, "password": "test-password-123"})

    assert response.status_code == 302


def test_it_logs_a_failed_log_in_as_a_warning_without_the_password(make_user, client, caplog):
    user = make_user()

    with caplog.at_level(logging.INFO):
        client.post(LOGIN, {"username": user.username, "password": WRONG})

    ours = [r for r in caplog.records if r.name == "ssp.accounts.login"]
    assert [r.levelno for r in ours] == [logging.WARNING]
    assert user.username in ours[0].getMessage()
    assert WRONG not in caplog.text
