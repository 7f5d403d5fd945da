"""Concern pages: each reaches citizen data through ``ssp.privacy`` and writes one audit event per request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import CheckboxInput, Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ssp.accounts.http import AuthedHttpRequest
from ssp.accounts.models import User
from ssp.concerns import selectors, services
from ssp.concerns.access import (
    CONTRIBUTING_RELATIONS,
    MANAGING_RELATIONS,
    citizen_for_action,
    citizen_for_edit,
    concern_for_change,
    may_open_concerns,
)
from ssp.concerns.forms import (
    CitizenSearchForm,
    CloseForm,
    ConcernFilterForm,
    ConcernForm,
    IdentifyForm,
    NoteForm,
    OpenConcernForm,
    TeamMemberForm,
    UpdateConcernForm,
)
from ssp.concerns.models import Concern
from ssp.lib import errors
from ssp.lib.spreadsheet_csv import Cell, csv_response
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import Grant, staff_serving, who_has_access

PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
@login_required
def my_concerns(request: AuthedHttpRequest) -> HttpResponse:
    """The list of the user's concerns; the search is POSTed, since a citizen's name must never stand in a URL. A
    link may carry the filters that name no one (a dashboard tile's cases: year and municipality or district)."""
    if request.method == "POST":
        filters = ConcernFilterForm(request.POST)
    else:
        linked = {key: request.GET[key] for key in ConcernFilterForm.LINKABLE if key in request.GET}
        filters = ConcernFilterForm(linked or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.my_concerns(
        request.user,
        status=data.get("status", ""),
        track=data.get("track", ""),
        query=data.get("query", ""),
        opened_year=data.get("opened_year"),
        municipality=data.get("municipality", ""),
        police_district=data.get("police_district", ""),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.POST.get("side"))
    rows = list(page.object_list)
    door.disclose(request.user, [(c.citizen_id, c.pk) for c in rows], purpose=AuditAction.LIST, request=request)
    return render(request, "concerns/my_concerns.html", {"page": page, "rows": rows, "filters": filters})


def _render_concern(request: AuthedHttpRequest, concern: Concern, grant: Grant, **forms: Form) -> HttpResponse:
    page = selectors.concern_page(request.user, concern)
    context: dict[str, Any] = {
        "concern": concern,
        "grant": grant,
        "page": page,
        "access": who_has_access(concern),
        "note_form": NoteForm(),
        "close_form": CloseForm(),
        "update_form": UpdateConcernForm(initial={"track": concern.track, "status": concern.status}),
        "team_form": TeamMemberForm(candidates=_team_candidates(concern)),
        "may_manage": grant.relation in MANAGING_RELATIONS,
        "may_contribute": grant.relation in CONTRIBUTING_RELATIONS,
        **forms,
    }
    status = 400 if forms else 200
    return render(request, "concerns/concern_detail.html", context, status=status)


def _team_candidates(concern: Concern) -> QuerySet[User]:
    return staff_serving(concern.municipality).order_by("first_name", "last_name")


@require_GET
@login_required
def concern_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = door.access_concern(request.user, pk, request=request)
    return _render_concern(request, concern, grant)


def _refused_write(request: AuthedHttpRequest, concern: Concern, grant: Grant, **forms: Form) -> HttpResponse:
    """Invalid input: the page is shown again with the errors, which is a read of the concern, so audit it."""
    door.record_change(
        actor=request.user,
        action=AuditAction.VIEW,
        citizen=concern.citizen,
        concern=concern,
        relation=grant.relation,
        request=request,
    )
    return _render_concern(request, concern, grant, **forms)


@require_POST
@login_required
def add_note(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = concern_for_change(request.user, pk, allowed=CONTRIBUTING_RELATIONS)
    form = NoteForm(request.POST)
    if form.is_valid() and errors.applied(
        form, lambda: services.add_note(concern, actor=request.user, grant=grant, request=request, **form.cleaned_data)
    ):
        messages.success(request, _("Notatet er gemt."))
        return redirect("concerns:detail", pk=concern.pk)
    return _refused_write(request, concern, grant, note_form=form)


@require_POST
@login_required
def update_concern(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = concern_for_change(request.user, pk, allowed=MANAGING_RELATIONS)
    form = UpdateConcernForm(request.POST)
    if form.is_valid() and errors.applied(
        form,
        lambda: services.update_concern(concern, actor=request.user, grant=grant, request=request, **form.cleaned_data),
    ):
        messages.success(request, _("Sagen er opdateret."))
        return redirect("concerns:detail", pk=concern.pk)
    return _refused_write(request, concern, grant, update_form=form)


@require_POST
@login_required
def close_concern(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = concern_for_change(request.user, pk, allowed=MANAGING_RELATIONS)
    form = CloseForm(request.POST)
    if form.is_valid() and errors.applied(
        form,
        lambda: services.close_concern(
            concern, actor=request.user, grant=grant, request=request, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("Sagen er lukket."))
        return redirect("concerns:detail", pk=concern.pk)
    return _refused_write(request, concern, grant, close_form=form)


@require_POST
@login_required
def reopen_concern(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = concern_for_change(request.user, pk, allowed=MANAGING_RELATIONS)
    form = Form(request.POST)
    if errors.applied(form, lambda: services.reopen_concern(concern, actor=request.user, grant=grant, request=request)):
        messages.success(request, _("Sagen er genåbnet."))
    else:
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
        door.record_change(
            actor=request.user,
            action=AuditAction.VIEW,
            citizen=concern.citizen,
            concern=concern,
            relation=grant.relation,
            request=request,
        )
    return redirect("concerns:detail", pk=concern.pk)


@require_POST
@login_required
def add_team_member(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = concern_for_change(request.user, pk, allowed=MANAGING_RELATIONS)
    form = TeamMemberForm(request.POST, candidates=_team_candidates(concern))
    if form.is_valid() and errors.applied(
        form,
        lambda: services.add_team_member(
            concern, actor=request.user, grant=grant, request=request, user=form.cleaned_data["user"]
        ),
    ):
        messages.success(request, _("Medarbejderen er tilføjet til teamet."))
        return redirect("concerns:detail", pk=concern.pk)
    return _refused_write(request, concern, grant, team_form=form)


@require_POST
@login_required
def remove_team_member(request: AuthedHttpRequest, pk: int, user_pk: int) -> HttpResponse:
    concern, grant = concern_for_change(request.user, pk, allowed=MANAGING_RELATIONS)
    member = get_object_or_404(User, pk=user_pk)
    form = Form(request.POST)
    if errors.applied(
        form,
        lambda: services.remove_team_member(concern, actor=request.user, grant=grant, request=request, user=member),
    ):
        messages.success(request, _("Medarbejderen er fjernet fra teamet."))
        return redirect("concerns:detail", pk=concern.pk)
    return _refused_write(request, concern, grant)


@require_GET
@login_required
def export_concern(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """CSV of the concern's notes and timeline; §115 notes are left out for readers outside the team."""
    concern, _grant = door.access_concern(request.user, pk, request=request, purpose=AuditAction.EXPORT)
    page = selectors.concern_page(request.user, concern)
    rows: list[list[Cell]] = [
        [_("Notat"), note.created_at, note.author.get_full_name(), note.text, _("ja") if note.section_115 else ""]
        for note in page.disclosure.notes
    ]
    rows += [
        [_("Tidslinje"), event.at, event.actor.get_full_name() if event.actor else "", event.summary, ""]
        for event in page.events
    ]
    rows += [
        [_("Udeladt"), None, "", f"{withheld.count}: {withheld.reason}", ""] for withheld in page.disclosure.withheld
    ]
    header = [_("Type"), _("Tidspunkt"), _("Medarbejder"), _("Tekst"), _("§115")]
    return csv_response(f"sag-{concern.pk}.csv", header, rows)


@require_GET
@login_required
def citizen_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    citizen, grant = door.access_citizen(request.user, pk, request=request)
    concerns = selectors.concerns_of_citizen(request.user, citizen)
    context = {"citizen": citizen, "grant": grant, "concerns": concerns, "identify_form": IdentifyForm()}
    return render(request, "concerns/citizen_detail.html", context)


@require_POST
@login_required
def identify_citizen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Identify a citizen registered without CPR number; a failed modulus-11 check is only a warning."""
    citizen, grant = citizen_for_edit(request.user, pk)
    form = IdentifyForm(request.POST)
    warnings: list[str] = []
    if form.is_valid() and errors.applied(
        form,
        lambda: warnings.extend(
            services.identify_citizen(citizen, actor=request.user, grant=grant, request=request, **form.cleaned_data)
        ),
    ):
        for warning in warnings:
            messages.warning(request, warning)
        messages.success(request, _("Borgeren er identificeret."))
        return redirect("concerns:citizen", pk=citizen.pk)
    door.record_change(
        actor=request.user, action=AuditAction.VIEW, citizen=citizen, relation=grant.relation, request=request
    )
    context = {"citizen": citizen, "grant": grant, "identify_form": form}
    context["concerns"] = selectors.concerns_of_citizen(request.user, citizen)
    return render(request, "concerns/citizen_detail.html", context, status=400)


@require_POST
@login_required
def reveal_cpr(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    citizen, grant = citizen_for_action(request.user, pk)
    number = services.reveal_cpr(citizen, actor=request.user, grant=grant, request=request)
    context = {"citizen": citizen, "grant": grant, "revealed_cpr": number}
    if request.headers.get("HX-Request"):
        return render(request, "concerns/partials/cpr.html", context)
    context["concerns"] = selectors.concerns_of_citizen(request.user, citizen)
    return render(request, "concerns/citizen_detail.html", context)


@login_required
def open_concern(request: AuthedHttpRequest) -> HttpResponse:
    """Search first (CPR, or name and birth date) so no duplicate is created; then citizen and concern at once."""
    if not may_open_concerns(request.user):
        raise PermissionDenied
    searching = request.method == "POST" and request.POST.get("step") == "search"
    if request.method == "POST" and not searching:
        return _create_citizen_and_concern(request)
    search_form = CitizenSearchForm(request.POST if searching else None)
    context: dict[str, Any] = {"search_form": search_form}
    if search_form.is_valid():
        result = door.search_citizens(request.user, request=request, **search_form.cleaned_data)
        context["result"] = result
        if not result.citizens and not result.hidden_match:
            context["form"] = OpenConcernForm(initial=search_form.cleaned_data)
    return render(request, "concerns/open_concern.html", context)


def _create_citizen_and_concern(request: AuthedHttpRequest) -> HttpResponse:
    form = OpenConcernForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm_cpr")
        warnings = _cpr_warnings(form, data["cpr"])
        if warnings and not confirmed:
            form.fields["confirm_cpr"].widget = CheckboxInput(attrs={"class": "form-checkbox"})
            return render(request, "concerns/open_concern.html", {"form": form, "cpr_warnings": warnings})
        concern_box: list[Concern] = []
        if not form.errors and errors.applied(
            form,
            lambda: concern_box.append(
                services.open_concern_for_new_citizen(actor=request.user, request=request, **data)
            ),
        ):
            messages.success(request, _("Sagen er oprettet."))
            return redirect("concerns:detail", pk=concern_box[0].pk)
    return render(request, "concerns/open_concern.html", {"form": form, "search_form": CitizenSearchForm()}, status=400)


def _cpr_warnings(form: Form, raw: str) -> list[str]:
    """Soft warnings about the CPR number (a failed modulus-11 check); an impossible number is a field error."""
    if not raw:
        return []
    try:
        return services.check_cpr(raw)[1]
    except ValidationError as error:
        form.add_error("cpr", error.messages)
        return []


@login_required
def open_concern_for_citizen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A new concern about a citizen the user already sees (found by the search)."""
    if not may_open_concerns(request.user):
        raise PermissionDenied
    if request.method != "POST":
        citizen, grant = door.access_citizen(request.user, pk, request=request)
        return render(
            request,
            "concerns/open_concern_for_citizen.html",
            {"citizen": citizen, "grant": grant, "form": ConcernForm()},
        )
    citizen, grant = citizen_for_action(request.user, pk)
    form = ConcernForm(request.POST)
    concern_box: list[Concern] = []
    if form.is_valid() and errors.applied(
        form,
        lambda: concern_box.append(
            services.open_concern(citizen, actor=request.user, request=request, **form.cleaned_data)
        ),
    ):
        messages.success(request, _("Sagen er oprettet."))
        return redirect("concerns:detail", pk=concern_box[0].pk)
    door.record_change(
        actor=request.user, action=AuditAction.VIEW, citizen=citizen, relation=grant.relation, request=request
    )
    context = {"citizen": citizen, "grant": grant, "form": form}
    return render(request, "concerns/open_concern_for_citizen.html", context, status=400)
