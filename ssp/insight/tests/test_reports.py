"""Reports: generated in the background, they open (PDF text extracted, XLSX read back) and hold the dashboard's
figures as published; a subscription e-mails a link, never a figure; only the reader's own scope can be ordered."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ssp.accounts.models import StaffRole, User
from ssp.insight import services
from ssp.insight.models import Cadence, JobState, ReportJob, ReportSubscription, SurveyWave
from ssp.insight.tests.conftest import HOLSTEBRO, pair_rows
from ssp.structure.models import Municipality, Organisation


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    # The database queue needs a worker process; the immediate backend runs the same task functions in-process.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def waves(import_wave: Callable[..., SurveyWave], schools: list[Organisation]) -> list[SurveyWave]:
    rows = pair_rows("Sønderlandsskolen", 7, 30, 13, 18) + pair_rows("Nørrelandsskolen", 7, 25, 10, 12)
    return [import_wave(rows, year=year) for year in (2023, 2025)]


def order(actor: User, fmt: str, captured: Any, **extra: Any) -> ReportJob:
    with captured(execute=True):
        job = services.request_report(
            "local_council", format=fmt, actor=actor, municipality=Municipality.objects.get(code=HOLSTEBRO), **extra
        )
    job.refresh_from_db()
    return job


def test_a_pdf_report_opens_and_holds_the_survey_figures(
    waves: list[SurveyWave], consultant: User, django_capture_on_commit_callbacks: Any
) -> None:
    job = order(consultant, "pdf", django_capture_on_commit_callbacks)
    assert (job.state, job.progress) == (JobState.DONE, 100)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(job.content))).pages)
    assert "Rapport til Lokalrådet" in text
    assert "Ungeprofilundersøgelsen" in text
    assert "runder; 55 besvarelser i 2025" in text
    assert "Har været fuld" in text and "42 %" in text  # 23 of 55 pupils in both waves


def test_an_xlsx_report_reads_back_with_its_figures(
    waves: list[SurveyWave], consultant: User, django_capture_on_commit_callbacks: Any
) -> None:
    job = order(consultant, "xlsx", django_capture_on_commit_callbacks)
    workbook = load_workbook(io.BytesIO(bytes(job.content)))
    summary = [row for row in workbook["Oversigt"].iter_rows(values_only=True)]
    assert ("Ungeprofilundersøgelsen", "2", "runder; 55 besvarelser i 2025") in summary
    survey_sheet = workbook["Ungeprofilundersøgelsen"]
    rows = {row[0]: row[1:] for row in survey_sheet.iter_rows(values_only=True)}
    assert rows[None] == ("2023", "2025")
    assert rows["Har været fuld"] == ("42 %", "42 %")


def test_a_report_is_fetched_only_by_its_requester(
    waves: list[SurveyWave],
    consultant: User,
    make_user: Callable[..., User],
    login: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    job = order(consultant, "pdf", django_capture_on_commit_callbacks)
    assert login(consultant).get(reverse("insight:report_download", args=[job.pk]))["Content-Type"] == "application/pdf"
    colleague = login(make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO))
    assert colleague.get(reverse("insight:report_download", args=[job.pk])).status_code == 404
    assert colleague.get(reverse("insight:report", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("code", ["376", None])
def test_a_report_for_another_municipality_is_refused(code: str | None, make_user: Callable[..., User]) -> None:
    with pytest.raises(PermissionDenied):
        services.request_report(
            "local_council",
            format="pdf",
            actor=make_user(municipality=code),
            municipality=Municipality.objects.get(code=HOLSTEBRO),
        )


def test_the_kredsraad_report_is_for_the_districts_staff(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Any
) -> None:
    district = Municipality.objects.get(code=HOLSTEBRO).police_district
    with pytest.raises(PermissionDenied):
        services.request_report(
            "district_council", format="pdf", actor=make_user(municipality=HOLSTEBRO), district=district
        )
    police = make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_report("district_council", format="pdf", actor=police, district=district)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert district.name in PdfReader(io.BytesIO(bytes(job.content))).pages[0].extract_text()


def test_a_due_subscription_mails_a_link_and_no_figures(
    waves: list[SurveyWave], consultant: User, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    consultant.email = "konsulent@holstebro.invalid"
    consultant.save(update_fields=["email"])
    services.subscribe_report(
        "local_council",
        format="pdf",
        cadence=Cadence.MILESTONES,
        actor=consultant,
        municipality=Municipality.objects.get(code=HOLSTEBRO),
    )
    assert services.run_due_subscriptions(today=date(2026, 3, 2)) == 0  # March is no milestone
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_due_subscriptions(today=date(2026, 6, 1)) == 1
    job = ReportJob.objects.get()
    assert job.state == JobState.DONE
    [message] = smtp_server.messages
    body = message.get_payload(decode=True).decode()
    assert reverse("insight:report", args=[job.pk]) in body
    assert "%" not in body and "55" not in body
    assert services.run_due_subscriptions(today=date(2026, 6, 15)) == 0  # once per milestone month
    assert ReportSubscription.objects.get().last_sent_on == date(2026, 6, 1)


def test_the_reports_page_orders_a_report_and_shows_progress(
    waves: list[SurveyWave], consultant: User, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insight:reports"), {"report-kind": "steering_group", "report-format": "xlsx"})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("insight:report", args=[job.pk])
    partial = client.get(reverse("insight:report", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'value="100"' in partial and reverse("insight:report_download", args=[job.pk]) in partial


def test_the_daily_command_orders_the_due_subscriptions_report(
    waves: list[SurveyWave], consultant: User, django_capture_on_commit_callbacks: Any
) -> None:
    """``ssp insight subscriptions`` is what cron runs each day (like ``ssp plans remind``)."""
    services.subscribe_report(
        "local_council",
        format="xlsx",
        cadence=Cadence.MILESTONES,
        actor=consultant,
        municipality=Municipality.objects.get(code=HOLSTEBRO),
    )
    out = io.StringIO()
    call_command("insight", "subscriptions", "--date", "2026-03-02", stdout=out)
    assert out.getvalue() == "0 rapporter bestilt for abonnementer.\n"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("insight", "subscriptions", "--date", "2026-06-01", stdout=out)
    assert ReportJob.objects.get().state == JobState.DONE
