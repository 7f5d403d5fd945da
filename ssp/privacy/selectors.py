"""Reads of the privacy core's own records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.privacy.models import AccessGrant, AuditEvent, RecordType, Relation, RetentionRule
from ssp.privacy.policy import may_request_emergency_access
from ssp.privacy.retention import DEFAULT_CLOSE_INACTIVE_AFTER_DAYS, DEFAULT_DELETE_AFTER_DAYS
from ssp.structure.models import Municipality

AUDIT_PAGE_SIZE = 50


def emergency_subject(user: User, citizen_id: int) -> Citizen | None:
    """The citizen ``user`` may break the glass for: only one of their own municipality (or police district)."""
    citizen = Citizen.objects.select_related("municipality").filter(pk=citizen_id).first()
    return citizen if citizen is not None and may_request_emergency_access(user, citizen) else None


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
    administrator.

    The filters are written so an index serves each: action and user name with the newest first (``audit_action_id``,
    ``audit_username_id``), a citizen (``audit_citizen_at``), dates as a range on ``at`` rather than its date.
    """
    events = AuditEvent.objects.select_related("actor").order_by("-pk")
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
        events = events.filter(actor_username__iexact=filters["user"].username)
    if filters.get("relation"):
        events = events.filter(relation=filters["relation"])
    if filters.get("citizen"):
        events = events.filter(citizen_id=filters["citizen"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("date_from"):
        events = events.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        events = events.filter(at__lt=_start_of(filters["date_to"] + timedelta(days=1)))
    return events


def audit_log_staff(admin: User) -> QuerySet[User]:
    """The users an administrator may pick in the audit log's filter: staff who can act on their municipality's
    citizens (its own and its police district's, also those who have left), or everyone for a system administrator."""
    staff = User.objects.select_related("municipality", "police_district").order_by(
        "first_name", "last_name", "username"
    )
    if admin.role == "system_admin":
        return staff
    if admin.role != "municipal_admin" or admin.municipality_id is None:
        return staff.none()
    district = Municipality.objects.filter(pk=admin.municipality_id).values("police_district_id")
    return staff.filter(
        Q(municipality_id=admin.municipality_id) | Q(municipality__isnull=True, police_district_id__in=district)
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class AuditPage:
    """One page of the audit search, newest first, and where the pages before and after it start."""

    events: list[AuditEvent]
    newer_than: int | None
    older_than: int | None


def audit_page(
    admin: User, filters: dict[str, Any], *, older_than: int | None = None, newer_than: int | None = None
) -> AuditPage:
    """A page of ``AUDIT_PAGE_SIZE`` events after a known event id, in one query whatever the log's size.

    Keyset pagination: a page is "the events older (or newer) than event N", read from the index in order, and
    one event more than the page tells whether there is a next page. Counting the matches (``COUNT(*)``) and
    skipping to page k (``OFFSET``) would read every matching row of a log of millions of events.
    """
    events = audit_events_for(admin, filters)
    if newer_than is not None:
        rows = list(events.filter(pk__gt=newer_than).order_by("pk")[: AUDIT_PAGE_SIZE + 1])
        newer = rows[AUDIT_PAGE_SIZE - 1].pk if len(rows) > AUDIT_PAGE_SIZE else None
        rows = rows[:AUDIT_PAGE_SIZE][::-1]
        # The page this one was reached from is older, so there is always an older page.
        return AuditPage(rows, newer_than=newer, older_than=rows[-1].pk if rows else None)
    if older_than is not None:
        events = events.filter(pk__lt=older_than)
    rows = list(events[: AUDIT_PAGE_SIZE + 1])
    older = rows[AUDIT_PAGE_SIZE - 1].pk if len(rows) > AUDIT_PAGE_SIZE else None
    rows = rows[:AUDIT_PAGE_SIZE]
    return AuditPage(rows, newer_than=rows[0].pk if older_than is not None and rows else None, older_than=older)


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
