"""Meetings at national scale: a year of meetings for 2,000 forums with ~10 items each.

Figures: time to generate the year's calendar (all forums, through ``generate_meetings``), and the server time
(median and p95 of repeated requests through Django's test client) and query count of the agenda page, the
forum's year calendar and a user's month calendar, next to a bare view measured in the same run.
Runs against the configured database (``make bench``: PostgreSQL ``ssp_bench``); the data is kept between runs
and topped up, so a second run only measures.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from bench import harness
from bench.report import figure
from ssp.accounts.models import StaffRole, User
from ssp.meetings.models import AgendaItem, ItemParticipant, Meeting
from ssp.meetings.services import generate_meetings_for
from ssp.structure.models import Forum, ForumKind, Level, Membership, MembershipRole, Municipality

FORUMS = 2000
ITEMS_PER_MEETING = 10
REQUESTS = 30
YEAR = date.today().year + 1
BENCH_PREFIX = "Benchmark-forum"
# Cadences of the seeds, cycled over the benchmark forums.
CADENCES: list[dict[str, object]] = [
    {"meetings_per_year_min": 12, "meetings_per_year_max": 25, "cancel_without_items": True},
    {"recurrence_rule": "FREQ=WEEKLY;BYDAY=TU"},
    {"meetings_per_year_min": 3, "meetings_per_year_max": 3},
    {"meetings_per_year_min": 1, "meetings_per_year_max": 2, "anchor_months": [9]},
    {"recurrence_rule": "FREQ=MONTHLY;BYDAY=1TH"},
    {"meetings_per_year_min": 2, "meetings_per_year_max": 2},
]


def _ensure_forums() -> list[Forum]:
    municipalities = list(Municipality.objects.order_by("code"))
    existing = set(Forum.objects.filter(name__startswith=BENCH_PREFIX).values_list("name", flat=True))
    wanted = FORUMS - Forum.objects.exclude(name__startswith=BENCH_PREFIX).count()
    new = []
    for index in range(wanted):
        name = f"{BENCH_PREFIX} {index:04d}"
        if name in existing:
            continue
        new.append(
            Forum(
                kind=ForumKind.CASE_COORDINATION if index % 6 in (0, 1) else ForumKind.SSP_LOCAL_NETWORK,
                name=name,
                municipality=municipalities[index % len(municipalities)],
                level=Level.OPERATIVE,
                allows_person_sensitive=index % 6 in (0, 1),
                **CADENCES[index % len(CADENCES)],
            )
        )
    Forum.objects.bulk_create(new, batch_size=500)
    return list(Forum.objects.prefetch_related("member_municipalities").order_by("pk"))


def _generate(forums: list[Forum], year: int) -> float:
    started = time.perf_counter()
    generate_meetings_for(forums, start=date(year, 1, 1), end=date(year, 12, 31), actor=None)
    return time.perf_counter() - started


def _fill_agendas() -> None:
    """Ten general items per meeting, written in bulk (the services are measured by the tests, not here)."""
    empty = Meeting.objects.filter(starts_at__year=YEAR, items__isnull=True).values_list("pk", "starts_at")
    batch: list[AgendaItem] = []
    for pk, starts_at in empty.iterator(chunk_size=2000):
        batch += [
            AgendaItem(
                meeting_id=pk,
                number=n,
                title=f"Punkt {n}",
                planned_start=starts_at + timedelta(minutes=12 * (n - 1)),
                slot_minutes=12,
            )
            for n in range(1, ITEMS_PER_MEETING + 1)
        ]
        if len(batch) >= 20000:
            AgendaItem.objects.bulk_create(batch)
            batch = []
    AgendaItem.objects.bulk_create(batch)


def _member(forum: Forum) -> User:
    user, _created = User.objects.get_or_create(
        username="bench.meetings", defaults={"role": StaffRole.SSP_CONSULTANT, "municipality": forum.municipality}
    )
    Membership.objects.get_or_create(
        user=user, forum=forum, defaults={"role": MembershipRole.COORDINATOR, "starts_on": date(2020, 1, 1)}
    )
    return user


def _measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def _client(user: User) -> Client:
    from ssp.accounts.testing import complete_second_factor

    client = Client()
    client.force_login(user)
    complete_second_factor(client, user)
    return client


def _ensure_database() -> None:
    """Create the PostgreSQL benchmark database when it is missing (``make bench`` names ``ssp_bench``)."""
    config = settings.DATABASES["default"]
    if "postgresql" not in config["ENGINE"]:
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=int(config["PORT"] or 5432),
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone() is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def main() -> None:
    _ensure_database()
    call_command("migrate", verbosity=0)
    forums = _ensure_forums()
    figure("meetings.forums", len(forums), "forums")
    _generate(forums, YEAR)
    # A fresh year each run (then removed again) measures first generation; the second pass is the idempotent rerun.
    scratch_year = YEAR + 1
    Meeting.objects.filter(starts_at__year=scratch_year, items__isnull=True).delete()
    figure("meetings.generate_year_fresh", _generate(forums, scratch_year), "s")
    figure("meetings.regenerate_year_unchanged", _generate(forums, scratch_year), "s")
    Meeting.objects.filter(starts_at__year=scratch_year, items__isnull=True).delete()
    figure("meetings.meetings_in_year", Meeting.objects.filter(starts_at__year=YEAR).count(), "meetings")
    _fill_agendas()
    figure("meetings.items_in_year", AgendaItem.objects.filter(meeting__starts_at__year=YEAR).count(), "items")
    # A municipal forum with meetings next year: the first benchmark forum, or (in a database the structure
    # benchmark filled first, leaving no room for benchmark forums) the first such forum there is.
    forum = (
        Forum.objects.filter(name=f"{BENCH_PREFIX} 0000").first()
        or Forum.objects.filter(municipality__isnull=False, meetings__starts_at__year=YEAR).order_by("pk").first()
        or forums[0]
    )
    user = _member(forum)
    meeting = Meeting.objects.filter(forum=forum, starts_at__year=YEAR).order_by("starts_at").first()
    assert meeting is not None and forum.municipality is not None
    items = list(meeting.items.all())
    ItemParticipant.objects.bulk_create(
        [ItemParticipant(item=item, user=user, relation="member") for item in items], ignore_conflicts=True
    )
    client = _client(user)
    # The benchmark runs without collectstatic; plain static storage keeps page rendering independent of it.
    plain_static = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    plain_static.enable()
    bare = harness.floor(user).median_ms
    figure("meetings.bare_view.median", bare, "ms")
    pages: list[tuple[str, str]] = [
        ("agenda_page", reverse("meetings:meeting", args=[meeting.pk])),
        ("forum_year_calendar", reverse("meetings:forum", args=[forum.pk]) + f"?year={YEAR}&view=year"),
        ("my_month_calendar", reverse("meetings:calendar") + f"?year={YEAR}&month=3"),
        (
            "municipality_month_calendar",
            reverse("meetings:municipality", args=[forum.municipality.slug]) + f"?year={YEAR}&month=3",
        ),
    ]
    for name, url in pages:
        median, p95, queries = _measure(client, url)
        figure(f"meetings.{name}.median", median, "ms")
        figure(f"meetings.{name}.p95", p95, "ms")
        figure(f"meetings.{name}.queries", queries, "queries")
        figure(f"meetings.{name}.ratio_to_bare", median / bare, "x")
    plain_static.disable()
