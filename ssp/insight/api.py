"""``/api/v1/insight/…``: survey waves, suppressed tables and report jobs, under the same rule as the pages
(``ssp.privacy.figures``): a municipality's figures for its staff only, every figure suppressed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Status
from ninja.errors import HttpError

from ssp.accounts.http import AuthedHttpRequest
from ssp.insight import selectors, services
from ssp.insight.access import get_report_for, get_wave_for
from ssp.insight.models import AnswerCount, JobState, Question, ReportJob, ReportKind, SurveyWave
from ssp.insight.schemas import ExaggerationRowOut, ReportIn, ReportJobOut, ShareOut, TableOut, WaveOut
from ssp.lib.disclosure import publish_two_way

router = Router(tags=["insight"])


def _wave_out(wave: SurveyWave) -> WaveOut:
    return WaveOut(
        id=wave.pk,
        survey=wave.survey.name,
        municipality=wave.municipality.name,
        year=wave.year,
        shares_figures=wave.shares_figures,
    )


@router.get("/insight/waves", response=list[WaveOut])
def list_waves(request: AuthedHttpRequest) -> list[WaveOut]:
    """The survey waves of the reader's own municipality."""
    if request.user.municipality is None:
        return []
    return [_wave_out(wave) for wave in selectors.waves_of(request.user.municipality)]


@router.get("/insight/waves/{wave_id}/questions/{code}/table", response=TableOut)
def question_table(request: AuthedHttpRequest, wave_id: int, code: str) -> TableOut:
    """Schools × answers for one question of a wave, suppressed, with totals."""
    wave = get_wave_for(request.user, wave_id)
    question = get_object_or_404(Question.objects.prefetch_related("options"), survey=wave.survey, code=code)
    rows = (
        AnswerCount.objects.filter(wave=wave, option__question=question)
        .values_list("school__name", "option__label", "count")
        .order_by()
    )
    counts: dict[tuple[str, str], int] = {}
    for school, answer, count in rows:
        counts[(school, answer)] = counts.get((school, answer), 0) + count
    schools = sorted({school for school, _answer in counts})
    answers = [option.label for option in question.options.all()]
    table = publish_two_way(counts, schools, answers)
    return TableOut(
        row_labels=table.row_labels,
        column_labels=table.column_labels,
        cells=[row.cells for row in table.rows],
        row_totals=[row.total for row in table.rows],
        column_totals=table.totals,
        grand_total=table.grand_total,
        withheld=table.withheld,
    )


@router.get("/insight/waves/{wave_id}/exaggeration/{code}", response=list[ExaggerationRowOut])
def exaggeration(request: AuthedHttpRequest, wave_id: int, code: str) -> list[ExaggerationRowOut]:
    wave = get_wave_for(request.user, wave_id)
    question = get_object_or_404(
        Question.objects.select_related("perceived"), survey=wave.survey, code=code, perceived__isnull=False
    )
    return [
        ExaggerationRowOut(
            school_id=row.school_id,
            school=row.school,
            grade=row.grade,
            actual=ShareOut(label=row.actual.label, percent=row.actual.percent, respondents=row.actual.respondents),
            perceived=ShareOut(
                label=row.perceived.label, percent=row.perceived.percent, respondents=row.perceived.respondents
            ),
            gap_points=row.gap_points,
        )
        for row in selectors.perceived_vs_actual(wave, question)
    ]


def _job_out(job: ReportJob) -> ReportJobOut:
    url = reverse("insight:report_download", args=[job.pk]) if job.state == JobState.DONE else None
    return ReportJobOut(
        id=job.pk,
        kind=job.kind,
        format=job.format,
        state=job.state,
        progress=job.progress,
        created_at=job.created_at,
        download_url=url,
    )


@router.post("/insight/reports", response={202: ReportJobOut})
def order_report(request: AuthedHttpRequest, payload: ReportIn) -> Status:
    """Queue a report for the reader's own municipality (or district for the Kredsråd report)."""
    user = request.user
    if payload.kind not in ReportKind.values or payload.format not in ("pdf", "xlsx"):
        raise HttpError(
            422, "kind skal være district_council, local_council eller steering_group; format pdf eller xlsx."
        )
    scope = (
        {"district": user.police_district}
        if payload.kind == ReportKind.DISTRICT_COUNCIL
        else {"municipality": user.municipality}
    )
    try:
        job = services.request_report(payload.kind, format=payload.format, actor=user, **scope)
    except PermissionDenied:
        raise HttpError(403, "Du kan kun bestille rapporter for din egen kommune eller politikreds.") from None
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return Status(202, _job_out(job))


@router.get("/insight/reports/{job_id}", response=ReportJobOut)
def report_job(request: AuthedHttpRequest, job_id: int) -> ReportJobOut:
    try:
        return _job_out(get_report_for(request.user, job_id))
    except Http404:
        raise HttpError(404, "Rapporten findes ikke.") from None
