"""Programme pages: screening and enrolment from a concern, the programme page, transfers and the Kredsråd report.

Reads go through the privacy door (``access_concern``); writes fetch through ``concern_for_change`` or the
programme's coordinator relation and let the service write the audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ssp.accounts.http import AuthedHttpRequest
from ssp.casework import programme_services as services
from ssp.casework import report
from ssp.casework.forms import (
    AcceptTransferForm,
    EndProgrammeForm,
    EnrolForm,
    InfohusForm,
    MeasureForm,
    OutcomeForm,
    ScreeningForm,
    TransferForm,
)
from ssp.casework.models import Programme, ProgrammeTransfer, Screening
from ssp.casework.programmes import outcome_choices
from ssp.casework.views import _apply
from ssp.concerns.access import MANAGING_RELATIONS, concern_for_change
from ssp.privacy import door, policy
from ssp.structure.models import PoliceDistrict

PROGRAMME_RELATIONS = services.PROGRAMME_RELATIONS


@require_POST
@login_required
@transaction.atomic
def screen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, _grant = concern_for_change(request.user, pk, allowed=MANAGING_RELATIONS)
    form = ScreeningForm(request.POST, district_id=concern.municipality.police_district_id)
    if form.is_valid() and _apply(
        form, lambda: services.screen_concern(concern, actor=request.user, request=request, **form.cleaned_data)
    ):
        messages.success(request, _("Screeningen er gemt."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("casework:programmes", pk=concern.pk)


@require_POST
@login_required
@transaction.atomic
def enrol(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, _grant = concern_for_change(request.user, pk, allowed=MANAGING_RELATIONS)
    form = EnrolForm(request.POST, candidates=policy.programme_coordinator_choices(concern.municipality))
    screening = Screening.objects.filter(concern=concern).order_by("-screened_on", "-pk").first()
    made = form.is_valid() and _apply(
        form,
        lambda: services.enrol_programme(
            concern, actor=request.user, request=request, screening=screening, **form.cleaned_data
        ),
    )
    if made:
        messages.success(request, _("Forløbet er startet."))
        return redirect("casework:programme", pk=made.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("casework:programmes", pk=concern.pk)


@require_GET
@login_required
def concern_programmes(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A concern's screenings and programmes, with the forms to screen and enrol."""
    concern, grant = door.access_concern(request.user, pk, request=request)
    context = {
        "concern": concern,
        "grant": grant,
        "screenings": list(concern.screenings.prefetch_related("signs").select_related("screened_by")),
        "programmes": list(concern.programmes.select_related("coordinator")),
        "screening_form": ScreeningForm(
            initial={"screened_on": timezone.localdate()}, district_id=concern.municipality.police_district_id
        ),
        "enrol_form": EnrolForm(candidates=policy.programme_coordinator_choices(concern.municipality)),
        "may_manage": grant.relation in MANAGING_RELATIONS,
    }
    return render(request, "casework/concern_programmes.html", context)


PROGRAMME_FORMS: dict[str, tuple[type[Form], Callable[..., Any]]] = {
    # Not "outcome": the button's name must differ from the form's field, or the button's value replaces the choice.
    "record_outcome": (OutcomeForm, services.record_outcome),
    "add_measure": (MeasureForm, services.add_contract_measure),
    "infohus": (InfohusForm, services.refer_to_infohus),
    "transfer": (TransferForm, services.request_transfer),
    "end": (EndProgrammeForm, services.end_programme),
}


@login_required
@transaction.atomic
def programme_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern_id = Programme.objects.filter(pk=pk).values_list("concern_id", flat=True).first()
    if concern_id is None:
        raise Http404
    concern, grant = door.access_concern(request.user, concern_id, request=request)
    programme = Programme.objects.select_related("coordinator", "municipality").get(pk=pk)
    programme.concern = concern
    may_run = grant.relation in PROGRAMME_RELATIONS
    forms = {
        name: form_class(request.POST if name in request.POST else None)
        for name, (form_class, _call) in PROGRAMME_FORMS.items()
    }
    forms["record_outcome"].fields["outcome"].choices = outcome_choices(programme.kind)  # type: ignore[attr-defined]
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied
        done = _run(request, programme, forms)
        if done is not None:
            messages.success(request, _("Forløbet er opdateret."))
            return redirect("casework:programme", pk=programme.pk)
    context = {
        "programme": programme,
        "concern": concern,
        "grant": grant,
        "may_run": may_run,
        "events": list(programme.events.select_related("actor")),
        "measures": list(programme.measures.all()),
        "meetings": list(programme.coordination_meetings.select_related("forum").order_by("starts_at")),
        "transfers": list(programme.transfers.select_related("to_municipality", "receiving_coordinator")),
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "casework/programme.html", context, status=400 if request.method == "POST" else 200)


def _run(request: AuthedHttpRequest, programme: Programme, forms: dict[str, Form]) -> Any:
    if "meetings" in request.POST:
        return _apply(
            Form(), lambda: services.schedule_coordination_meetings(programme, actor=request.user, request=request)
        )
    pressed = next((name for name in PROGRAMME_FORMS if name in request.POST), None)
    if pressed is None or not forms[pressed].is_valid():
        return None
    form, call = forms[pressed], PROGRAMME_FORMS[pressed][1]
    return _apply(form, lambda: call(programme, actor=request.user, request=request, **form.cleaned_data))


@login_required
@transaction.atomic
def incoming_transfers(request: AuthedHttpRequest) -> HttpResponse:
    """Programmes another municipality asks ours to take over; no citizen data is shown before we accept."""
    municipality = request.user.municipality
    if municipality is None or not policy.may_accept_programme_transfers(request.user):
        raise PermissionDenied
    pending = ProgrammeTransfer.objects.filter(to_municipality_id=municipality.pk, accepted_at__isnull=True)
    candidates = policy.programme_coordinator_choices(municipality)
    form = AcceptTransferForm(request.POST or None, candidates=candidates)
    if request.method == "POST":
        transfer = get_object_or_404(pending, pk=request.POST.get("transfer"))
        if form.is_valid() and _apply(
            form,
            lambda: services.accept_transfer(transfer, actor=request.user, request=request, **form.cleaned_data),
        ):
            messages.success(request, _("Overdragelsen er accepteret. Koordinatoren kan nu se borgeren."))
            return redirect("casework:programme", pk=transfer.programme_id)
    rows = list(pending.select_related("programme__municipality", "requested_by").order_by("requested_at"))
    return render(request, "casework/incoming_transfers.html", {"rows": rows, "form": form})


@require_GET
@login_required
def district_report(request: AuthedHttpRequest) -> HttpResponse:
    """The Kredsråd's yearly pre-entry table for the user's police district (aggregates, "<5")."""
    district_id = request.user.police_district_id or (
        request.user.municipality.police_district_id if request.user.municipality else None
    )
    if district_id is None or request.user.role not in report.REPORT_ROLES:
        raise PermissionDenied
    this_year = timezone.localdate().year
    year_text = request.GET.get("aar", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= this_year else this_year
    district = get_object_or_404(PoliceDistrict, pk=district_id)
    rows = report.pre_entry_report(district, year)
    context = {"district": district, "year": year, "rows": rows, "years": range(this_year, this_year - 11, -1)}
    return render(request, "casework/district_report.html", context)
