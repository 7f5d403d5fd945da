"""Retention: close concerns nobody has worked on, then delete citizens whose concerns are all past their period.

Periods come from ``RetentionRule`` per municipality and record type; where a municipality has set none, the
defaults below apply (reasoning in docs/privacy.md). Deletion removes the citizen with guardians, concerns, notes,
timeline, team links and access grants; the audit log keeps one tombstone per citizen (action ``delete``, internal
ids and the rule) and no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from ssp.concerns.models import Citizen, Concern, ConcernEvent, ConcernStatus
from ssp.privacy import audit
from ssp.privacy.models import RecordType, RetentionRule
from ssp.structure.models import Municipality

DEFAULT_CLOSE_INACTIVE_AFTER_DAYS = 365
DEFAULT_DELETE_AFTER_DAYS = 730
SYSTEM_ACTOR = None


@dataclass
class RetentionReport:
    closed_concern_ids: list[int] = field(default_factory=list)
    deleted_citizen_ids: list[int] = field(default_factory=list)


def rule_for(municipality_id: int, record_type: str = RecordType.CONCERN) -> tuple[int, int, str]:
    """(close after days, delete after days, rule name) for one municipality and record type."""
    rule = RetentionRule.objects.filter(municipality_id=municipality_id, record_type=record_type).first()
    if rule is None:
        return DEFAULT_CLOSE_INACTIVE_AFTER_DAYS, DEFAULT_DELETE_AFTER_DAYS, f"default:{record_type}"
    return rule.close_inactive_after_days, rule.delete_after_days, f"rule:{rule.pk}"


def _inactive_concerns(municipality_id: int, now: datetime, days: int) -> list[Concern]:
    return list(
        Concern.objects.filter(municipality_id=municipality_id, last_activity_at__lt=now - timedelta(days=days))
        .exclude(status=ConcernStatus.CLOSED)
        .order_by("pk")
    )


def _expired_citizens(municipality_id: int, now: datetime, days: int) -> list[int]:
    cutoff = now - timedelta(days=days)
    open_concerns = Concern.objects.filter(citizen=OuterRef("pk")).exclude(status=ConcernStatus.CLOSED)
    return list(
        Citizen.objects.filter(municipality_id=municipality_id)
        .annotate(last_activity=Max("concerns__last_activity_at"))
        .filter(~Exists(open_concerns))
        .filter(Q(last_activity__lt=cutoff) | Q(last_activity__isnull=True, created_at__lt=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def run_retention(
    *, now: datetime | None = None, dry_run: bool = False, municipality_id: int | None = None
) -> RetentionReport:
    """Close inactive concerns, then delete expired citizens; ``dry_run`` only reports what would happen.

    ``municipality_id`` narrows the run to one municipality (the administrator's preview of the next run).
    """
    moment = now or timezone.now()
    report = RetentionReport()
    municipalities = Municipality.objects.filter(Exists(Citizen.objects.filter(municipality=OuterRef("pk"))))
    if municipality_id is not None:
        municipalities = municipalities.filter(pk=municipality_id)
    municipality_ids = list(municipalities.values_list("pk", flat=True))
    for municipality_id in municipality_ids:
        close_days, delete_days, rule_name = rule_for(municipality_id)
        inactive = _inactive_concerns(municipality_id, moment, close_days)
        report.closed_concern_ids += [concern.pk for concern in inactive]
        if not dry_run:
            for concern in inactive:
                _close(concern, moment, close_days, rule_name)
        expired = _expired_citizens(municipality_id, moment, delete_days)
        if dry_run:
            # Concerns closed in this run keep their last activity, so they count as the real run would.
            closing = {concern.citizen_id for concern in inactive}
            expired = sorted(set(expired) | _would_expire(closing, municipality_id, moment, delete_days))
        report.deleted_citizen_ids += expired
        if not dry_run:
            for citizen_id in expired:
                _delete(citizen_id, rule_name)
    return report


def _would_expire(citizen_ids: set[int], municipality_id: int, now: datetime, days: int) -> set[int]:
    cutoff = now - timedelta(days=days)
    candidates = (
        Citizen.objects.filter(pk__in=citizen_ids, municipality_id=municipality_id)
        .annotate(last_activity=Max("concerns__last_activity_at"))
        .filter(last_activity__lt=cutoff)
    )
    inactive_cutoff = now - timedelta(days=rule_for(municipality_id)[0])
    still_open = Concern.objects.filter(citizen=OuterRef("pk"), last_activity_at__gte=inactive_cutoff).exclude(
        status=ConcernStatus.CLOSED
    )
    return set(candidates.filter(~Exists(still_open)).values_list("pk", flat=True))


@transaction.atomic
def _close(concern: Concern, now: datetime, days: int, rule_name: str) -> None:
    concern.status = ConcernStatus.CLOSED
    concern.closed_at = now
    concern.closed_reason = f"Lukket automatisk efter {days} dage uden aktivitet."
    concern.full_clean()
    # last_activity_at stays: the deletion period counts from the last real activity.
    concern.save(update_fields=["status", "closed_at", "closed_reason"])
    ConcernEvent.objects.create(
        concern=concern, at=now, actor=None, kind=ConcernEvent.Kind.CLOSED, summary=concern.closed_reason
    )
    audit.record(
        actor=SYSTEM_ACTOR,
        action="update",
        concern=concern,
        relation="retention",
        changed_fields=["status", "closed_at", "closed_reason"],
        detail=rule_name,
    )


@transaction.atomic
def _delete(citizen_id: int, rule_name: str) -> None:
    citizen = Citizen.objects.select_for_update().get(pk=citizen_id)
    concern_ids = sorted(citizen.concerns.values_list("pk", flat=True))
    citizen.delete()
    audit.record(
        actor=SYSTEM_ACTOR,
        action="delete",
        citizen=citizen_id,
        relation="retention",
        detail=f"{rule_name} concerns:{','.join(map(str, concern_ids))}",
    )
