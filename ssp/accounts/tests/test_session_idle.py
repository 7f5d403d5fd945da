from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ssp.accounts.sessions import TOUCHED_KEY

pytestmark = pytest.mark.django_db


def _expire_at(client, when):
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=when)


def test_it_ends_sessions_after_thirty_idle_minutes_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SSP_SESSION_TOUCH_SECONDS == 60


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


def _last_saved_minutes_ago(client, minutes):
    session = client.session
    session[TOUCHED_KEY] = int(time.time()) - minutes * 60
    session.save()


def _session_writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_activity_extends_the_session(make_user, login):
    client = login(make_user())
    key = client.session.session_key
    _last_saved_minutes_ago(client, 2)
    _expire_at(client, timezone.now() + timedelta(minutes=1))

    assert client.get("/konto/").status_code == 200

    assert Session.objects.get(session_key=key).expire_date > timezone.now() + timedelta(minutes=29)


def test_a_request_within_a_minute_of_the_last_save_writes_no_session(make_user, login):
    """Issue 8, design point 8: one UPDATE of the session row per request was the floor of every page."""
    client = login(make_user())
    client.get("/konto/")  # the first request after log-in saves once

    assert _session_writes(client, "/konto/") == []
    assert _session_writes(client, "/konto/") == []


def test_the_first_request_a_minute_after_the_last_save_writes_once(make_user, login):
    client = login(make_user())
    _last_saved_minutes_ago(client, 1)

    assert len(_session_writes(client, "/konto/")) == 1
    assert _session_writes(client, "/konto/") == []


def test_requests_without_a_save_do_not_keep_an_idle_session_alive(make_user, login):
    client = login(make_user())
    client.get("/konto/")
    _expire_at(client, timezone.now() + timedelta(minutes=10))

    client.get("/konto/")  # within the minute: no save, so the expiry stays
    assert Session.objects.get(session_key=client.session.session_key).expire_date < timezone.now() + timedelta(
        minutes=11
    )
    _expire_at(client, timezone.now() - timedelta(seconds=1))  # ... and then the idle time runs out

    assert client.get("/konto/")["Location"].startswith("/konto/log-ind/?next=")
