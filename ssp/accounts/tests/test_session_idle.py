from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _expire_at(client, when):
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=when)


def test_it_ends_sessions_after_thirty_idle_minutes_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_the_idle_time_comes_from_the_environment():
    env = {**os.environ, "SSP_SESSION_IDLE_MINUTES": "45"}
    code = "import ssp.settings as s; print(s.SESSION_COOKIE_AGE)"

    # A fresh interpreter reads the settings module anew; the input is the fixed line above.
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603

    assert result.stdout.strip() == "2700"


def test_an_idle_session_sends_the_user_to_log_in(make_user, login):
    client = login(make_user())
    _expire_at(client, timezone.now() - timedelta(seconds=1))

    response = client.get("/konto/")

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/?next=")


def test_activity_extends_the_session(make_user, login):
    client = login(make_user())
    key = client.session.session_key
    _expire_at(client, timezone.now() + timedelta(minutes=1))

    assert client.get("/konto/").status_code == 200

    assert Session.objects.get(session_key=key).expire_date > timezone.now() + timedelta(minutes=29)
