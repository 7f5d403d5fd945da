"""Reads of the privacy core's own records."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.privacy.models import AccessGrant, AuditEvent, RecordType, Relation, RetentionRule
from ssp.privacy.policy import serves_municipality
from ssp.privacy.retention import DEFAULT_CLOSE_INACTIVE_AFTER_DAYS, DEFAULT_DELETE_AFTER_DAYS


def emergency_subject(user: User, citizen_id: int) -> Citizen | None:
    """The citizen ``user`` may break the glass for: only one of their own municipality (or police district)."""
    citizen = Citizen.objects.select_related("municipality").filter(pk=citizen_id).first()
    return citizen if citizen is not None and serves_municipality(user, citizen.municipality) else None


def unreviewed_emergency_grants(admin: User) -> QuerySet[AccessGrant]:
    """Emergency grants in the administrator's municipality that nobody has reviewed yet."""
    if admin.municipality_id is None:
        return AccessGrant.objects.none()
    return (
        AccessGrant.objects.filter(
            relation=Relation.EMERGENCY,
            reviewed_at__isnull=True,
            citizen__municipality_id=admin.municipality_id,
        )
        .select_related("user")
        .order_by("valid_from", "pk")
    )


# Relations through which a municipality's staff see a citizen registered in another municipality.
CROSS_MUNICIPAL_RELATIONS = frozenset({Relation.TRANSFERRED_PROGRAMME})


def audit_events_for(admin: User, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Audit events an administrator may search: about their municipality's citizens, and what their staff did
    through a relation that reaches a citizen registered elsewhere (``CROSS_MUNICIPAL_RELATIONS``: the receiving
    municipality audits its acceptance of a transferred programme and its coordinator's accesses); all for a system
    administrator."""
    events = AuditEvent.objects.order_by("-pk")
    if admin.role == "system_admin":
        pass
    elif admin.role == "municipal_admin" and admin.municipality_id is not None:
        events = events.filter(
            Exists(Citizen.objects.filter(pk=OuterRef("citizen_id"), municipality_id=admin.municipality_id))
            | (
                Q(relation__in=CROSS_MUNICIPAL_RELATIONS)
                & Exists(User.objects.filter(pk=OuterRef("actor_id"), municipality_id=admin.municipality_id))
            )
        )
    else:
        return AuditEvent.objects.none()
    if filters.get("user"):
        events = events.filter(actor_username__iexact=filters["user"])
    if filters.get("citizen"):
        events = events.filter(citizen_id=filters["citizen"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    return events


def access_history(admin: User, citizen_id: int) -> list[AuditEvent]:
    """Every logged access to one citizen, oldest first, for a subject-access request."""
    return list(audit_events_for(admin, {"citizen": citizen_id}).order_by("pk"))


def may_export_history(admin: User, citizen_id: int) -> bool:
    if admin.role == "system_admin":
        return True
    return bool(
        admin.role == "municipal_admin"
        and admin.municipality_id is not None
        and Citizen.objects.filter(pk=citizen_id, municipality_id=admin.municipality_id).exists()
    )


def retention_rule(municipality_id: int, record_type: str) -> RetentionRule:
    """The municipality's rule for ``record_type``, or an unsaved one holding the defaults."""
    rule = RetentionRule.objects.filter(municipality_id=municipality_id, record_type=record_type).first()
    return rule or RetentionRule(
        municipality_id=municipality_id,
        record_type=record_type,
        close_inactive_after_days=DEFAULT_CLOSE_INACTIVE_AFTER_DAYS,
        delete_after_days=DEFAULT_DELETE_AFTER_DAYS,
    )


def retention_rules_for(municipality_id: int) -> list[RetentionRule]:
    saved = {rule.record_type: rule for rule in RetentionRule.objects.filter(municipality_id=municipality_id)}
    return [saved.get(value) or retention_rule(municipality_id, value) for value in RecordType.values]
