"""Writes of the insight app: the two-step survey import (preview, then an atomic commit).

Two documented file shapes (CSV or XLSX, read by ``ssp.lib.tabular``):

* **aggregates**: columns ``skole``, ``klassetrin``, ``spørgsmål`` (question code), ``svar`` (answer code or
  text), ``antal`` — one row per school, grade, question and answer;
* **responses**: columns ``skole``, ``klassetrin``, optional ``klasse``, and one column per question code holding
  the answer code — one row per pupil, anonymous. A column that is not one of those (a name, a CPR number, a pupil
  id) refuses the whole file, and so does any value shaped like a CPR number: such a file must never be stored.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.insight.models import (
    AnswerCount,
    Cadence,
    ImportShape,
    ImportState,
    JobState,
    Question,
    ReportFormat,
    ReportJob,
    ReportKind,
    ReportSubscription,
    Survey,
    SurveyImport,
    SurveyResponse,
    SurveyWave,
)
from ssp.insight.registry import Scope, tiles_for
from ssp.insight.reports import ReportContent, render_pdf, render_xlsx
from ssp.lib.tabular import Column, TabularError, normalise_label, read_table
from ssp.mail.services import MailDraft, queue_mail, topic_for
from ssp.privacy.figures import may_import_survey, may_read_district_figures, may_read_municipality_figures
from ssp.structure.models import Municipality, Organisation, OrganisationKind, PoliceDistrict

# A CPR number anywhere in a cell: six digits (a date), optional dash or space, four digits.
CPR_LIKE = re.compile(r"(?<!\d)\d{6}[- ]?\d{4}(?!\d)")
PERSONAL_LABELS = {"cpr", "cpr nr", "cpr nummer", "personnummer", "navn", "fornavn", "efternavn", "elevnavn", "name"}

SCHOOL = Column("school", ("skole", "skolenavn", "school"), required=True)
GRADE = Column("grade", ("klassetrin", "klasse trin", "grade", "trin"), required=True)
AGGREGATE_COLUMNS = (
    SCHOOL,
    GRADE,
    Column("question", ("spørgsmål", "spoergsmaal", "question", "spørgsmålskode"), required=True),
    Column("answer", ("svar", "svarmulighed", "answer"), required=True),
    Column("count", ("antal", "count", "n"), required=True),
)
CLASS = Column("class", ("klasse", "class"))


def preview_wave_import(
    data: bytes,
    *,
    survey: Survey,
    municipality: Municipality,
    year: int,
    shape: str,
    shares_figures: bool,
    file_name: str,
    actor: User,
) -> SurveyImport:
    """Read the file, check every row and store the result for the commit step.

    Raises ``PermissionDenied`` when ``actor`` may not import for the municipality and ``ValidationError`` for a
    file-level problem (unreadable, a personal-data column, a wave that already exists). Row problems are stored as
    errors with row and column; the commit refuses while there are any.
    """
    if not may_import_survey(actor, municipality):
        raise PermissionDenied
    if SurveyWave.objects.filter(survey=survey, municipality=municipality, year=year).exists():
        raise ValidationError(_("Kommunen har allerede en runde af undersøgelsen for %(year)d.") % {"year": year})
    questions = list(Question.objects.filter(survey=survey).prefetch_related("options"))
    schools = {
        normalise_label(school.name): school.pk
        for school in Organisation.objects.filter(municipality=municipality, kind=OrganisationKind.SCHOOL)
    }
    if shape == ImportShape.AGGREGATES:
        rows, errors = _parse_aggregates(data, questions, schools)
    elif shape == ImportShape.RESPONSES:
        rows, errors = _parse_responses(data, questions, schools)
    else:
        raise ValidationError(_("Ukendt filformat."))
    survey_import = SurveyImport(
        survey=survey,
        municipality=municipality,
        year=year,
        shares_figures=shares_figures,
        shape=shape,
        file_name=file_name[:200],
        rows=rows,
        errors=errors,
        created_by=actor,
    )
    survey_import.full_clean()
    survey_import.save()
    return survey_import


def _read(data: bytes, columns: tuple[Column, ...]) -> Any:
    try:
        return read_table(data, columns=columns)
    except TabularError as error:
        raise ValidationError(str(error)) from error


def _grade(value: str) -> int | None:
    digits = value.strip().rstrip(".").removesuffix("klasse").strip().rstrip(".")
    return int(digits) if digits.isdigit() and 0 <= int(digits) <= 10 else None


def _error(row: int, column: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "message": message}


def _parse_aggregates(
    data: bytes, questions: list[Question], schools: dict[str, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    table = _read(data, AGGREGATE_COLUMNS)
    options = {
        (question.code, key): option.pk
        for question in questions
        for option in question.options.all()
        for key in (normalise_label(option.code), normalise_label(option.label))
    }
    codes = {question.code for question in questions}
    rows, errors = [], [_error(e.row, e.column, e.message) for e in table.errors]
    seen: set[tuple[int, int, int]] = set()
    for row in table.rows:
        values, label = row.values, table.labels
        school = schools.get(normalise_label(values["school"]))
        grade = _grade(values["grade"])
        question = values["question"].strip()
        option = options.get((question, normalise_label(values["answer"])))
        count = values["count"].strip()
        problems = []
        if school is None:
            problems.append(_error(row.number, label["school"], _("Skolen findes ikke i kommunens struktur.")))
        if grade is None:
            problems.append(_error(row.number, label["grade"], _("Klassetrin skal være et tal fra 0 til 10.")))
        if question not in codes:
            problems.append(_error(row.number, label["question"], _("Ukendt spørgsmålskode.")))
        elif option is None:
            problems.append(_error(row.number, label["answer"], _("Svaret findes ikke for dette spørgsmål.")))
        if not count.isdigit():
            problems.append(_error(row.number, label["count"], _("Antal skal være et helt tal, 0 eller derover.")))
        if not problems and (school, grade, option) in seen:
            problems.append(_error(row.number, label["answer"], _("Samme skole, klassetrin og svar står to gange.")))
        if problems:
            errors.extend(problems)
            continue
        seen.add((school, grade, option))  # type: ignore[arg-type]
        rows.append(
            {"row": row.number, "school": school, "grade": grade, "class": "", "option": option, "count": int(count)}
        )
    return rows, errors


def _parse_responses(
    data: bytes, questions: list[Question], schools: dict[str, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    question_columns = tuple(Column(f"q:{q.code}", (q.code,)) for q in questions)
    table = _read(data, (SCHOOL, GRADE, CLASS, *question_columns))
    personal = [label for label in table.unknown_labels if normalise_label(label) in PERSONAL_LABELS]
    if personal:
        raise ValidationError(
            _("Filen er afvist: kolonnen «%(column)s» ligner personoplysninger (navn eller CPR-nummer). ")
            % {"column": personal[0]}
            + _("En fil med anonyme besvarelser må ikke indeholde navne eller CPR-numre.")
        )
    if table.unknown_labels:
        raise ValidationError(
            _("Filen er afvist: kolonnen «%(column)s» er hverken skole, klassetrin, klasse eller en spørgsmålskode.")
            % {"column": table.unknown_labels[0]}
        )
    for row in table.rows:
        for key, value in row.values.items():
            if CPR_LIKE.search(value):
                raise ValidationError(
                    _("Filen er afvist: række %(row)d, kolonne «%(column)s» ligner et CPR-nummer.")
                    % {"row": row.number, "column": table.labels.get(key, key)}
                )
    answers_of = {q.code: {normalise_label(o.code): o.code for o in q.options.all()} for q in questions}
    option_ids = {(q.code, o.code): o.pk for q in questions for o in q.options.all()}
    rows, errors = [], [_error(e.row, e.column, e.message) for e in table.errors]
    for row in table.rows:
        values, label = row.values, table.labels
        school = schools.get(normalise_label(values["school"]))
        grade = _grade(values["grade"])
        problems = []
        if school is None:
            problems.append(_error(row.number, label["school"], _("Skolen findes ikke i kommunens struktur.")))
        if grade is None:
            problems.append(_error(row.number, label["grade"], _("Klassetrin skal være et tal fra 0 til 10.")))
        answers = {}
        for code, known in answers_of.items():
            raw = values.get(f"q:{code}", "").strip()
            if not raw:
                continue  # an unanswered question
            if normalise_label(raw) not in known:
                problems.append(_error(row.number, label[f"q:{code}"], _("Svaret findes ikke for dette spørgsmål.")))
                continue
            answers[code] = known[normalise_label(raw)]
        if problems:
            errors.extend(problems)
            continue
        klass = values.get("class", "").strip()[:10]
        rows.append(
            {
                "row": row.number,
                "school": school,
                "grade": grade,
                "class": klass,
                "answers": answers,
                "options": [option_ids[(code, answer)] for code, answer in answers.items()],
            }
        )
    return rows, errors


@transaction.atomic
def commit_wave_import(survey_import: SurveyImport, *, actor: User) -> SurveyWave:
    """Write the previewed wave in one transaction: everything or nothing.

    Raises ``PermissionDenied`` for another user's import and ``ValidationError`` while the preview has errors,
    when it was committed already, or when a wave for the year appeared meanwhile.
    """
    survey_import = SurveyImport.objects.select_for_update().get(pk=survey_import.pk)
    if survey_import.created_by_id != actor.pk or not may_import_survey(actor, survey_import.municipality):
        raise PermissionDenied
    if survey_import.state != ImportState.PREVIEW:
        raise ValidationError(_("Importen er allerede gemt."))
    if survey_import.errors:
        raise ValidationError(_("Ret fejlene i filen og indlæs den igen; intet er gemt."))
    if not survey_import.rows:
        raise ValidationError(_("Filen indeholder ingen rækker med svar."))
    wave = SurveyWave(
        survey=survey_import.survey,
        municipality=survey_import.municipality,
        year=survey_import.year,
        shares_figures=survey_import.shares_figures,
        imported_by=actor,
    )
    wave.full_clean()
    wave.save()
    counts: Counter[tuple[int, int, str, int]] = Counter()
    responses = []
    for row in survey_import.rows:
        if survey_import.shape == ImportShape.AGGREGATES:
            counts[(row["school"], row["grade"], "", row["option"])] += row["count"]
            continue
        responses.append(
            SurveyResponse(
                wave=wave,
                school_id=row["school"],
                grade=row["grade"],
                school_class=row["class"],
                answers=row["answers"],
            )
        )
        for option in row["options"]:
            counts[(row["school"], row["grade"], row["class"], option)] += 1
    SurveyResponse.objects.bulk_create(responses, batch_size=1000)
    AnswerCount.objects.bulk_create(
        [
            AnswerCount(wave=wave, school_id=school, grade=grade, school_class=klass, option_id=option, count=count)
            for (school, grade, klass, option), count in counts.items()
        ],
        batch_size=2000,
    )
    survey_import.state = ImportState.COMMITTED
    survey_import.wave = wave
    survey_import.rows = []  # the stored preview is no longer needed once its figures are written
    survey_import.save(update_fields=["state", "wave", "rows"])
    transaction.on_commit(lambda: _enqueue_patterns(wave.pk))
    return wave


def _enqueue_patterns(wave_id: int) -> None:
    from ssp.insight.tasks import store_wave_patterns

    store_wave_patterns.enqueue(wave_id)


# --- Reports ------------------------------------------------------------------------------------------------

MILESTONE_MONTHS = (1, 6, 12)  # the action plan's adoption, the half-year status and the cooperation plan


def _check_report_scope(
    kind: str, municipality: Municipality | None, district: PoliceDistrict | None, actor: User
) -> None:
    if kind == ReportKind.DISTRICT_COUNCIL:
        if district is None or municipality is not None or not may_read_district_figures(actor, district):
            raise PermissionDenied
    elif municipality is None or district is not None or not may_read_municipality_figures(actor, municipality):
        raise PermissionDenied


def request_report(
    kind: str,
    *,
    format: str,
    actor: User,
    municipality: Municipality | None = None,
    district: PoliceDistrict | None = None,
    notify: bool = False,
) -> ReportJob:
    """Queue a report for ``actor``'s own municipality (Lokalråd, steering group) or district (Kredsråd).

    Raises ``PermissionDenied`` when the scope is not the reader's; the job runs after commit.
    """
    _check_report_scope(kind, municipality, district, actor)
    job = ReportJob(
        kind=kind, format=format, municipality=municipality, police_district=district, requested_by=actor, notify=notify
    )
    job.full_clean()
    with transaction.atomic():
        job.save()
        transaction.on_commit(lambda: _enqueue_report(job.pk))
    return job


def _enqueue_report(job_id: int) -> None:
    from ssp.insight.tasks import generate_report

    generate_report.enqueue(job_id)


def report_content(job: ReportJob) -> ReportContent:
    if job.police_district is not None:
        ids = tuple(job.police_district.municipalities.values_list("pk", flat=True))
        district = job.police_district
        scope = Scope(name=district.name, municipality_ids=ids, district_id=district.pk, slug=district.slug)
    else:
        assert job.municipality is not None
        scope = Scope(name=job.municipality.name, municipality_ids=(job.municipality.pk,), slug=job.municipality.slug)
    return ReportContent(title=job.get_kind_display(), scope=scope.name, tiles=tiles_for(scope, job.requested_by))


def run_report_job(job_id: int) -> str:
    """Render the job's file, writing progress as it goes; a failure is recorded on the job and re-raised so the
    queue shows and retries it."""
    job = ReportJob.objects.select_related("municipality", "police_district", "requested_by").get(pk=job_id)
    ReportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=0, error="")

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=min(99, percent))

    try:
        content = report_content(job)
        render = render_pdf if job.format == ReportFormat.PDF else render_xlsx
        data = render(content, progress=progress)
    except Exception:
        ReportJob.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=_("Rapporten kunne ikke dannes."))
        raise
    with transaction.atomic():
        ReportJob.objects.filter(pk=job.pk).update(
            state=JobState.DONE, progress=100, content=data, finished_at=timezone.now()
        )
        if job.notify:
            queue_report_link(job)
    return JobState.DONE


def queue_report_link(job: ReportJob) -> None:
    """The outbox message with a link to the finished report: the link only, never a figure."""
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('insight:report', args=[job.pk])}"
    queue_mail(
        [
            MailDraft(
                recipient=job.requested_by,
                subject=_("SSP: din rapport er klar"),
                body=_("Rapporten, du abonnerer på, er klar. Log ind for at hente den: %(link)s") % {"link": link},
                topic=topic_for(job),
            )
        ]
    )


def subscribe_report(
    kind: str,
    *,
    format: str,
    cadence: str,
    actor: User,
    municipality: Municipality | None = None,
    district: PoliceDistrict | None = None,
) -> ReportSubscription:
    """Subscribe ``actor`` to a report of a scope they may read; a second subscription to the same report
    replaces the first."""
    _check_report_scope(kind, municipality, district, actor)
    subscription, _created = ReportSubscription.objects.update_or_create(
        user=actor,
        kind=kind,
        format=format,
        defaults={"cadence": cadence, "municipality": municipality, "police_district": district},
    )
    subscription.full_clean()
    return subscription


def is_due(subscription: ReportSubscription, today: date) -> bool:
    sent = subscription.last_sent_on
    if sent is not None and (sent.year, sent.month) == (today.year, today.month):
        return False
    return subscription.cadence == Cadence.MONTHLY or today.month in MILESTONE_MONTHS


def run_due_subscriptions(*, today: date | None = None) -> int:
    """Queue a job with an e-mailed link for every due subscription whose reader may still read the scope."""
    today = today or timezone.localdate()
    started = 0
    subscriptions = ReportSubscription.objects.select_related("user", "municipality", "police_district")
    for subscription in subscriptions:
        if not is_due(subscription, today):
            continue
        try:
            request_report(
                subscription.kind,
                format=subscription.format,
                actor=subscription.user,
                municipality=subscription.municipality,
                district=subscription.police_district,
                notify=True,
            )
        except PermissionDenied:
            continue  # the reader moved on; the subscription stays but sends nothing
        ReportSubscription.objects.filter(pk=subscription.pk).update(last_sent_on=today)
        started += 1
    return started
