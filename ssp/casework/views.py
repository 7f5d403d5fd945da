"""Case-work pages: each reaches the concern through ``ssp.privacy`` and writes one audit event per request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ssp.accounts.http import AuthedHttpRequest
from ssp.casework import figures, letters, record, selectors, services
from ssp.casework.forms import (
    ActionAgreementForm,
    ActionFilterForm,
    CancelActionForm,
    CompleteAgreementForm,
    GenerateLettersForm,
    GuardianForm,
    PlanActionForm,
    ProgrammeFilterForm,
    RecordActionForm,
    ScheduleConversationForm,
    TemplateUploadForm,
)
from ssp.casework.models import CaseAction, Letter, LetterTemplate
from ssp.concerns.access import CONTRIBUTING_RELATIONS, MANAGING_RELATIONS, concern_for_change
from ssp.concerns.models import Concern
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import Grant, who_has_access
from ssp.structure.models import Municipality

ADMIN_ROLE = "municipal_admin"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _concern_id(model: type[CaseAction] | type[Letter], pk: int) -> int:
    """The concern a row belongs to, without reading the row (the policy decides before anything is read)."""
    concern_id = model.objects.filter(pk=pk).values_list("concern_id", flat=True).first()
    if concern_id is None:
        raise Http404
    return int(concern_id)


def _people(concern: Concern) -> list[Any]:
    return [person for person, _grant in who_has_access(concern)]


def _page(
    request: AuthedHttpRequest, concern: Concern, grant: Grant, *, status: int = 200, **forms: Form
) -> HttpResponse:
    people = _people(concern)
    context: dict[str, Any] = {
        "concern": concern,
        "grant": grant,
        "actions": list(selectors.concern_actions(concern)),
        "letters": list(selectors.concern_letters(concern)),
        "guardians": list(concern.citizen.guardians.order_by("pk")),
        "plan_form": PlanActionForm(people=people),
        "letters_form": GenerateLettersForm(),
        "guardian_form": GuardianForm(),
        "may_contribute": grant.relation in CONTRIBUTING_RELATIONS,
        "may_manage": grant.relation in MANAGING_RELATIONS,
        **forms,
    }
    return render(request, "casework/concern_casework.html", context, status=status)


def _to_change(request: AuthedHttpRequest, pk: int, *, allowed: frozenset[Any]) -> tuple[Concern, Grant]:
    """404 without a relation, 403 when the relation only reads; the service writes the change's audit event."""
    return concern_for_change(request.user, pk, allowed=allowed)


def _refused(request: AuthedHttpRequest, concern: Concern, grant: Grant, **forms: Form) -> HttpResponse:
    """Invalid input: the page is shown again with the errors, which is a read of the concern, so it is audited."""
    concern, grant = door.access_concern(request.user, concern.pk, request=request)
    return _page(request, concern, grant, status=400, **forms)


def _apply(form: Form, call: Any) -> Any:
    """Run the service; a ``ValidationError`` from it becomes errors on the form's fields (None is returned)."""
    try:
        with transaction.atomic():
            return call()
    except ValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        for name, errors in by_field.items():
            form.add_error(name if name in form.fields else None, errors)
        return None


@require_GET
@login_required
def work_queue(request: AuthedHttpRequest) -> HttpResponse:
    queue = selectors.work_queue(request.user)
    rows = [(action.concern.citizen_id, action.concern_id) for action in queue.overdue + queue.upcoming]
    door.disclose(request.user, rows, purpose=AuditAction.LIST, request=request, detail="casework:queue")
    return render(request, "casework/work_queue.html", {"queue": queue})


@require_GET
@login_required
def concern_casework(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = door.access_concern(request.user, pk, request=request)
    return _page(request, concern, grant)


@require_POST
@login_required
@transaction.atomic
def plan_action(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = _to_change(request, pk, allowed=CONTRIBUTING_RELATIONS)
    form = PlanActionForm(request.POST, people=_people(concern))
    if form.is_valid() and _apply(
        form, lambda: services.plan_action(concern, actor=request.user, request=request, **form.cleaned_data)
    ):
        messages.success(request, _("Indsatsen er planlagt."))
        return redirect("casework:concern", pk=concern.pk)
    return _refused(request, concern, grant, plan_form=form)


def _action_for(request: AuthedHttpRequest, action_pk: int) -> tuple[CaseAction, Grant]:
    """The action of a concern the user may see; a GET is audited as a view, a POST by the service that changes."""
    concern_id = _concern_id(CaseAction, action_pk)
    if request.method == "POST":
        concern, grant = concern_for_change(request.user, concern_id, allowed=CONTRIBUTING_RELATIONS)
    else:
        concern, grant = door.access_concern(request.user, concern_id, request=request)
    action = CaseAction.objects.select_related("owner").prefetch_related("staff").get(pk=action_pk)
    action.concern = concern
    return action, grant


def _change_action(request: AuthedHttpRequest, action: CaseAction, forms: dict[str, Form]) -> Any:
    """Run the service the pressed button asks for; None when its form or the service refused."""
    calls: dict[str, Callable[..., Any]] = {
        "record": services.record_action,
        "schedule": services.schedule_conversation,
        "cancel": services.cancel_action,
        "agreement": services.add_action_agreement,
        "complete_agreement": services.complete_action_agreement,
    }
    pressed = next((name for name in calls if name in request.POST), None)
    if pressed is None or not forms[pressed].is_valid():
        return None
    form, call = forms[pressed], calls[pressed]
    return _apply(form, lambda: call(action, actor=request.user, request=request, **form.cleaned_data))


@login_required
@transaction.atomic
def action_detail(request: AuthedHttpRequest, action_pk: int) -> HttpResponse:
    """The action with the forms to record, book or cancel it (its owner or the concern's managers)."""
    action, grant = _action_for(request, action_pk)
    may_record = action.owner_id == request.user.pk or grant.relation in MANAGING_RELATIONS
    agreements = list(action.agreements.select_related("owner").order_by("due_on", "pk"))
    forms: dict[str, Form] = {
        "record": RecordActionForm(request.POST if "record" in request.POST else None),
        "cancel": CancelActionForm(request.POST if "cancel" in request.POST else None),
        "schedule": ScheduleConversationForm(request.POST if "schedule" in request.POST else None),
        "agreement": ActionAgreementForm(
            request.POST if "agreement" in request.POST else None, people=_people(action.concern)
        ),
        "complete_agreement": CompleteAgreementForm(request.POST if "complete_agreement" in request.POST else None),
    }
    if request.method == "POST":
        # An agreement's owner completes it even when they may not record the action itself.
        owns = {agreement.pk for agreement in agreements if agreement.owner_id == request.user.pk}
        completes_own = "complete_agreement" in request.POST and request.POST.get("agreement_id", "") in {
            str(pk) for pk in owns
        }
        if not (may_record or completes_own):
            raise PermissionDenied
        if _change_action(request, action, forms) is not None:
            messages.success(request, _("Indsatsen er gemt."))
            if "agreement" in request.POST or "complete_agreement" in request.POST:
                return redirect("casework:action", action_pk=action.pk)
            return redirect("casework:concern", pk=action.concern_id)
        # Shown again with the errors: a read of the concern, audited as such.
        door.access_concern(request.user, action.concern_id, request=request)
    context = {
        "action": action,
        "grant": grant,
        "concern": action.concern,
        "may_record": may_record,
        "agreements": agreements,
    }
    context |= {f"{name}_form": form for name, form in forms.items()}
    return render(request, "casework/action_detail.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
@transaction.atomic
def generate_letters(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = _to_change(request, pk, allowed=MANAGING_RELATIONS)
    form = GenerateLettersForm(request.POST)
    made = form.is_valid() and _apply(
        form, lambda: services.generate_letters(concern, actor=request.user, request=request, **form.cleaned_data)
    )
    if made:
        messages.success(request, _("Brevet er dannet. Hent det under »Breve«, og send det med Digital Post."))
        return redirect("casework:concern", pk=concern.pk)
    return _refused(request, concern, grant, letters_form=form)


@require_POST
@login_required
@transaction.atomic
def add_guardian(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    concern, grant = _to_change(request, pk, allowed=MANAGING_RELATIONS)
    form = GuardianForm(request.POST)
    if form.is_valid() and _apply(
        form, lambda: services.add_guardian(concern.citizen, actor=request.user, request=request, **form.cleaned_data)
    ):
        messages.success(request, _("Forælderen/værgen er tilføjet."))
        return redirect("casework:concern", pk=concern.pk)
    return _refused(request, concern, grant, guardian_form=form)


@require_GET
@login_required
def download_letter(request: AuthedHttpRequest, letter_pk: int, fmt: str) -> FileResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404
    concern_id = _concern_id(Letter, letter_pk)
    door.access_concern(request.user, concern_id, request=request, purpose=AuditAction.EXPORT)
    letter = Letter.objects.get(pk=letter_pk)
    stored = letter.docx if fmt == "docx" else letter.pdf
    # The download's name carries ids only, never the family's name.
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"brev-{concern_id}-{letter.pk}.{fmt}",
        content_type=DOCX if fmt == "docx" else "application/pdf",
    )


def _require_municipal_admin(request: AuthedHttpRequest) -> Municipality:
    if request.user.role != ADMIN_ROLE or request.user.municipality is None:
        raise PermissionDenied
    return request.user.municipality


@login_required
def letter_templates(request: AuthedHttpRequest) -> HttpResponse:
    """The administrator's page: the template in use, earlier ones, the placeholders and an upload form."""
    municipality = _require_municipal_admin(request)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(letters.MAX_TEMPLATE_BYTES + 1)
        saved = _apply(
            form,
            lambda: services.upload_letter_template(
                municipality, actor=request.user, name=form.cleaned_data["name"], data=data
            ),
        )
        if saved is not None:
            messages.success(request, _("Skabelonen er gemt og bruges fra nu af til nye breve."))
            return redirect("casework:templates")
    context = {
        "form": form,
        "templates": list(LetterTemplate.objects.filter(municipality=municipality).select_related("uploaded_by")),
        "placeholders": letters.PLACEHOLDERS,
    }
    return render(request, "casework/letter_templates.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def preview_template(request: AuthedHttpRequest, fmt: str) -> HttpResponse:
    """The template in use (or a chosen earlier one, or the shipped letter) filled with the fictional family."""
    municipality = _require_municipal_admin(request)
    if fmt not in ("docx", "pdf"):
        raise Http404
    chosen = request.GET.get("skabelon", "")
    if chosen == "standard":
        template = None
    elif chosen.isdigit():
        template = get_object_or_404(LetterTemplate, pk=int(chosen), municipality=municipality)
    else:
        template = services.active_template(municipality.pk)
    source = services.template_bytes(template)
    try:
        docx = letters.render_docx(source, letters.fictional_context(municipality=municipality.name))
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    if fmt == "pdf":
        return HttpResponse(letters.render_pdf(docx, title=_("Eksempel")), content_type="application/pdf")
    response = HttpResponse(docx, content_type=DOCX)
    response["Content-Disposition"] = 'attachment; filename="eksempel.docx"'
    return response


@require_GET
@login_required
def case_record(request: AuthedHttpRequest, citizen_pk: int, fmt: str = "html") -> HttpResponse:
    """The case record of one citizen: the page, or the PDF / CSV export (audited as an export)."""
    if fmt not in ("html", "pdf", "csv"):
        raise Http404
    purpose = AuditAction.VIEW if fmt == "html" else AuditAction.EXPORT
    citizen, grant = door.access_citizen(request.user, citizen_pk, request=request, purpose=purpose)
    built = record.case_record(request.user, citizen)
    if fmt == "pdf":
        response = HttpResponse(record.record_pdf(built), content_type="application/pdf")
    elif fmt == "csv":
        response = HttpResponse(record.record_csv(built), content_type="text/csv; charset=utf-8")
    else:
        return render(request, "casework/case_record.html", {"record": built, "grant": grant, "citizen": citizen})
    # Ids only in the file name: no name of the child in a download folder or a proxy log.
    response["Content-Disposition"] = f'attachment; filename="sagsakt-{citizen.pk}.{fmt}"'
    return response


# Aggregates without citizen data: the municipality's managers and its SSP consultants, who report to them.
FIGURE_ROLES = frozenset({"manager", "ssp_consultant"})


@require_GET
@login_required
def municipality_figures(request: AuthedHttpRequest, fmt: str = "html") -> HttpResponse:
    municipality = request.user.municipality
    if request.user.role not in FIGURE_ROLES or municipality is None:
        raise PermissionDenied
    if fmt not in ("html", "xlsx"):
        raise Http404
    this_year = timezone.localdate().year
    year_text = request.GET.get("aar", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= this_year else this_year
    period = "week" if request.GET.get("periode") == "uge" else "month"
    built = figures.municipality_figures(municipality.pk, year=year, period=period)
    if fmt == "xlsx":
        response = HttpResponse(
            figures.figures_xlsx(built),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="noegletal-{municipality.code}-{year}.xlsx"'
        return response
    context = {"figures": built, "municipality": municipality, "years": range(this_year, this_year - 11, -1)}
    return render(request, "casework/figures.html", context)


@require_GET
@login_required
def daily_report_search(request: AuthedHttpRequest) -> HttpResponse:
    """The cases from one week's police daily report, to answer Ankestyrelsen's sample; each row links the record."""
    today = timezone.localdate()
    year_text, week_text = request.GET.get("aar", ""), request.GET.get("uge", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= today.year else today.isocalendar()[0]
    week = int(week_text) if week_text.isdigit() and 1 <= int(week_text) <= 53 else today.isocalendar()[1]
    try:
        rows = selectors.daily_report_week(request.user, year=year, week=week)
    except ValueError as error:  # week 53 in a year with 52
        raise Http404 from error
    door.disclose(
        request.user,
        [(concern.citizen_id, concern.pk) for concern in rows],
        purpose=AuditAction.SEARCH,
        request=request,
        detail=f"daily_report_week:{year}-{week}",
    )
    return render(request, "casework/daily_report_search.html", {"rows": rows, "year": year, "week": week})


def _filtered_list(
    request: AuthedHttpRequest, form_class: type[ActionFilterForm | ProgrammeFilterForm], rows_of: Callable[..., Any]
) -> tuple[Form, Page[Any], list[Any]]:
    """A page of a list filtered by a GET form that names no one (so a dashboard tile may link to it); every
    citizen on the page is disclosed in the audit log."""
    filters = form_class(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    page, rows = door.disclosed_page(
        request,
        rows_of(request.user, **data),
        subject=lambda row: (row.concern.citizen_id, row.concern_id),
        detail=request.resolver_match.view_name if request.resolver_match else "",
    )
    return filters, page, rows


@require_GET
@login_required
def action_list(request: AuthedHttpRequest) -> HttpResponse:
    """The actions of the cases the user sees: a dashboard's actions and deadlines figures link here."""
    filters, page, rows = _filtered_list(request, ActionFilterForm, selectors.actions_visible_to)
    return render(request, "casework/action_list.html", {"filters": filters, "page": page, "rows": rows})


@require_GET
@login_required
def programme_list(request: AuthedHttpRequest) -> HttpResponse:
    """The programmes of the cases the user sees: a dashboard's programme figures link here."""
    filters, page, rows = _filtered_list(request, ProgrammeFilterForm, selectors.programmes_visible_to)
    return render(request, "casework/programme_list.html", {"filters": filters, "page": page, "rows": rows})
