"""Concerns at national scale: 300,000 citizens, 1,000,000 concern events, 10,000,000 audit events.

Needs PostgreSQL (``make bench``). The data is generated once per database and kept: citizens with COPY
(psycopg ``copy``, encrypting each CPR number as the application does), concerns, events and audit events with
``INSERT ... SELECT generate_series`` so the server builds the rows without a round trip each. The counts
are environment variables (``BENCH_CITIZENS``, ``BENCH_CONCERN_EVENTS``, ``BENCH_AUDIT_EVENTS``) with the full
sizes as defaults. Then it times with ``bench.harness`` (in process, median and p95, query count, ratio to a
bare view) "my concerns", a concern page and the audit search page, and the cost of writing one audit event.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bench import harness
from bench.report import figure
from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.concerns.fictional import fictional_people
from ssp.concerns.models import Concern, ConcernEvent, ConcernTeamMember
from ssp.privacy import door
from ssp.privacy.models import AuditAction, AuditEvent
from ssp.settings import env_int
from ssp.structure.models import Municipality

CITIZENS = env_int("BENCH_CITIZENS", 300_000)
CONCERN_EVENTS = env_int("BENCH_CONCERN_EVENTS", 1_000_000)
AUDIT_EVENTS = env_int("BENCH_AUDIT_EVENTS", 10_000_000)
# The consultant whose pages are timed is responsible for this many concerns and on this many teams.
MY_RESPONSIBLE = 60
MY_TEAMS = 40
CONSULTANTS = 500
AUDIT_SEARCH_ROUTE = "privacy:audit_log"


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def _users() -> tuple[User, list[int]]:
    glostrup = Municipality.objects.get(code="161")
    me, _ = User.objects.get_or_create(
        username="bench.consultant",
        defaults={"role": StaffRole.SSP_CONSULTANT, "municipality": glostrup, "first_name": "Bench"},
    )
    existing = User.objects.filter(username__startswith="bench.c").count()
    places = list(Municipality.objects.values_list("pk", flat=True))
    User.objects.bulk_create(
        User(username=f"bench.c{i}", role=StaffRole.SSP_CONSULTANT, municipality_id=places[i % len(places)])
        for i in range(existing - 1, CONSULTANTS)
    )
    others = list(User.objects.filter(username__startswith="bench.c").exclude(pk=me.pk).values_list("pk", flat=True))
    return me, others


def _copy_citizens(count: int) -> None:
    """COPY the citizens, each CPR number encrypted and hashed as ``Citizen.cpr`` does it."""
    places = list(Municipality.objects.values_list("pk", flat=True))
    people = fictional_people(count, seed=2026, on=date(2026, 1, 1), min_age=8, max_age=24)
    probe = Citizen()
    now = timezone.now()
    columns = (
        "first_name, last_name, birth_date, gender, municipality_id, cpr_ciphertext, cpr_lookup, created_at, updated_at"
    )
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor() as raw,
        raw.copy(f"COPY {_table(Citizen)} ({columns}) FROM STDIN") as copy,
    ):
        for i, person in enumerate(people):
            probe.cpr = person.cpr
            row = (
                person.first_name,
                person.last_name,
                person.birth_date,
                person.gender,
                places[i % len(places)],
                probe.cpr_ciphertext,
                probe.cpr_lookup,
                now,
                now,
            )
            copy.write_row(row)


def _insert_concerns(me: User, others: list[int]) -> None:
    """One concern per citizen; ``me`` is responsible for a few in Glostrup and on the team of a few more."""
    citizens, concerns, members = _table(Citizen), _table(Concern), _table(ConcernTeamMember)
    low, high = min(others), max(others)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {concerns} (citizen_id, municipality_id, track, source, severity, status, closed_reason,
                opened_at, closed_at, last_activity_at, responsible_id, caseworker_id, school_context, summary)
            SELECT c.id, c.municipality_id,
                   (ARRAY['ssp','ssp_plus','psp','ksp'])[1 + mod(c.id, 4)],
                   (ARRAY['police_daily_report','school','social_services','network'])[1 + mod(c.id, 4)],
                   (ARRAY['low','moderate','high','acute'])[1 + mod(c.id, 4)],
                   (ARRAY['open','active','closed'])[1 + mod(c.id, 3)],
                   CASE WHEN mod(c.id, 3) = 2 THEN 'Afsluttet' ELSE '' END,
                   now() - (mod(c.id, 700)) * interval '1 day',
                   CASE WHEN mod(c.id, 3) = 2 THEN now() - (mod(c.id, 300)) * interval '1 day' END,
                   now() - (mod(c.id, 300)) * interval '1 day',
                   {low} + mod(c.id, {high} - {low} + 1), NULL, mod(c.id, 5) = 0, 'Benchmark'
            FROM {citizens} c
            """
        )
        cursor.execute(
            f"UPDATE {concerns} SET responsible_id = %s, municipality_id = %s WHERE id IN "
            f"(SELECT id FROM {concerns} ORDER BY id LIMIT %s)",
            [me.pk, me.municipality_id, MY_RESPONSIBLE],
        )
        cursor.execute(
            f"INSERT INTO {members} (concern_id, user_id, added_at, added_by_id) "
            f"SELECT id, %s, now(), responsible_id FROM {concerns} ORDER BY id DESC LIMIT %s",
            [me.pk, MY_TEAMS],
        )


def _insert_events(count: int) -> None:
    concerns, events = _table(Concern), _table(ConcernEvent)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {concerns}")
        low, high = cursor.fetchone()
        cursor.execute(
            f"""
            INSERT INTO {events} (concern_id, at, actor_id, kind, summary, ref)
            SELECT {low} + mod(g, {high} - {low} + 1), now() - (mod(g, 1000)) * interval '1 hour', NULL,
                   (ARRAY['opened','note_added','status_changed','team_changed'])[1 + mod(g, 4)], 'Benchmark', ''
            FROM generate_series(1, %s) g
            """,
            [count],
        )


def _audit_expression(field: Any, users: tuple[int, int], citizens: tuple[int, int], concerns: tuple[int, int]) -> str:
    """SQL for one audit column over ``generate_series`` ``g``, from the field's type, so the bench follows the model.

    The hash chain is not computed here (a random-looking digest per row): the bench measures reading and
    writing at volume, not ``ssp audit verify``.
    """
    spans = {"actor": users, "citizen": citizens, "concern": concerns}
    if field.is_relation:
        low, high = spans.get(field.name, users)
        return f"{low} + mod(g, {high} - {low} + 1)"
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return "now() - g * interval '3 seconds'"
    if kind in ("IntegerField", "BigIntegerField", "PositiveIntegerField", "PositiveBigIntegerField"):
        return "g"
    if kind == "BooleanField":
        return "false"
    if kind == "JSONField":
        return "'[]'::jsonb"
    if kind == "GenericIPAddressField":
        return "'127.0.0.1'"
    if field.name == "action":
        return "(ARRAY['view','list','search','update','api_view'])[1 + mod(g, 5)]"
    if field.name == "relation":
        return "(ARRAY['responsible','team_member','caseworker'])[1 + mod(g, 3)]"
    if field.choices:
        return f"'{field.choices[0][0]}'"
    if "hash" in field.name:
        return "md5(g::text) || md5((g + 1)::text)"
    if field.max_length:
        return f"left(md5(g::text), {field.max_length})"
    return "''"


def _span(model: Any) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {_table(model)}")
        low, high = cursor.fetchone()
    return int(low), int(high)


def _insert_audit_events(count: int) -> None:
    """In batches of a million so one statement's memory and WAL stay small on a small machine.

    The table's secondary indexes and its unique constraint (eleven b-trees, two of them over random hashes) are
    dropped for the load and built again after it: building a b-tree once from sorted rows is many times faster
    than inserting ten million rows into it one by one (the first million took over twelve minutes with them).
    """
    table = _table(AuditEvent)
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    spans = (_span(User), _span(Citizen), _span(Concern))
    columns = ", ".join(str(f.column) for f in fields)
    values = ", ".join(_audit_expression(f, *spans) for f in fields)
    done = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        constraints = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # The series continues after the highest id, so a run that tops up an interrupted one makes new hashes.
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        (offset,) = cursor.fetchone()
        while done < count:
            batch = min(1_000_000, count - done)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {values} FROM generate_series(%s, %s) g",
                [offset + done + 1, offset + done + batch],
            )
            done += batch
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _generate(me: User, others: list[int]) -> None:
    started = time.perf_counter()
    if not Citizen.objects.exists():
        _copy_citizens(CITIZENS)
        _insert_concerns(me, others)
        figure("concerns.generate.citizens_and_concerns", time.perf_counter() - started, "s")
    if ConcernEvent.objects.count() < CONCERN_EVENTS:
        step = time.perf_counter()
        _insert_events(CONCERN_EVENTS)
        figure("concerns.generate.concern_events", time.perf_counter() - step, "s")
    if AuditEvent.objects.count() < AUDIT_EVENTS:
        step = time.perf_counter()
        _insert_audit_events(AUDIT_EVENTS - AuditEvent.objects.count())
        figure("concerns.generate.audit_events", time.perf_counter() - step, "s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time_audit_search(me: User, bare: harness.Measurement) -> None:
    """The system administrator's audit search over the whole table, filtered on one action."""
    admin, _ = User.objects.get_or_create(
        username="bench-audit-admin", defaults={"role": StaffRole.SYSTEM_ADMIN, "municipality": me.municipality}
    )
    client = harness.logged_in_client(admin)
    url = reverse(AUDIT_SEARCH_ROUTE)
    harness.report("concerns.audit_search", harness.measure(client, f"{url}?action=update"), bare)


def _audit_cost(me: User, concern: Concern) -> None:
    """Microseconds to write one audit event (hash chain included), each in its own transaction as a request."""
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        with transaction.atomic():
            door.record_change(
                me, action=AuditAction.VIEW, citizen=concern.citizen, concern=concern, relation="responsible"
            )
    figure("concerns.audit_record", (time.perf_counter() - started) / rounds * 1e6, "µs")


def main() -> None:
    harness.prepare_database()
    me, others = _users()
    _generate(me, others)
    figure("concerns.rows.citizens", Citizen.objects.count(), "rows")
    figure("concerns.rows.concern_events", ConcernEvent.objects.count(), "rows")
    figure("concerns.rows.audit_events", AuditEvent.objects.count(), "rows")
    client = harness.logged_in_client(me)
    concern = Concern.objects.filter(responsible=me).select_related("citizen").first()
    assert concern is not None
    bare = harness.floor(me)
    harness.report("concerns.my_concerns", harness.measure(client, reverse("concerns:mine")), bare)
    harness.report(
        "concerns.concern_page", harness.measure(client, reverse("concerns:detail", args=[concern.pk])), bare
    )
    _time_audit_search(me, bare)
    _audit_cost(me, concern)
