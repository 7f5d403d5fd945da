"""The one audited door to citizen data: every function here fetches (or changes access) AND writes the audit event.

Views, API handlers, templates, exports and other apps reach citizen data only through these functions; nothing
outside ``ssp.privacy`` calls ``ssp.privacy.audit``. The action is always an ``AuditAction`` (never free text); the
relation is the one the policy found.

Reading one object
    ``access_citizen(user, pk, *, purpose=AuditAction.VIEW, request)`` -> ``(citizen, grant)``
    ``access_concern(user, pk, *, purpose=AuditAction.VIEW, request)`` -> ``(concern, grant)``
    Http404 when the object does not exist or the user has no relation (both look the same from outside); the
    refusal is itself audited (``DENIED``, with the id asked for only).

Disclosing a list, a search result or an agenda
    ``disclose(user, rows, *, purpose, request, relation="", detail="")`` records one event per disclosed citizen
    (``rows`` are ``(citizen_id, concern_id)`` pairs, or citizen ids), so a citizen's access-history export finds
    every list that showed them; two queries per page however many rows. ``detail`` names no person.

The check that keeps names out of general texts
    ``citizen_names_for_check(actor, municipality_ids)``: the names to match, audited as one bulk NAME_CHECK.

Names on a page of the audit log
    ``citizen_names_in_audit_log(reader, citizen_ids, *, request)``: names only of the citizens the reader has a
    relation to (``policy.audit_names_shown_to``), disclosed one event per name shown; the rest stay ids.

Searching for a citizen
    ``search_citizens(user, *, request, cpr="", name="", birth_date=None) -> CitizenSearch``: exact CPR number or
    name (and birth date) among the citizens the policy lets ``user`` see, recorded as a disclosure per citizen found;
    ``hidden_match`` says (without saying who) that the CPR number belongs to a citizen the user may not see.

Writes that the capability's service makes
    ``record_change(actor, *, action, citizen=None, concern=None, relation="", changed_fields=(), request=None,
    detail="")``: the service's own audit event for a change it made inside its transaction (CREATE, UPDATE,
    DELETE, REVEAL_CPR, EXPORT); field NAMES only, never values.

Windows: time-limited relations to a citizen or one concern
    ``open_window(user=..., relation=..., citizen_id=..., concern=None, valid_from, valid_until, source_ref, actor)``
    and ``close_windows(relation=..., source_ref=..., actor=...)``. ``relation`` must be registered as a window
    relation (``ssp.privacy.relations.register_window_relation``): the agenda participant of meetings, the triage
    participant of intake's triage meeting, ... ``source_ref`` names what opened the window (``agenda_item:7``).

Emergency access
    ``request_emergency_access(citizen, *, actor, reason, hours, request)`` (break the glass; reviewed after).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from ssp.citizens.models import Citizen
from ssp.mail.services import MailDraft, queue_mail
from ssp.privacy import audit, relations
from ssp.privacy.models import AccessGrant, AuditAction
from ssp.privacy.policy import (
    Grant,
    audit_names_shown_to,
    citizens_visible_to,
    may_request_emergency_access,
    relation_to_citizen,
    relation_to_concern,
)
from ssp.privacy.relations import Relation

if TYPE_CHECKING:
    from ssp.accounts.models import User


def _refuse(user: User, *, request: HttpRequest | None, what: str, pk: int, purpose: AuditAction) -> Http404:
    # The refusal is logged without naming the citizen: the id asked for is all the log may hold.
    audit.record(actor=user, action=AuditAction.DENIED, request=request, detail=f"{purpose} {what}:{pk}")
    return Http404()


def access_concern(
    user: User, pk: int, *, request: HttpRequest | None, purpose: AuditAction = AuditAction.VIEW
) -> tuple[Any, Grant]:
    """The concern with its relation, and the audit event; Http404 when the user has no relation (or none exists)."""
    model = relations.concern_model()
    concern: Any = (
        model._default_manager.select_related("citizen", "municipality", "responsible", "caseworker")
        .filter(pk=pk)
        .first()
    )
    grant = relation_to_concern(user, concern) if concern else None
    if concern is None or grant is None:
        raise _refuse(user, request=request, what="concern", pk=pk, purpose=purpose)
    audit.record(
        actor=user,
        action=purpose,
        concern=concern,
        relation=grant.relation,
        request=request,
    )
    return concern, grant


def access_citizen(
    user: User, pk: int, *, request: HttpRequest | None, purpose: AuditAction = AuditAction.VIEW
) -> tuple[Citizen, Grant]:
    """The citizen with the relation through which ``user`` sees them, and the audit event; Http404 otherwise."""
    citizen = Citizen.objects.select_related("municipality", "school").filter(pk=pk).first()
    grant = relation_to_citizen(user, citizen) if citizen else None
    if citizen is None or grant is None:
        raise _refuse(user, request=request, what="citizen", pk=pk, purpose=purpose)
    audit.record(actor=user, action=purpose, citizen=citizen, relation=grant.relation, request=request)
    return citizen, grant


def disclose(
    user: User,
    rows: Iterable[int | tuple[int | None, int | None]],
    *,
    purpose: AuditAction,
    request: HttpRequest | None,
    relation: str = "",
    detail: str = "",
) -> None:
    """Record that ``user`` was shown these citizens (a list page, a search, an agenda): one event per row."""
    subjects = [row if isinstance(row, tuple) else (row, None) for row in rows]
    audit.record_many(actor=user, action=purpose, subjects=subjects, relation=relation, request=request, detail=detail)


LIST_PAGE_SIZE = 25


def disclosed_page(
    request: HttpRequest,
    rows: QuerySet[Any],
    *,
    subject: Callable[[Any], tuple[int | None, int | None]],
    detail: str,
    per_page: int = LIST_PAGE_SIZE,
) -> tuple[Page[Any], list[Any]]:
    """One page (``?side=``) of a list of citizens' records, its citizens disclosed: ``subject`` gives a row's
    (citizen id, concern id). A page out of range or not a number gives the last or the first (``get_page``)."""
    page = Paginator(rows, per_page).get_page(request.GET.get("side"))
    shown = list(page.object_list)
    user = request.user
    assert user.is_authenticated
    disclose(user, [subject(row) for row in shown], purpose=AuditAction.LIST, request=request, detail=detail)
    return page, shown


def citizen_names_in_audit_log(
    reader: User, citizen_ids: Iterable[int], *, request: HttpRequest | None
) -> dict[int, str]:
    """Names for the citizen ids on a page of the audit log, only where the policy lets the reader see the citizen
    (``audit_names_shown_to``); one query, and each name shown is disclosed like any list."""
    names = {
        pk: f"{first} {last}".strip()
        for pk, first, last in audit_names_shown_to(reader, citizen_ids).values_list("pk", "first_name", "last_name")
    }
    if names:
        disclose(reader, sorted(names), purpose=AuditAction.LIST, request=request, detail="audit_log")
    return names


def citizen_names_for_check(actor: User | None, municipality_ids: Iterable[int]) -> list[tuple[str, str]]:
    """The registered citizens' names of the municipalities, for the check that keeps them out of general texts.

    A purpose of its own: the names are used only for matching and never shown; the event is a bulk check that
    names nobody (the municipalities and how many names were compared).
    """
    ids = sorted(set(municipality_ids))
    names = list(Citizen.objects.filter(municipality_id__in=ids).values_list("first_name", "last_name"))
    audit.record(
        actor=actor,
        action=AuditAction.NAME_CHECK,
        detail=f"municipalities:{','.join(map(str, ids))} names:{len(names)}",
    )
    return names


def citizen_register_for_linkage(actor: User, *, rows: int) -> QuerySet[Citizen]:
    """The whole register, for matching an imported report's rows to citizens (``ssp.intake``'s linkage).

    A purpose of its own: candidates are compared, not shown; the rows shown afterwards are disclosed one by one
    (``disclose``). The event is a bulk check that names nobody: who matched how many rows.
    """
    audit.record(actor=actor, action=AuditAction.LINKAGE, detail=f"rows:{rows}")
    return Citizen.objects.all()


@dataclass
class CitizenSearch:
    citizens: list[Citizen]
    # A CPR number matched a citizen the user may not see: say so without saying who (duplicate prevention).
    hidden_match: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    # The hidden citizen the user may ask emergency access to (``may_request_emergency_access``), else None.
    emergency_citizen_id: int | None = None


def search_citizens(
    user: User,
    *,
    request: HttpRequest | None,
    cpr: str = "",
    name: str = "",
    birth_date: date | None = None,
) -> CitizenSearch:
    """Exact CPR (via the look-up hash) or name and birth date; only citizens the policy lets ``user`` see.

    One audit event ``search`` per citizen returned (one without a citizen when nothing was found), with the
    count and whether a hidden citizen matched the CPR number.
    """
    visible = citizens_visible_to(user).select_related("municipality")
    hidden_match = False
    emergency_citizen_id = None
    if cpr:
        citizens = list(visible.filter(pk__in=Citizen.objects.by_cpr(cpr).values("pk")))
        hidden = None if citizens else Citizen.objects.by_cpr(cpr).select_related("municipality").first()
        hidden_match = hidden is not None
        if hidden is not None and may_request_emergency_access(user, hidden):
            emergency_citizen_id = hidden.pk
    else:
        queryset = visible.filter(birth_date=birth_date) if birth_date else visible
        for part in name.split():
            queryset = queryset.filter(Q(first_name__icontains=part) | Q(last_name__icontains=part))
        citizens = list(queryset.order_by("last_name", "first_name")[:50])
    detail = f"count={len(citizens)}" + (" hidden_cpr_match" if hidden_match else "")
    disclose(user, [c.pk for c in citizens], purpose=AuditAction.SEARCH, request=request, detail=detail)
    return CitizenSearch(citizens=citizens, hidden_match=hidden_match, emergency_citizen_id=emergency_citizen_id)


def record_change(
    actor: Any,
    *,
    action: AuditAction,
    citizen: Any = None,
    concern: Any = None,
    relation: str = "",
    changed_fields: Iterable[str] = (),
    request: HttpRequest | None = None,
    detail: str = "",
) -> None:
    """The audit event of a change a capability's service made; call it inside the service's transaction."""
    audit.record(
        actor=actor,
        action=action,
        citizen=citizen,
        concern=concern,
        relation=relation,
        changed_fields=changed_fields,
        request=request,
        detail=detail,
    )


@transaction.atomic
def open_window(
    *,
    user: User,
    relation: Relation,
    citizen_id: int,
    concern: Any = None,
    valid_from: datetime,
    valid_until: datetime,
    source_ref: str,
    actor: User | None,
) -> AccessGrant:
    """Let ``user`` see a citizen (or only ``concern`` of them) from ``valid_from`` to ``valid_until``."""
    if relation not in relations.window_relations():
        raise ValueError(f"{relation} is not a registered window relation")
    grant = AccessGrant(
        relation=relation,
        user=user,
        citizen_id=citizen_id,
        concern=concern,
        valid_from=valid_from,
        valid_until=valid_until,
        source_ref=source_ref,
    )
    grant.full_clean()
    grant.save()
    audit.record(
        actor=actor,
        action=AuditAction.GRANT_ACCESS,
        citizen=citizen_id,
        concern=concern,
        relation=relation,
        detail=f"user:{user.pk} {source_ref}",
    )
    return grant


@transaction.atomic
def close_windows(*, relation: Relation, source_ref: str, actor: User | None) -> int:
    """End every still-open window of ``relation`` opened by ``source_ref`` now; returns how many were closed."""
    now = timezone.now()
    rows = list(
        AccessGrant.objects.filter(relation=relation, source_ref=source_ref, valid_until__gt=now).select_for_update()
    )
    for row in rows:
        row.valid_until = max(now, row.valid_from + timedelta(microseconds=1))
        row.save(update_fields=["valid_until"])
        audit.record(
            actor=actor,
            action=AuditAction.REVOKE_ACCESS,
            citizen=row.citizen_id,
            concern=row.concern_id,
            relation=relation,
            detail=f"user:{row.user_id} {source_ref}",
        )
    return len(rows)


def _notify_admins(grant: AccessGrant) -> None:
    from ssp.accounts.models import User

    admins = list(
        User.objects.filter(role="municipal_admin", municipality_id=grant.citizen.municipality_id, is_active=True)
    )
    # Only a link: who, whom and why are read on the review page after log-in, never in the e-mail.
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('privacy:emergency_review')}"
    queue_mail(
        [
            MailDraft(
                recipient=admin,
                subject=gettext_now("SSP: ny nødadgang til gennemgang"),
                body=gettext_now("Der er givet nødadgang, som skal gennemgås: %(link)s") % {"link": link},
                topic="emergency_access",
            )
            for admin in admins
        ]
    )


@transaction.atomic
def request_emergency_access(
    citizen: Citizen, *, actor: User, reason: str, hours: int = 24, request: HttpRequest | None = None
) -> AccessGrant:
    """Break the glass: ``actor`` sees ``citizen`` for ``hours``; the municipality's administrators review it."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv hvorfor du har brug for nødadgang.")})
    limit = settings.SSP_EMERGENCY_ACCESS_MAX_HOURS
    if not 1 <= hours <= limit:
        raise ValidationError({"hours": _("Nødadgang kan gives for 1 til %(limit)s timer.") % {"limit": limit}})
    if not may_request_emergency_access(actor, citizen):
        raise PermissionDenied
    now = timezone.now()
    grant = AccessGrant(
        relation=Relation.EMERGENCY,
        user=actor,
        citizen=citizen,
        reason=reason.strip(),
        valid_from=now,
        valid_until=now + timedelta(hours=hours),
    )
    grant.full_clean()
    grant.save()
    audit.record(
        actor=actor,
        action=AuditAction.EMERGENCY_ACCESS,
        citizen=citizen,
        relation=Relation.EMERGENCY,
        request=request,
        detail=f"grant:{grant.pk} hours:{hours}",
    )
    # The outbox rows are written with the grant; queue_mail hands them to the worker after the commit.
    _notify_admins(grant)
    return grant
