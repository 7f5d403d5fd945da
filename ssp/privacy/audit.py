"""The audit log: one append-only, hash-chained event per read or write of citizen data.

Each event's ``hash`` is SHA-256 over a canonical JSON of its fields including ``prev_hash`` (the previous event's
hash), so altering, removing or reordering any event breaks the chain at that point; ``verify_chain`` finds it.
Writers are serialised so two requests never chain onto the same predecessor: on PostgreSQL the function
``privacy_audit_chain_head()`` (migration 0002) takes a transaction-level advisory lock (``pg_advisory_xact_lock``)
and then reads the last hash with a fresh snapshot, in one round trip; SQLite's IMMEDIATE transactions (settings)
already serialise writers. Both databases therefore spend the same two queries per event (head, insert), and
``record_many`` the same two for a whole list page.

Only ``ssp.privacy`` calls this module; everything else goes through ``ssp.privacy.door``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from ssp.lib.bulk import JsonText, insert_rows
from ssp.lib.request_id import request_id_from
from ssp.privacy.models import AuditAction, AuditEvent


def canonical(event: AuditEvent) -> bytes:
    """The bytes the event's hash covers (stable key order, no whitespace)."""
    data: dict[str, Any] = {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "action": event.action,
        "citizen_id": event.citizen_id,
        "concern_id": event.concern_id,
        "relation": event.relation,
        "client_address": event.client_address,
        "request_id": event.request_id,
        "changed_fields": list(event.changed_fields or []),
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def _client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _request_id(request: HttpRequest | None) -> str:
    # Checked again here, whoever set it: a forged or malformed id never enters the chain.
    if request is None:
        return ""
    return request_id_from(str(getattr(request, "request_id", "") or ""))


def _chain_head() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT privacy_audit_chain_head()")
        else:
            cursor.execute("SELECT hash FROM privacy_auditevent ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return (row[0] if row else "") or ""


def record(
    *,
    actor: Any,
    action: AuditAction,
    citizen: Any = None,
    concern: Any = None,
    relation: str = "",
    request: HttpRequest | None = None,
    changed_fields: Iterable[str] = (),
    detail: str = "",
) -> AuditEvent:
    """Append one event. Call inside the writing transaction; ``changed_fields`` are field NAMES, never values."""
    citizen_id = getattr(citizen, "pk", citizen)
    if citizen_id is None and concern is not None:
        citizen_id = getattr(concern, "citizen_id", None)
    # No savepoint: the event belongs to the caller's transaction and fails with it.
    with transaction.atomic(savepoint=False):
        last = _chain_head()
        actor_id = getattr(actor, "pk", None)
        event = AuditEvent(
            at=timezone.now(),
            actor_id=actor_id,
            actor_username=getattr(actor, "username", "") or "",
            action=action,
            citizen_id=citizen_id,
            concern_id=getattr(concern, "pk", concern),
            relation=str(relation or ""),
            client_address=_client_address(request),
            request_id=_request_id(request),
            changed_fields=sorted(set(changed_fields)),
            detail=detail,
            prev_hash=last,
        )
        event.hash = compute_hash(event)
        event.save()
    return event


def record_many(
    *,
    actor: Any,
    action: AuditAction,
    subjects: Sequence[tuple[int | None, int | None]],
    relation: str = "",
    request: HttpRequest | None = None,
    detail: str = "",
) -> None:
    """Append one event per ``(citizen id, concern id)`` of a list, search or agenda, in two queries whatever the length.

    Each disclosed citizen gets an event of its own with ``citizen_id`` set, so the subject-access export (which
    selects on ``citizen_id``) finds every list that showed the citizen. The events are chained one after the other
    in Python from one head read and written with one statement (COPY on PostgreSQL); ``detail`` is shared and
    names no person.
    An empty list still records one event without a citizen: the search happened.

    The events differ only in their subject and predecessor, so their canonical form (``canonical``, byte for byte)
    is put together from the shared part's JSON, made once: an import's 10,000 events as model instances, each
    encoded on its own, cost more than writing them.
    """
    rows = list(subjects) or [(None, None)]
    with transaction.atomic(savepoint=False):
        previous = _chain_head()
        shared: dict[str, Any] = {
            "at": timezone.now(),
            "actor_id": getattr(actor, "pk", None),
            "actor_username": getattr(actor, "username", "") or "",
            "action": str(action),
            "relation": str(relation or ""),
            "client_address": _client_address(request),
            "request_id": _request_id(request),
            "changed_fields": [],
            "detail": detail,
        }
        template = _canonical_template(shared)
        values = []
        for citizen_id, concern_id in rows:
            event_hash = hashlib.sha256(template.format(citizen_id, concern_id, previous)).hexdigest()
            values.append((citizen_id, concern_id, previous, event_hash))
            previous = event_hash
        # Stored as the JSON text of the empty list: the encoder would write it anew for each of 10,000 events.
        fixed = tuple(_EMPTY_LIST if name == "changed_fields" else shared[name] for name in _SHARED_FIELDS)
        # COPY on PostgreSQL: an import's 10,000 events through bulk_create cost seconds (bench/bench_intake.py).
        insert_rows(AuditEvent, (*_SHARED_FIELDS, *_EVENT_OWN_FIELDS), ((*fixed, *own) for own in values))


_SHARED_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "action",
    "relation",
    "client_address",
    "request_id",
    "changed_fields",
    "detail",
)
_EVENT_OWN_FIELDS = ("citizen_id", "concern_id", "prev_hash", "hash")
_EMPTY_LIST = JsonText("[]")


@dataclass(frozen=True)
class _CanonicalTemplate:
    """``canonical`` of events that share every field but citizen, concern and predecessor, as text around them."""

    parts: tuple[bytes, bytes, bytes, bytes]

    def format(self, citizen_id: int | None, concern_id: int | None, prev_hash: str) -> bytes:
        head, after_citizen, after_concern, tail = self.parts
        return b"".join(
            (
                head,
                _json_id(citizen_id),
                after_citizen,
                _json_id(concern_id),
                after_concern,
                json.dumps(prev_hash, ensure_ascii=False).encode(),
                tail,
            )
        )


def _json_id(value: int | None) -> bytes:
    return b"null" if value is None else str(int(value)).encode()


def _canonical_template(shared: dict[str, Any]) -> _CanonicalTemplate:
    """Split the canonical JSON of the shared fields at the three per-event values (``citizen_id``, ``concern_id``,
    ``prev_hash``, in ``canonical``'s sorted key order), so each event costs three small values and one join.

    The three are encoded as ``null`` here and the text is cut after ``"key":``; a string value cannot hold that
    text (its quotes are escaped), so each key occurs once."""
    data = {
        **{name: value for name, value in shared.items() if name != "at"},
        "at": shared["at"].isoformat(),
        "citizen_id": None,
        "concern_id": None,
        "prev_hash": None,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    parts = []
    for key in ("citizen_id", "concern_id", "prev_hash"):
        before, after = text.split(f'"{key}":null')
        parts.append(f'{before}"{key}":'.encode())
        text = after
    head, after_citizen, after_concern = parts
    return _CanonicalTemplate((head, after_citizen, after_concern, text.encode()))


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def _batches(batch_size: int) -> Iterator[AuditEvent]:
    last_pk = 0
    while True:
        batch = list(AuditEvent.objects.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return
        yield from batch
        last_pk = batch[-1].pk


def verify_chain(*, batch_size: int = 5000) -> tuple[int, ChainBreak | None]:
    """Walk the chain in primary-key order; returns (events checked, first break or None)."""
    previous = ""
    checked = 0
    for event in _batches(batch_size):
        if event.prev_hash != previous:
            return checked, ChainBreak(event.pk, "prev_hash does not match the previous event (removed or reordered)")
        if compute_hash(event) != event.hash:
            return checked, ChainBreak(event.pk, "hash does not match the content (altered)")
        previous = event.hash
        checked += 1
    return checked, None
