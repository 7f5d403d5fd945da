"""Shared benchmark harness: a migrated PostgreSQL database, a logged-in test client and timings.

Used by every ``bench/bench_<topic>.py``::

    from bench import harness

    harness.prepare_database()          # creates the database if missing, migrates it
    client = harness.logged_in_client(user)
    bare = harness.floor(user)
    page = harness.measure(client, "/struktur/")
    harness.report("structure.overview", page, bare)

Timings are server time measured in-process with Django's test client (no network). The floor is
Django itself: a logged-in view returning "ok" behind the middleware ``startproject`` writes, with no
session write; so a page's ratio to the floor is everything the platform adds, its own middleware
(second factor, request id, security headers, log-in throttle) included. The same view behind the
platform's middleware is the second floor, ``platform_floor`` (reported by ``bench/bench_floor.py``).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from bench.report import figure

__all__ = [
    "BARE_URL",
    "Measurement",
    "figure",
    "floor",
    "logged_in_client",
    "measure",
    "platform_floor",
    "prepare_database",
    "report",
]

BARE_URL = "/__bench__/bare/"
ROUNDS = 30
WARMUP = 3


# The list ``django-admin startproject`` writes in Django 5.2.
STOCK_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


@login_required
def bare_view(request: HttpRequest) -> HttpResponse:
    """The floor: a logged-in view doing nothing (the session and the user are read, as on every page)."""
    return HttpResponse("ok")


# The product's URLs plus the bare view; installed only by ``prepare_database`` for the benchmark.
urlpatterns = [path(BARE_URL.strip("/") + "/", bare_view), path("", include(settings.ROOT_URLCONF))]


def prepare_database() -> None:
    """Create the database named by DATABASE_URL if missing, migrate it and route URLs via this module."""
    import psycopg
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        raise SystemExit("The benchmarks run on PostgreSQL: set DATABASE_URL (make bench does).")
    admin = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", verbosity=0, interactive=False)
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    # Without collectstatic there is no manifest; plain storage gives the same URLs' cost.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def logged_in_client(user: Any) -> Client:
    """A client logged in as ``user`` with a verified second factor, as after a real log-in."""
    from ssp.accounts.testing import complete_second_factor

    client = Client()
    client.force_login(user)
    complete_second_factor(client, user)
    return client


def stock_client(user: Any) -> Client:
    """A client logged in as ``user`` whose requests pass only Django's stock middleware."""
    client = Client()
    with override_settings(MIDDLEWARE=STOCK_MIDDLEWARE):
        # The test client builds its middleware chain once, from the settings of that moment.
        client.handler.load_middleware()
    client.force_login(user)
    return client


@dataclass(frozen=True)
class Measurement:
    median_ms: float
    p95_ms: float
    queries: int


def measure(client: Client, url: str, *, rounds: int = ROUNDS, **headers: Any) -> Measurement:
    """Median and 95th percentile server time of GET ``url``, and its SQL query count."""
    for _ in range(WARMUP):
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
    # An execute wrapper, because the request_started signal empties connection.queries mid-capture.
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url, **headers)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url, **headers)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return Measurement(statistics.median(times), p95, len(executed))


def floor(user: Any, *, rounds: int = ROUNDS) -> Measurement:
    """The bare view behind Django's stock middleware, logged in as ``user``: the denominator of every ratio."""
    return measure(stock_client(user), BARE_URL, rounds=rounds)


def platform_floor(user: Any, *, rounds: int = ROUNDS) -> Measurement:
    """The bare view behind the platform's own middleware, logged in with a verified second factor."""
    return measure(logged_in_client(user), BARE_URL, rounds=rounds)


def report(name: str, measured: Measurement, bare: Measurement) -> None:
    figure(f"{name}.median", measured.median_ms, "ms")
    figure(f"{name}.p95", measured.p95_ms, "ms")
    figure(f"{name}.queries", measured.queries, "queries")
    figure(f"{name}.ratio_to_bare", measured.median_ms / bare.median_ms, "x")
