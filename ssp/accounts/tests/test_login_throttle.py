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


def test_password_spraying_across_usernames_from_one_address_is_stopped(make_user, client, settings):
    """Hole 9 of issue 8: one password tried once against many usernames never reached the per-username limit."""
    staff = make_user()
    sprayed = [make_user().username for _ in range(settings.SSP_LOGIN_ADDRESS_FAILURE_LIMIT)]
    answers = [
        client.post(LOGIN, {"username": username, "password": WRONG}, REMOTE_ADDR="198.51.100.7").status_code
        for username in sprayed
    ]

    from_the_address = client.post(
        LOGIN, {"username": staff.username, "password": "test-password-123"}, REMOTE_ADDR="198.51.100.7"
    )
    from_elsewhere = client.post(
        LOGIN, {"username": staff.username, "password": "test-password-123"}, REMOTE_ADDR="198.51.100.8"
    )

    assert answers[:-1] == [200] * (len(sprayed) - 1)  # no single username reached its own limit
    assert from_the_address.status_code == 429
    assert "Log-in er midlertidigt spærret" in from_the_address.content.decode()
    assert from_elsewhere.status_code == 302


def test_a_few_colleagues_mistyping_from_one_address_lock_nobody_else_out(make_user, client):
    office = "203.0.113.20"
    for _colleague in range(4):
        client.post(LOGIN, {"username": make_user().username, "password": WRONG}, REMOTE_ADDR=office)

    response = client.post(
        LOGIN, {"username": make_user().username, "password": "test-password-123"}, REMOTE_ADDR=office
    )

    assert response.status_code == 302
