"""The audit log is append-only and hash-chained; ``ssp audit verify`` names the first broken event.

Tampering goes through raw SQL, as an attacker with database access would. On PostgreSQL the append-only
trigger refuses that too, so these tests first disable it with ``ALTER TABLE ... DISABLE TRIGGER USER``
(which only a table owner can do) and re-enable it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ssp.privacy import audit
from ssp.privacy.models import AppendOnlyError, AuditAction, AuditEvent


@pytest.fixture
def chain(make_user: Any) -> list[AuditEvent]:
    actor = make_user()
    return [audit.record(actor=actor, action=AuditAction.VIEW, detail=f"event {n}") for n in range(4)]


@contextmanager
def _tamper() -> Iterator[Any]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE privacy_auditevent DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE privacy_auditevent ENABLE TRIGGER USER")


def _verify_fails_at(event_id: int) -> None:
    with pytest.raises(CommandError, match=f"event {event_id}:"):
        call_command("audit", "verify", "--batch-size", "2")


def test_an_intact_chain_verifies(chain: list[AuditEvent], capsys: Any) -> None:
    call_command("audit", "verify")
    assert "4 events verified" in capsys.readouterr().out
    assert chain[0].prev_hash == ""
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(chain))


def test_verify_names_an_altered_event(chain: list[AuditEvent]) -> None:
    with _tamper() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET detail = %s WHERE id = %s", ["harmless", chain[2].pk])
    _verify_fails_at(chain[2].pk)


def test_verify_names_the_event_after_a_removed_one(chain: list[AuditEvent]) -> None:
    with _tamper() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent WHERE id = %s", [chain[1].pk])
    _verify_fails_at(chain[2].pk)


def test_verify_catches_reordered_events(chain: list[AuditEvent]) -> None:
    first, second = chain[1], chain[2]
    update = "UPDATE privacy_auditevent SET at = %s, detail = %s, prev_hash = %s, hash = %s WHERE id = %s"
    with _tamper() as cursor:
        # Swap the two events under their ids.
        cursor.execute(update, [first.at, first.detail, first.prev_hash, first.hash, second.pk])
        cursor.execute(update, [second.at, second.detail, second.prev_hash, second.hash, first.pk])
    _verify_fails_at(first.pk)


def test_the_application_cannot_change_or_remove_events(chain: list[AuditEvent]) -> None:
    event = chain[0]
    event.detail = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_raw_update_and_delete(chain: list[AuditEvent]) -> None:
    for sql in ("UPDATE privacy_auditevent SET detail = 'x'", "DELETE FROM privacy_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.count() == 4


def test_an_event_records_request_context_and_field_names_only(make_user: Any, rf: Any) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.7")
    request.request_id = "req-123"
    event = audit.record(
        actor=make_user(username="anne"),
        action=AuditAction.UPDATE,
        request=request,
        changed_fields=["summary", "severity"],
    )

    event.refresh_from_db()
    assert (event.client_address, event.request_id, event.actor_username) == ("10.0.0.7", "req-123", "anne")
    assert event.changed_fields == ["severity", "summary"]


def test_a_bulk_disclosure_chains_each_event_as_canonical_hashes_it(make_user: Any, rf: Any) -> None:
    # record_many assembles each event's canonical JSON from the shared part's: it must be byte for byte the text
    # ``canonical`` makes of the stored event, whatever the shared values hold (quotes, a key's text, æ, nothing).
    request = rf.get("/", REMOTE_ADDR="10.0.0.7")
    request.request_id = "req-9"
    audit.record(actor=make_user(), action=AuditAction.VIEW)
    audit.record_many(
        actor=make_user(username='ærø"citizen_id":null'),
        action=AuditAction.LIST,
        subjects=[(7, None), (None, 3), (8, 9), (7, None)],
        relation='"prev_hash":null',
        request=request,
        detail='intake "concern_id":null \\ ø',
    )

    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.citizen_id, e.concern_id) for e in events[1:]] == [(7, None), (None, 3), (8, 9), (7, None)]
    assert all(audit.compute_hash(event) == event.hash for event in events)
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
    assert audit.verify_chain() == (5, None)
