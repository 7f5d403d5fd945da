"""The case-work retention handler (registered in ``CaseworkConfig.ready``; run by ``ssp.privacy``).

- Actions, letters (with their files) and programmes are deleted with their concern, which the concerns handler and
  the privacy core delete; nothing to do for them here except to hold the citizen while a programme runs.
- A citizen is held while a programme of theirs runs, and until the deletion period has passed after it ended
  (the 12-month status and the Kredsråd's yearly count need it).
- A group (person data: who hangs out with whom) is deleted when its last activity is past the municipality's
  deletion period for concerns; its members, places and observations go with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ssp.casework.models import Group, Programme
from ssp.casework.programmes import ProgrammeStatus
from ssp.privacy.models import AuditAction, RecordType
from ssp.privacy.retention import RetentionOutcome, Tombstone, rule_for


class CaseworkRetention:
    app_label = "casework"

    def apply(self, municipality_id: int, *, now: datetime, dry_run: bool) -> RetentionOutcome:
        outcome = RetentionOutcome()
        _, delete_days, rule_name = rule_for(municipality_id, RecordType.CONCERN)
        stale = list(
            Group.objects.filter(
                municipality_id=municipality_id, last_activity_at__lt=now - timedelta(days=delete_days)
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        outcome.deleted["group"] = stale
        if stale and not dry_run:
            Group.objects.filter(pk__in=stale).delete()
            outcome.tombstones.append(
                Tombstone(AuditAction.DELETE, detail=f"{rule_name} groups:{','.join(map(str, stale))}")
            )
        return outcome

    def held_q(self, municipality_id: int, *, now: datetime) -> Q:
        _, delete_days, _ = rule_for(municipality_id, RecordType.CONCERN)
        recent = Q(status=ProgrammeStatus.ACTIVE) | Q(
            ended_on__gte=timezone.localdate(now - timedelta(days=delete_days))
        )
        return Q(Exists(Programme.objects.filter(recent, concern__citizen=OuterRef("pk"))))

    def describe_citizen(self, citizen_id: int) -> str:
        programmes = sorted(Programme.objects.filter(concern__citizen_id=citizen_id).values_list("pk", flat=True))
        groups = sorted(Group.objects.filter(members__citizen_id=citizen_id).values_list("pk", flat=True))
        parts = [(name, ids) for name, ids in (("programmes", programmes), ("groups", groups)) if ids]
        # Empty when the citizen had neither, so the tombstone names only what existed.
        return " ".join(f"{name}:{','.join(map(str, ids))}" for name, ids in parts)
