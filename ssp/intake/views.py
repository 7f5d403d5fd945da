"""Intake pages under /doegnrapport/: upload, preview, commit, work queue, triage agenda and decisions.

Each view parses, asks ``ssp.privacy.policy`` or fetches through a selector, calls one service and
renders. Citizen data is shown only through the selectors, which disclose it to the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ssp.accounts.http import AuthedHttpRequest
from ssp.intake import selectors, services, triage
from ssp.intake.forms import ConfirmForm, DecisionForm, IntakeFilterForm, UploadForm
from ssp.intake.models import Deadline, ImportJob, ImportState, IntakePreview, Notification, PreviewRow, TriageItem
from ssp.lib.tabular import TabularError, read_upload
from ssp.meetings.models import Meeting
from ssp.privacy import door, policy


def _inbox_or_403(request: AuthedHttpRequest) -> None:
    if not policy.intake_inbox(request.user).exists():
        raise PermissionDenied


def _errors(error: ValidationError) -> list[str]:
    return (
        [message for messages_ in error.message_dict.values() for message in messages_]
        if hasattr(error, "error_dict")
        else list(error.messages)
    )


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: AuthedHttpRequest) -> HttpResponse:
    _inbox_or_403(request)
    municipalities = policy.intake_inbox(request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        municipalities=municipalities,
        initial={"municipality": request.user.municipality_id},
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        options = {
            "actor": request.user,
            "file_name": upload_file.name,
            "source": form.cleaned_data["source"],
            "municipality": form.cleaned_data["municipality"],
        }
        try:
            data = read_upload(upload_file, max_bytes=services.MAX_UPLOAD_BYTES)
            if len(data) >= services.BACKGROUND_FROM_BYTES:
                job = services.start_import(data, **options)
                target = reverse("intake:import_job", args=[job.pk])
            else:
                target = reverse("intake:preview", args=[services.create_preview(data, **options).pk])
        except TabularError as problem:
            problems = [str(problem)]
        except ValidationError as problem:
            problems = _errors(problem)
        else:
            if request.headers.get("HX-Request"):
                return HttpResponse(status=204, headers={"HX-Redirect": target})
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/upload.html", {"form": form, "problems": problems}, status=status)


@login_required
def import_job(request: AuthedHttpRequest, pk: str) -> HttpResponse:
    """The wait while the worker reads a large file: its progress, polled by HTMX (a reload link without
    JavaScript), then on to the preview. Only the uploader sees it."""
    _inbox_or_403(request)
    job = get_object_or_404(ImportJob, pk=pk, created_by=request.user)
    if job.state == ImportState.DONE and job.preview_id:
        target = reverse("intake:preview", args=[job.preview_id])
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return redirect(target)
    template = "intake/partials/import_status.html" if request.headers.get("HX-Request") else "intake/import_job.html"
    return render(request, template, {"job": job})


def _preview_for(request: AuthedHttpRequest, pk: str) -> IntakePreview:
    _inbox_or_403(request)
    preview = get_object_or_404(IntakePreview, pk=pk)
    if not preview.rows.filter(municipality__in=policy.intake_inbox(request.user)).exists():
        raise Http404
    return preview


# The filters the page offers, the rows needing the consultant first.
PREVIEW_FILTER_LABELS = [
    ("attention", gettext_lazy("Kræver stillingtagen")),
    ("error", gettext_lazy("Fejl")),
    ("warning", gettext_lazy("Advarsler")),
    ("new_citizen", gettext_lazy("Nye borgere")),
    ("linked", gettext_lazy("Kendte borgere")),
    ("all", gettext_lazy("Alle")),
]


def _page_query(query: QueryDict) -> str:
    """The preview's filter and page from ``query``, for the row forms and for the way back after a decision."""
    state = query.get("vis", "all")
    page = query.get("side", "")
    kept = {"vis": state if state in selectors.PREVIEW_FILTERS else "all"}
    if page.isdigit():
        kept["side"] = page
    return urlencode(kept)


@login_required
def preview_page(request: AuthedHttpRequest, pk: str) -> HttpResponse:
    preview = _preview_for(request, pk)
    state = request.GET.get("vis", "all")
    if state not in selectors.PREVIEW_FILTERS:
        return HttpResponseBadRequest(_("Ukendt filter."))
    counts = selectors.preview_counts(request.user, preview)
    page, views = selectors.preview_page(
        request.user, preview, request=request, state=state, page=request.GET.get("side")
    )
    context = {
        "preview": preview,
        "views": views,
        "page": page,
        "state": state,
        "counts": counts,
        "filters": [(name, label, counts[name]) for name, label in PREVIEW_FILTER_LABELS],
        "query": urlencode({"vis": state, "side": str(page.number)}),
    }
    return render(request, "intake/preview.html", context)


def _row_for(request: AuthedHttpRequest, pk: str, number: int) -> PreviewRow:
    preview = _preview_for(request, pk)
    row = get_object_or_404(PreviewRow, preview=preview, number=number)
    if not policy.may_handle_intake(request.user, row.municipality_id):
        raise Http404
    return row


def _render_row(request: AuthedHttpRequest, row: PreviewRow, problems: list[str], status: int = 200) -> HttpResponse:
    """HTMX swaps the row in place; a plain form post goes back to the page and filter it came from."""
    query = _page_query(request.GET)
    if not request.headers.get("HX-Request"):
        for problem in problems:
            messages.error(request, _("Række %(number)d: %(problem)s") % {"number": row.number, "problem": problem})
        url = reverse("intake:preview", args=[row.preview_id])
        return redirect(f"{url}?{query}#raekke-{row.number}")
    (view,) = selectors.preview_rows(request.user, row.preview, request=request, number=row.number)
    context = {"view": view, "preview": row.preview, "problems": problems, "query": query}
    return render(request, "intake/partials/preview_row.html", context, status=status)


@require_POST
@login_required
def confirm_row(request: AuthedHttpRequest, pk: str, number: int) -> HttpResponse:
    row = _row_for(request, pk, number)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _render_row(request, row, [_("Vælg en kandidat.")], status=400)
    try:
        services.confirm_row(row, actor=request.user, citizen_id=form.cleaned_data["citizen_id"], request=request)
    except ValidationError as problem:
        return _render_row(request, row, _errors(problem), status=400)
    return _render_row(request, row, [])


@require_POST
@login_required
def reject_row(request: AuthedHttpRequest, pk: str, number: int) -> HttpResponse:
    row = _row_for(request, pk, number)
    try:
        services.reject_row(row, actor=request.user, request=request)
    except ValidationError as problem:
        return _render_row(request, row, _errors(problem), status=400)
    return _render_row(request, row, [])


@require_POST
@login_required
def commit(request: AuthedHttpRequest, pk: str) -> HttpResponse:
    preview = _preview_for(request, pk)
    try:
        result = services.commit_preview(preview, actor=request.user, request=request)
    except ValidationError as problem:
        for message in _errors(problem):
            messages.error(request, message)
        return redirect("intake:preview", pk=preview.pk)
    messages.success(
        request,
        _("Indlæst: %(intakes)d henvendelser, heraf %(citizens)d nye borgere (%(rows)d rækker gennemgået).")
        % {"intakes": result.intakes, "citizens": result.citizens, "rows": result.rows},
    )
    return redirect("intake:queue")


@login_required
def queue(request: AuthedHttpRequest) -> HttpResponse:
    entries = selectors.work_queue(request.user, request=request)
    context = {
        "counts": selectors.queue_counts(request.user),
        "entries": entries,
        "previews": selectors.previews_of(request.user),
        "handles_intake": policy.intake_inbox(request.user).exists(),
        "municipality": request.user.municipality,
        "figures": selectors.deadline_figures(request.user.municipality_id) if request.user.municipality_id else [],
        "meetings": selectors.triage_meetings(request.user),
    }
    return render(request, "intake/queue.html", context)


@require_POST
@login_required
def schedule(request: AuthedHttpRequest) -> HttpResponse:
    if request.user.municipality is None or not policy.may_schedule_triage(request.user):
        raise PermissionDenied
    try:
        items = triage.schedule_triage(request.user.municipality, actor=request.user)
    except ValidationError as problem:
        for message in _errors(problem):
            messages.error(request, message)
        return redirect("intake:queue")
    messages.success(request, _("%(n)d borgere er sat på indsatsmødet.") % {"n": len(items)})
    return redirect("intake:agenda", pk=items[0].meeting_id) if items else redirect("intake:queue")


def _agenda_meeting(request: AuthedHttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting, pk=pk)
    items = meeting.triage_items.values("municipality_id")
    if not policy.may_see_triage_agenda(request.user, forum_id=meeting.forum_id, municipality_ids=items):
        raise Http404
    return meeting


def _decision_form(item: TriageItem, entry: selectors.AgendaEntry | None, data: object = None) -> DecisionForm:
    return DecisionForm(
        data,
        prefix=f"item{item.pk}",
        staff=policy.triage_staff(item.municipality),
        caseworkers=policy.caseworker_choices(item.municipality),
        open_concerns=entry.open_concerns if entry else [],
    )


@login_required
def agenda(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = _agenda_meeting(request, pk)
    entries = selectors.triage_agenda(request.user, meeting, request=request)
    return render(request, "intake/agenda.html", {"meeting": meeting, "entries": entries})


@require_http_methods(["GET", "POST"])
@login_required
def decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(TriageItem.objects.select_related("meeting__forum", "citizen"), pk=pk)
    meeting = _agenda_meeting(request, item.meeting_id)
    entry = selectors.triage_entry(request.user, item, request=request)
    if entry is None:
        raise Http404
    form = _decision_form(item, entry, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            triage.record_triage_decision(item, actor=request.user, decision=form.decision_value(), request=request)
        except ValidationError as problem:
            _add_errors(form, problem)
        else:
            messages.success(request, _("Beslutningen er registreret og står på sagens tidslinje."))
            return redirect(f"{reverse('intake:agenda', args=[meeting.pk])}#punkt-{item.number}")
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/decide.html", {"meeting": meeting, "entry": entry, "form": form}, status=status)


def _add_errors(form: DecisionForm, problem: ValidationError) -> None:
    if not hasattr(problem, "error_dict"):
        form.add_error(None, problem)
        return
    for field, errors in problem.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
@login_required
def deadline_met(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    deadline = get_object_or_404(Deadline, pk=pk)
    try:
        triage.mark_deadline_met(deadline, actor=request.user, request=request)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as problem:
        for message in _errors(problem):
            messages.error(request, message)
    return redirect("intake:queue")


@login_required
def notification(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Open a notification from the start page or the e-mail: marked read, then on to what it is about."""
    found = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.read_notification(found, actor=request.user)
    return redirect(found.link)


@require_GET
@login_required
def intake_list(request: AuthedHttpRequest) -> HttpResponse:
    """The intakes of the reader's inbox, filtered by a GET form that names no one: the dashboard's intake figure
    links here with its year and area. Every citizen on the shown page is disclosed in the audit log."""
    filters = IntakeFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    page, rows = door.disclosed_page(
        request,
        selectors.intakes_in_inbox(request.user, **data),
        subject=lambda intake: (intake.citizen_id, intake.concern_id),
        detail="intake:intake_list",
    )
    return render(request, "intake/intake_list.html", {"filters": filters, "page": page, "rows": rows})
