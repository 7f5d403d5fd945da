"""Case work at national scale: the case record of a citizen with 500 events (page and PDF), the work queue among
1,000,000 case actions, and the figures page of a municipality with 10 years of data.

Needs PostgreSQL (``make bench``). Rows are generated once per database with ``INSERT ... SELECT generate_series``
(citizens without CPR numbers: the pages timed here never decrypt one). Sizes are environment variables
(``BENCH_CASEWORK_CITIZENS``, ``BENCH_CASE_ACTIONS``, ``BENCH_FIGURE_CONCERNS``) with the full sizes as defaults.
Each page is timed with ``bench.harness`` (median and p95 server time, query count, ratio to the bare view).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bench import harness
from bench.report import figure
from ssp.accounts.models import StaffRole, User
from ssp.casework.models import ActionKind, CaseAction, Letter
from ssp.citizens.models import Citizen
from ssp.concerns.models import Concern, ConcernEvent, ConcernNote
from ssp.settings import env_int
from ssp.structure.models import Municipality

CITIZENS = env_int("BENCH_CASEWORK_CITIZENS", 300_000)
CASE_ACTIONS = env_int("BENCH_CASE_ACTIONS", 1_000_000)
# One municipality's concerns over ten years (Guldborgsund has some 60,000 inhabitants; ~2,000 intakes a year).
FIGURE_CONCERNS = env_int("BENCH_FIGURE_CONCERNS", 20_000)
RECORD_EVENTS = 500
MY_ACTIONS = 80
OWNERS = 2_000


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def _users() -> tuple[User, User]:
    guldborgsund = Municipality.objects.get(code="376")
    me, _ = User.objects.get_or_create(
        username="bench.casework", defaults={"role": StaffRole.SSP_CONSULTANT, "municipality": guldborgsund}
    )
    manager, _ = User.objects.get_or_create(
        username="bench.manager", defaults={"role": StaffRole.MANAGER, "municipality": guldborgsund}
    )
    return me, manager


def _owners() -> list[int]:
    """Other consultants across the country, who own the actions the timed user's queue must skip."""
    places = list(Municipality.objects.values_list("pk", flat=True))
    User.objects.bulk_create(
        (
            User(username=f"bench.owner{i}", role=StaffRole.SSP_CONSULTANT, municipality_id=places[i % len(places)])
            for i in range(OWNERS)
        ),
        ignore_conflicts=True,
    )
    return list(User.objects.filter(username__startswith="bench.owner").values_list("pk", flat=True))


def _generate(me: User) -> None:
    """Citizens with one concern each across the country, ``FIGURE_CONCERNS`` of them in ``me``'s municipality
    spread over ten years, and case actions owned by ``me`` and by nobody the pages look at."""
    citizens, concerns, actions = _table(Citizen), _table(Concern), _table(CaseAction)
    places = list(Municipality.objects.values_list("pk", flat=True))
    owners = _owners()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {citizens} (first_name, last_name, birth_date, gender, municipality_id, cpr_ciphertext,
                cpr_lookup, created_at, updated_at)
            SELECT 'Bench', 'Borger' || g, DATE '2010-01-01' + mod(g, 3000), '',
                   (CASE WHEN g <= %s THEN %s ELSE (%s::int[])[1 + mod(g, %s)] END), '', '', now(), now()
            FROM generate_series(1, %s) g
            """,
            [FIGURE_CONCERNS, me.municipality_id, places, len(places), CITIZENS],
        )
        cursor.execute(
            f"""
            INSERT INTO {concerns} (citizen_id, municipality_id, track, source, severity, status, closed_reason,
                opened_at, closed_at, last_activity_at, responsible_id, caseworker_id, school_context, summary)
            SELECT c.id, c.municipality_id, 'ssp',
                   (ARRAY['police_daily_report','school','social_services','network'])[1 + mod(c.id, 4)],
                   'moderate', 'open', '', now() - (mod(c.id, 3650)) * interval '1 day', NULL, now(), %s, NULL,
                   false, 'Benchmark'
            FROM {citizens} c WHERE c.last_name LIKE 'Borger%%'
            """,
            [me.pk],
        )
        cursor.execute(f"SELECT min(id), max(id) FROM {concerns} WHERE summary = 'Benchmark'")
        low, high = cursor.fetchone()
        kinds = list(ActionKind.values)
        cursor.execute(
            f"""
            INSERT INTO {actions} (concern_id, kind, status, owner_id, due_on, done_on, note, young_person_attends,
                phase_situation, phase_responsibility, phase_measures, outcome, follow_up, follow_up_on,
                meeting_id, created_at, created_by_id, reminded_before_at, reminded_overdue_at)
            SELECT {low} + mod(g, {high} - {low} + 1), (%s::text[])[1 + mod(g, %s)],
                   CASE WHEN mod(g, 10) < 8 THEN 'done' ELSE 'planned' END,
                   CASE WHEN g <= %s THEN %s ELSE (%s::int[])[1 + mod(g, %s)] END,
                   CURRENT_DATE - mod(g, 3650),
                   CASE WHEN mod(g, 10) < 8 THEN CURRENT_DATE - mod(g, 3650) + mod(g, 3) - 1 END,
                   '', false, '', '', '', 'Benchmark', '', NULL, NULL,
                   now() - (mod(g, 3650)) * interval '1 day' + interval '2 days', NULL, NULL, NULL
            FROM generate_series(1, %s) g
            """,
            [kinds, len(kinds), MY_ACTIONS, me.pk, owners, len(owners), CASE_ACTIONS],
        )


def _record_citizen(me: User) -> Citizen:
    """One citizen with ``RECORD_EVENTS`` entries in the record: notes, timeline lines, actions and letters."""
    place = me.municipality
    assert place is not None
    citizen = Citizen.objects.create(first_name="Sagsakt", last_name="Benchmark", municipality=place)
    concern = Concern.objects.create(citizen=citizen, municipality=place, source="police_daily_report", responsible=me)
    now = timezone.now()
    ConcernNote.objects.bulk_create(
        ConcernNote(
            concern=concern, author=me, text=f"Notat {i}", section_115=i % 5 == 0, created_at=now - timedelta(hours=i)
        )
        for i in range(150)
    )
    ConcernEvent.objects.bulk_create(
        ConcernEvent(
            concern=concern, actor=me, kind="status_changed", summary=f"Status {i}", at=now - timedelta(hours=i)
        )
        for i in range(150)
    )
    today = timezone.localdate()
    CaseAction.objects.bulk_create(
        CaseAction(
            concern=concern,
            kind=ActionKind.HOME_VISIT,
            owner=me,
            due_on=today - timedelta(days=i),
            status="done",
            done_on=today - timedelta(days=i),
            outcome=f"Besøg {i}",
        )
        for i in range(75)
    )
    Letter.objects.bulk_create(
        Letter(concern=concern, recipient_count=2, docx=f"bench/{i}.docx", pdf=f"bench/{i}.pdf", created_by=me)
        for i in range(50)
    )
    return citizen


def main() -> None:
    harness.prepare_database()
    me, manager = _users()
    if not CaseAction.objects.filter(outcome="Benchmark").exists():
        started = time.perf_counter()
        with transaction.atomic():
            _generate(me)
        figure("casework.generate", time.perf_counter() - started, "s")
    citizen = Citizen.objects.filter(last_name="Benchmark").first() or _record_citizen(me)
    figure("casework.rows.case_actions", CaseAction.objects.count(), "rows")
    figure("casework.rows.record_entries", RECORD_EVENTS, "entries")
    client = harness.logged_in_client(me)
    bare = harness.measure(client, harness.BARE_URL)
    harness.report(
        "casework.case_record_page", harness.measure(client, reverse("casework:record", args=[citizen.pk])), bare
    )
    pdf = reverse("casework:record_export", args=[citizen.pk, "pdf"])
    harness.report("casework.case_record_pdf", harness.measure(client, pdf, rounds=5), bare)
    harness.report("casework.work_queue", harness.measure(client, reverse("casework:queue")), bare)
    managers = harness.logged_in_client(manager)
    harness.report("casework.figures_month", harness.measure(managers, reverse("casework:figures")), bare)
    harness.report(
        "casework.figures_week", harness.measure(managers, reverse("casework:figures") + "?periode=uge"), bare
    )
