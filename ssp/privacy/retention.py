"""Retention: each capability closes and deletes its own records through a registered handler; the privacy core runs
the handlers, deletes citizens nothing holds any more, and writes every tombstone in the audit log.

Registry (call in the capability's ``AppConfig.ready``)::

    register_retention_handler(handler)

A handler has ``app_label`` and three methods:

``apply(municipality_id, *, now, dry_run) -> RetentionOutcome``
    Close and delete the app's own records of one municipality that are past their period (``rule_for`` gives the
    municipality's periods per ``RecordType``), through the app's own services. It returns the ids it closed and
    deleted per record type and a ``Tombstone`` per change (internal ids and the rule only, never personal data);
    with ``dry_run`` it changes nothing and returns what it would do. It runs inside one transaction together with
    the recording of its tombstones.
``held_q(municipality_id, *, now) -> Q``
    A ``Q`` over ``citizens.Citizen`` rows the app still needs after a run at ``now`` (an open case, a record within
    its period). A citizen older than the municipality's deletion period whom no handler holds is deleted, with all
    rows that point at them (their foreign keys cascade), and one tombstone.
``describe_citizen(citizen_id) -> str``
    The app's record ids of a citizen about to be deleted (``concerns:5,6``), for the citizen's tombstone.

Periods come from ``RetentionRule`` per municipality and record type; where a municipality has set none, the
defaults below apply (reasoning in docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ssp.citizens.models import Citizen
from ssp.privacy import audit
from ssp.privacy.models import AuditAction, RecordType, RetentionRule
from ssp.structure.models import Municipality

DEFAULT_CLOSE_INACTIVE_AFTER_DAYS = 365
DEFAULT_DELETE_AFTER_DAYS = 730
SYSTEM_ACTOR = None
RETENTION = "retention"


@dataclass(frozen=True)
class Tombstone:
    action: AuditAction
    citizen_id: int | None = None
    concern_id: int | None = None
    changed_fields: Sequence[str] = ()
    detail: str = ""


@dataclass
class RetentionOutcome:
    closed: dict[str, list[int]] = field(default_factory=dict)
    deleted: dict[str, list[int]] = field(default_factory=dict)
    tombstones: list[Tombstone] = field(default_factory=list)


class RetentionHandler(Protocol):
    app_label: str

    def apply(self, municipality_id: int, *, now: datetime, dry_run: bool) -> RetentionOutcome: ...

    def held_q(self, municipality_id: int, *, now: datetime) -> Q: ...

    def describe_citizen(self, citizen_id: int) -> str: ...


_handlers: list[RetentionHandler] = []


def register_retention_handler(handler: RetentionHandler) -> None:
    if any(existing.app_label == handler.app_label for existing in _handlers):
        raise ValueError(f"{handler.app_label} already registered a retention handler")
    _handlers.append(handler)


def handlers() -> tuple[RetentionHandler, ...]:
    return tuple(_handlers)


@dataclass
class RetentionReport:
    """Ids per record type: ``closed["concern"]``, ``deleted["citizen"]``, ``deleted["note"]``, ..."""

    closed: dict[str, list[int]] = field(default_factory=dict)
    deleted: dict[str, list[int]] = field(default_factory=dict)

    def merge(self, outcome: RetentionOutcome) -> None:
        for kind, ids in outcome.closed.items():
            self.closed.setdefault(kind, []).extend(ids)
        for kind, ids in outcome.deleted.items():
            self.deleted.setdefault(kind, []).extend(ids)


def rule_for(municipality_id: int, record_type: str = RecordType.CONCERN) -> tuple[int, int, str]:
    """(close after days, delete after days, rule name) for one municipality and record type."""
    rule = RetentionRule.objects.filter(municipality_id=municipality_id, record_type=record_type).first()
    if rule is None:
        return DEFAULT_CLOSE_INACTIVE_AFTER_DAYS, DEFAULT_DELETE_AFTER_DAYS, f"default:{record_type}"
    return rule.close_inactive_after_days, rule.delete_after_days, f"rule:{rule.pk}"


def _record(tombstone: Tombstone) -> None:
    audit.record(
        actor=SYSTEM_ACTOR,
        action=tombstone.action,
        citizen=tombstone.citizen_id,
        concern=tombstone.concern_id,
        relation=RETENTION,
        changed_fields=tombstone.changed_fields,
        detail=tombstone.detail,
    )


def _expired_citizens(municipality_id: int, now: datetime) -> list[int]:
    _, delete_days, _ = rule_for(municipality_id)
    held = Q()
    for handler in _handlers:
        held |= handler.held_q(municipality_id, now=now)
    candidates = Citizen.objects.filter(
        municipality_id=municipality_id, created_at__lt=now - timedelta(days=delete_days)
    )
    if held:
        candidates = candidates.exclude(held)
    return list(candidates.order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def _delete_citizen(citizen_id: int, rule_name: str) -> None:
    citizen = Citizen.objects.select_for_update().get(pk=citizen_id)
    records = " ".join(part for part in (handler.describe_citizen(citizen_id) for handler in _handlers) if part)
    citizen.delete()
    _record(Tombstone(AuditAction.DELETE, citizen_id=citizen_id, detail=f"{rule_name} {records}".strip()))


def run_retention(
    *, now: datetime | None = None, dry_run: bool = False, municipality_id: int | None = None
) -> RetentionReport:
    """Run every handler, then delete the citizens nothing holds; ``dry_run`` only reports what would happen.

    ``municipality_id`` narrows the run to one municipality (the administrator's preview of the next run).
    """
    moment = now or timezone.now()
    report = RetentionReport()
    municipalities = Municipality.objects.filter(Exists(Citizen.objects.filter(municipality=OuterRef("pk"))))
    if municipality_id is not None:
        municipalities = municipalities.filter(pk=municipality_id)
    for current in list(municipalities.order_by("pk").values_list("pk", flat=True)):
        for handler in _handlers:
            with transaction.atomic():
                outcome = handler.apply(current, now=moment, dry_run=dry_run)
                if not dry_run:
                    for tombstone in outcome.tombstones:
                        _record(tombstone)
            report.merge(outcome)
        expired = _expired_citizens(current, moment)
        report.deleted.setdefault("citizen", []).extend(expired)
        if not dry_run:
            rule_name = rule_for(current)[2]
            for citizen_id in expired:
                _delete_citizen(citizen_id, rule_name)
    return report
