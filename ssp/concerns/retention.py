"""The concerns capability's retention handler (registered in ``ConcernsConfig.ready``; run by ``ssp.privacy``).

- A concern nobody has worked on for the municipality's "close after" period is closed (its last activity stays:
  the deletion period counts from the last real activity).
- A note older than the note period is deleted even in a concern that lives on (data minimisation).
- A citizen is held while they have an open concern that stays open, or a concern whose last activity is within
  the deletion period; when nothing holds them, ``ssp.privacy`` deletes the citizen with their concerns.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_noop

from ssp.concerns.models import Concern, ConcernEvent, ConcernNote, ConcernStatus
from ssp.concerns.timeline import TimelineText
from ssp.privacy.models import AuditAction, RecordType
from ssp.privacy.retention import RetentionOutcome, Tombstone, rule_for


class ConcernRetention:
    app_label = "concerns"

    def apply(self, municipality_id: int, *, now: datetime, dry_run: bool) -> RetentionOutcome:
        outcome = RetentionOutcome()
        close_days, _, rule_name = rule_for(municipality_id, RecordType.CONCERN)
        inactive = list(
            Concern.objects.filter(
                municipality_id=municipality_id, last_activity_at__lt=now - timedelta(days=close_days)
            )
            .exclude(status=ConcernStatus.CLOSED)
            .order_by("pk")
        )
        outcome.closed["concern"] = [concern.pk for concern in inactive]
        if not dry_run:
            for concern in inactive:
                _close(concern, now, close_days)
                outcome.tombstones.append(
                    Tombstone(
                        AuditAction.UPDATE,
                        citizen_id=concern.citizen_id,
                        concern_id=concern.pk,
                        changed_fields=("status", "closed_at", "closed_reason"),
                        detail=rule_name,
                    )
                )
        _, note_days, note_rule = rule_for(municipality_id, RecordType.NOTE)
        expired = list(
            ConcernNote.objects.filter(
                concern__municipality_id=municipality_id, created_at__lt=now - timedelta(days=note_days)
            )
            .order_by("concern_id", "pk")
            .values_list("concern_id", "pk")
        )
        outcome.deleted["note"] = [note_id for _, note_id in expired]
        if not dry_run and expired:
            by_concern: dict[int, list[int]] = {}
            for concern_id, note_id in expired:
                by_concern.setdefault(concern_id, []).append(note_id)
            ConcernNote.objects.filter(pk__in=outcome.deleted["note"]).delete()
            for concern_id, note_ids in by_concern.items():
                outcome.tombstones.append(
                    Tombstone(
                        AuditAction.DELETE,
                        concern_id=concern_id,
                        detail=f"{note_rule} notes:{','.join(map(str, note_ids))}",
                    )
                )
        return outcome

    def held_q(self, municipality_id: int, *, now: datetime) -> Q:
        close_days, delete_days, _ = rule_for(municipality_id, RecordType.CONCERN)
        stays_open = ~Q(status=ConcernStatus.CLOSED) & Q(last_activity_at__gte=now - timedelta(days=close_days))
        within_period = Q(last_activity_at__gte=now - timedelta(days=delete_days))
        return Q(Exists(Concern.objects.filter(stays_open | within_period, citizen=OuterRef("pk"))))

    def describe_citizen(self, citizen_id: int) -> str:
        ids = sorted(Concern.objects.filter(citizen_id=citizen_id).values_list("pk", flat=True))
        return f"concerns:{','.join(map(str, ids))}"


# The closing reason and timeline line of an automatic closing (``ssp.concerns.timeline``).
AUTO_CLOSED_TEXT = TimelineText(gettext_noop("Lukket automatisk efter %(days)d dage uden aktivitet."))


def _close(concern: Concern, now: datetime, days: int) -> None:
    concern.status = ConcernStatus.CLOSED
    concern.closed_at = now
    concern.closed_reason = AUTO_CLOSED_TEXT.line(days=days)
    concern.full_clean()
    concern.save(update_fields=["status", "closed_at", "closed_reason"])
    ConcernEvent.objects.create(
        concern=concern, at=now, actor=None, kind=ConcernEvent.Kind.CLOSED, summary=concern.closed_reason
    )
