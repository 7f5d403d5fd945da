"""Writes of the privacy core that are not part of the policy API itself."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from ssp.accounts.models import User
from ssp.privacy import audit
from ssp.privacy.models import AccessGrant, AuditAction, RetentionRule


@transaction.atomic
def review_emergency_grant(grant: AccessGrant, *, actor: User, note: str, request: HttpRequest | None = None) -> None:
    """Mark an emergency grant as reviewed by the municipality's administrator; the note stays with the grant."""
    grant.reviewed_at = timezone.now()
    grant.reviewed_by = actor
    grant.review_note = note
    grant.full_clean()
    grant.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit.record(
        actor=actor,
        action=AuditAction.REVIEW_EMERGENCY_ACCESS,
        citizen=grant.citizen_id,
        relation="emergency",
        request=request,
        changed_fields=["reviewed_at", "reviewed_by", "review_note"],
        detail=f"grant:{grant.pk}",
    )


@transaction.atomic
def update_retention_rule(
    rule: RetentionRule, *, actor: User, changed_fields: list[str], request: HttpRequest | None = None
) -> None:
    rule.full_clean()
    rule.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE_RETENTION_RULE,
        request=request,
        changed_fields=changed_fields,
        detail=f"retention_rule:{rule.pk} {rule.municipality_id}:{rule.record_type}",
    )


def record_history_export(
    citizen_id: int, *, actor: User, fmt: str, rows: int, request: HttpRequest | None = None
) -> None:
    """An access-history export is itself an access to the citizen's data."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.EXPORT,
            citizen=citizen_id,
            request=request,
            detail=f"access_history {fmt} rows:{rows}",
        )
