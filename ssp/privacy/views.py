"""Pages of the privacy core: emergency access and its review, the audit log and access-history exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssp.accounts.http import AuthedHttpRequest
from ssp.lib.params import parse_int
from ssp.privacy import door, exports, selectors, services
from ssp.privacy.forms import AuditFilterForm, EmergencyAccessForm, RetentionRuleForm, ReviewForm
from ssp.privacy.models import AccessGrant, AuditAction, RecordType
from ssp.privacy.retention import run_retention

ADMIN_ROLE = "municipal_admin"


def _require_municipal_admin(request: AuthedHttpRequest) -> int:
    """The administrator's municipality id; 403 for anyone who is not a municipality's administrator."""
    municipality_id = request.user.municipality_id
    if request.user.role != ADMIN_ROLE or municipality_id is None:
        raise PermissionDenied
    return municipality_id


@login_required
def request_emergency(request: AuthedHttpRequest, citizen_id: int) -> HttpResponse:
    """Break the glass for one citizen of the user's own municipality (anything else is a 404)."""
    citizen = selectors.emergency_subject(request.user, citizen_id)
    if citizen is None:
        raise Http404
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        door.request_emergency_access(
            citizen,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            hours=form.cleaned_data["hours"],
            request=request,
        )
        messages.success(request, _("Du har fået nødadgang. Kommunens administrator får besked og gennemgår den."))
        return redirect("concerns:citizen", citizen.pk)
    return render(request, "privacy/emergency_request.html", {"form": form, "citizen_id": citizen_id})


@login_required
def emergency_review(request: AuthedHttpRequest) -> HttpResponse:
    _require_municipal_admin(request)
    grants = _disclosed_grants(request)
    return render(request, "privacy/emergency_review.html", {"grants": grants, "form": ReviewForm()})


def _disclosed_grants(request: AuthedHttpRequest) -> list[AccessGrant]:
    """The review list ties a citizen id to who broke the glass and why: each listed citizen is audited."""
    grants = list(selectors.unreviewed_emergency_grants(request.user))
    door.disclose(
        request.user, [grant.citizen_id for grant in grants], purpose=AuditAction.EMERGENCY_LIST, request=request
    )
    return grants


@login_required
@require_POST
def mark_reviewed(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_municipal_admin(request)
    grant = get_object_or_404(selectors.unreviewed_emergency_grants(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        grants = _disclosed_grants(request)
        return render(
            request, "privacy/emergency_review.html", {"grants": grants, "form": form, "failed": pk}, status=400
        )
    services.review_emergency_grant(grant, actor=request.user, note=form.cleaned_data["note"], request=request)
    messages.success(request, _("Nødadgangen er markeret som gennemgået."))
    return redirect("privacy:emergency_review")


def _require_auditor(request: AuthedHttpRequest) -> None:
    if request.user.role not in (ADMIN_ROLE, "system_admin"):
        raise PermissionDenied


@login_required
def audit_log(request: AuthedHttpRequest) -> HttpResponse:
    """Search the audit log (municipal administrators: their municipality's citizens; system administrators: all)."""
    _require_auditor(request)
    form = AuditFilterForm(request.GET or None, staff=selectors.audit_log_staff(request.user))
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    # A refused filter reads no events: the page shows the field errors and nothing else.
    page = (
        selectors.audit_page(
            request.user,
            filters,
            older_than=parse_int(request.GET.get("aeldre"), field="aeldre"),
            newer_than=parse_int(request.GET.get("nyere"), field="nyere"),
        )
        if valid
        else selectors.AuditPage(events=[], newer_than=None, older_than=None)
    )
    events = page.events
    names = door.citizen_names_in_audit_log(
        request.user, {event.citizen_id for event in events if event.citizen_id}, request=request
    )
    query = request.GET.copy()
    for cursor in ("aeldre", "nyere"):
        query.pop(cursor, None)
    rows = [(event, names.get(event.citizen_id or 0)) for event in events]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "citizen_id": filters.get("citizen"),
    }
    return render(request, "privacy/audit_log.html", context, status=200 if valid else 400)


@login_required
def access_history_export(request: AuthedHttpRequest, citizen_id: int, fmt: str) -> HttpResponse:
    """A citizen's access history (CSV or PDF) for a subject-access request; the export itself is audited."""
    _require_auditor(request)
    if fmt not in ("csv", "pdf") or not selectors.may_export_history(request.user, citizen_id):
        raise Http404
    events = selectors.access_history(request.user, citizen_id)
    services.record_history_export(citizen_id, actor=request.user, fmt=fmt, rows=len(events), request=request)
    name = f"adgangshistorik-{citizen_id}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(exports.history_pdf(events, citizen_id=citizen_id), content_type="application/pdf")
    else:
        response = HttpResponse(exports.history_csv(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def retention_rules(request: AuthedHttpRequest) -> HttpResponse:
    """The municipality's retention periods per record type, and what the next run would close and delete."""
    municipality_id = _require_municipal_admin(request)
    rules = selectors.retention_rules_for(municipality_id)
    preview = run_retention(dry_run=True, municipality_id=municipality_id)
    return render(request, "privacy/retention_rules.html", {"rules": rules, "preview": preview})


@login_required
def edit_retention_rule(request: AuthedHttpRequest, record_type: str) -> HttpResponse:
    municipality_id = _require_municipal_admin(request)
    if record_type not in RecordType.values:
        raise Http404
    rule = selectors.retention_rule(municipality_id, record_type)
    form = RetentionRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.update_retention_rule(
            form.save(commit=False), actor=request.user, changed_fields=form.changed_data, request=request
        )
        messages.success(request, _("Slettefristen er gemt."))
        return redirect("privacy:retention_rules")
    return render(request, "privacy/retention_rule_form.html", {"form": form, "rule": rule})
