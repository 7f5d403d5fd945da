"""Pages of insight: dashboards, survey waves, the social-exaggeration pages and the import. Every page fetches
through ``ssp.insight.access`` (the rule in ``ssp.privacy.figures``) and shows only suppressed figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssp.accounts.http import AuthedHttpRequest
from ssp.accounts.models import User
from ssp.insight import selectors, services
from ssp.insight.access import get_district_for, get_import_for, get_municipality_for, get_report_for, get_wave_for
from ssp.insight.forms import ImportForm, ReportForm, SubscriptionForm
from ssp.insight.models import (
    ImportState,
    JobState,
    Question,
    ReportFormat,
    ReportJob,
    ReportKind,
    ReportSubscription,
)
from ssp.insight.registry import Scope, tiles_for
from ssp.lib.charts import Chart, grouped_bar_chart, line_chart, value
from ssp.lib.tabular import read_upload
from ssp.privacy.figures import may_compare_with_others, may_import_survey
from ssp.structure.models import Organisation

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if user.municipality is not None:
        return redirect("insight:municipality", slug=user.municipality.slug)
    if user.police_district is not None:
        return redirect("insight:district", slug=user.police_district.slug)
    raise Http404


@login_required
def municipality_dashboard(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for(request.user, slug)
    scope = Scope(name=municipality.name, municipality_ids=(municipality.pk,), slug=municipality.slug)
    context = {
        "title": municipality.name,
        "tiles": tiles_for(scope, request.user),
        "waves": list(selectors.waves_of(municipality)),
        "may_import": may_import_survey(request.user, municipality),
    }
    return render(request, "insight/dashboard.html", context)


@login_required
def district_dashboard(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    district = get_district_for(request.user, slug)
    ids = tuple(district.municipalities.values_list("pk", flat=True))
    scope = Scope(name=district.name, municipality_ids=ids, district_id=district.pk, slug=district.slug)
    return render(request, "insight/dashboard.html", {"title": district.name, "tiles": tiles_for(scope, request.user)})


@login_required
def wave_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    wave = get_wave_for(request.user, pk)
    questions = selectors.paired_questions(wave)
    waves = list(selectors.waves_of(wave.municipality).filter(survey=wave.survey))
    by_question = selectors.trends(waves, questions)
    series = [(q.short, [value(p.share.percent, p.share.label) for p in by_question[q.pk]]) for q in questions]
    years = [str(w.year) for w in sorted(waves, key=lambda w: w.year)]
    trend_chart = line_chart(
        _("Udvikling i %(name)s") % {"name": wave.municipality.name},
        _("Andel af eleverne, der svarer ja, runde for runde"),
        years,
        series,
        maximum=100,
    )
    comparison = []
    if may_compare_with_others(request.user, own_wave_shares=wave.shares_figures):
        compared = selectors.comparisons(wave, questions)
        comparison = [(q, compared[q.pk]) for q in questions]
    context = {"wave": wave, "questions": questions, "trend_chart": trend_chart, "comparison": comparison}
    return render(request, "insight/wave.html", context)


def _exaggeration_chart(title: str, rows: list[selectors.ExaggerationRow], labels: list[str] | None = None) -> Chart:
    return grouped_bar_chart(
        title,
        _("Andelen, der selv gør det, og andelen, der tror, at over halvdelen gør det"),
        labels or [f"{row.school}, {row.grade}." for row in rows],
        [_("Gør det selv"), _("Tror, at de fleste gør det")],
        [
            [value(row.actual.percent, row.actual.label), value(row.perceived.percent, row.perceived.label)]
            for row in rows
        ],
        maximum=100,
    )


@login_required
def exaggeration(request: AuthedHttpRequest, pk: int, code: str) -> HttpResponse:
    wave = get_wave_for(request.user, pk)
    question = get_object_or_404(
        Question.objects.select_related("perceived"), survey=wave.survey, code=code, perceived__isnull=False
    )
    rows = selectors.perceived_vs_actual(wave, question)
    context = {"wave": wave, "question": question, "rows": rows, "chart": _exaggeration_chart(question.short, rows)}
    return render(request, "insight/exaggeration.html", context)


@login_required
def exaggeration_print(request: AuthedHttpRequest, pk: int, code: str, school: int, grade: int) -> HttpResponse:
    """One school and grade, every paired question, in words a class teacher can take to the class and the
    parent meeting."""
    wave = get_wave_for(request.user, pk)
    organisation = get_object_or_404(Organisation, pk=school, municipality=wave.municipality)
    items = []
    for question in selectors.paired_questions(wave):
        found = selectors.perceived_vs_actual(wave, question, school_id=school, grade=grade)
        if found:
            items.append((question, found[0], selectors.class_rows(wave, question, school, grade)))
    if not items:
        raise Http404
    chart = _exaggeration_chart(
        _("%(school)s, %(grade)d. klasse") % {"school": organisation.name, "grade": grade},
        [row for _q, row, _c in items],
        [question.short for question, _r, _c in items],
    )
    context = {"wave": wave, "school": organisation, "grade": grade, "items": items, "chart": chart, "code": code}
    return render(request, "insight/exaggeration_print.html", context)


@login_required
def import_wave(request: AuthedHttpRequest) -> HttpResponse:
    municipality = request.user.municipality
    if municipality is None or not may_import_survey(request.user, municipality):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = services.preview_wave_import(
                read_upload(upload),
                survey=form.cleaned_data["survey"],
                municipality=municipality,
                year=form.cleaned_data["year"],
                shape=form.cleaned_data["shape"],
                shares_figures=form.cleaned_data["shares_figures"],
                file_name=upload.name,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("insight:import_preview", pk=stored.pk)
    return render(request, "insight/import.html", {"form": form, "municipality": municipality})


@login_required
def import_preview(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    stored = get_import_for(request.user, pk)
    if stored.state == ImportState.COMMITTED and stored.wave_id:
        return redirect("insight:wave", pk=stored.wave_id)
    context = {"stored": stored, "row_count": len(stored.rows), "errors": stored.errors[:200]}
    return render(request, "insight/import_preview.html", context)


@login_required
@require_POST
def import_commit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    stored = get_import_for(request.user, pk)
    try:
        wave = services.commit_wave_import(stored, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("insight:import_preview", pk=stored.pk)
    messages.success(request, _("Runden er gemt."))
    return redirect("insight:wave", pk=wave.pk)


def _report_scope(user: User, kind: str) -> dict[str, Any]:
    if kind == ReportKind.DISTRICT_COUNCIL:
        return {"district": user.police_district if user.municipality_id is None else None}
    return {"municipality": user.municipality}


@login_required
def reports(request: AuthedHttpRequest) -> HttpResponse:
    """Order a report, or subscribe to one; the reader's own municipality or district is the scope."""
    form = ReportForm(request.POST or None, prefix="report")
    subscription_form = SubscriptionForm(request.POST or None, prefix="subscription")
    if request.method == "POST":
        chosen = subscription_form if "subscription-cadence" in request.POST else form
        if chosen.is_valid():
            data = chosen.cleaned_data
            try:
                if chosen is subscription_form:
                    services.subscribe_report(
                        data["kind"], format=data["format"], cadence=data["cadence"], actor=request.user,
                        **_report_scope(request.user, data["kind"]),
                    )  # fmt: skip
                    messages.success(request, _("Du får en e-mail med et link, når rapporten er klar."))
                    return redirect("insight:reports")
                job = services.request_report(
                    data["kind"], format=data["format"], actor=request.user, **_report_scope(request.user, data["kind"])
                )
            except PermissionDenied:
                chosen.add_error("kind", _("Du kan kun bestille rapporter for din egen kommune eller politikreds."))
            else:
                return redirect("insight:report", pk=job.pk)
    context = {
        "form": form,
        "subscription_form": subscription_form,
        "jobs": ReportJob.objects.filter(requested_by=request.user)[:10],
        "subscriptions": ReportSubscription.objects.filter(user=request.user),
    }
    return render(request, "insight/reports.html", context)


@login_required
def report(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    job = get_report_for(request.user, pk)
    template = "insight/partials/report_status.html" if request.headers.get("HX-Request") else "insight/report.html"
    return render(request, template, {"job": job})


@login_required
def report_download(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    job = get_report_for(request.user, pk)
    if job.state != JobState.DONE:
        raise Http404
    content_type = "application/pdf" if job.format == ReportFormat.PDF else XLSX_TYPE
    response = HttpResponse(bytes(job.content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rapport-{job.pk}.{job.format}"'
    return response
