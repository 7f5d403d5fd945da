from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ssp.accounts.models import StaffRole
from ssp.casework import figures, services
from ssp.casework.models import ActionKind
from ssp.intake.models import Intake, TriageItem
from ssp.intake.report import PersonRole, ReportSource
from ssp.meetings.models import Meeting


def _cases(make_concern: Any, count: int, *, responsible: Any = None, days_to_action: int = 2) -> Any:
    today = timezone.localdate()
    for _ in range(count):
        concern = make_concern(responsible=responsible)
        responsible = concern.responsible
        action = services.plan_action(
            concern, kind=ActionKind.HOME_VISIT, owner=responsible, due_on=today, actor=responsible
        )
        action.created_at = concern.opened_at + timedelta(days=days_to_action)
        action.save(update_fields=["created_at"])
        services.record_action(action, actor=responsible, done_on=today, outcome="Besøg gennemført")
    return responsible


def _month_row(table: figures.Table) -> list[str]:
    month = timezone.localdate().month
    return table.rows[month - 1][1]


def test_counts_under_five_are_shown_as_under_five(make_concern: Any) -> None:
    owner = _cases(make_concern, 3)
    built = figures.municipality_figures(owner.municipality_id, year=timezone.localdate().year)
    intakes, _triage, days, _kinds, deadlines = built.tables[:5]
    assert _month_row(intakes) == ["<5"]
    assert _month_row(days) == ["<5", "<5"]
    assert _month_row(deadlines) == ["<5", "<5"]
    assert "&lt;5" in str(intakes.chart)


def test_five_or_more_are_counted_with_median_and_deadlines_met(make_concern: Any) -> None:
    owner = _cases(make_concern, 6, days_to_action=3)
    built = figures.municipality_figures(owner.municipality_id, year=timezone.localdate().year)
    intakes, _triage, days, kinds, deadlines = built.tables[:5]
    assert _month_row(intakes) == ["6"]
    assert _month_row(days) == ["3.0", "6"]
    assert _month_row(kinds)[list(ActionKind.values).index(ActionKind.HOME_VISIT)] == "6"
    assert _month_row(deadlines) == ["100 %", "6"]


def test_the_page_spends_the_same_queries_for_more_data_and_exports_xlsx(
    make_concern: Any, make_user: Any, login: Any, django_assert_num_queries: Any
) -> None:
    manager = make_user(role=StaffRole.MANAGER)
    owner = _cases(make_concern, 3)
    client = login(manager)
    url = reverse("casework:figures")
    client.get(url)  # warm-up: the first request after log-in also renews the session
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _cases(make_concern, 4, responsible=owner)
    # session, user, OTP device, municipality, then one aggregate per figure (actions by month, concerns by month,
    # intake to triage, first response, programmes)
    assert len(before.captured_queries) == 9
    with django_assert_num_queries(9):
        page = client.get(url).content.decode()
    assert "<svg" in page and "7" in page

    workbook = load_workbook(io.BytesIO(client.get(reverse("casework:figures_export", args=["xlsx"])).content))
    sheet = workbook.worksheets[0]
    assert sheet.cell(row=2 + timezone.localdate().month, column=2).value == "7"


def test_a_caseworker_sees_no_figures(make_user: Any, login: Any) -> None:
    client = login(make_user(role=StaffRole.CASEWORKER))
    assert client.get(reverse("casework:figures")).status_code == 403


def test_days_from_reading_the_daily_report_to_triage_are_a_median_per_month(
    make_concern: Any, make_forum: Any
) -> None:
    """Intakes read in and decided at the weekly meeting: the median of the days between, once there are five."""
    now = timezone.now()
    forum = make_forum(name="Indsatsmøde")
    meeting = Meeting.objects.create(forum=forum, starts_at=now, ends_at=now + timedelta(hours=2))
    concerns = [make_concern() for _ in range(5)]
    for number, (concern, days) in enumerate(zip(concerns, [1, 2, 6, 7, 9], strict=True), start=1):
        item = TriageItem.objects.create(
            meeting=meeting,
            citizen=concern.citizen,
            municipality=concern.municipality,
            number=number,
            decided_at=now + timedelta(days=days),
        )
        Intake.objects.create(
            citizen=concern.citizen,
            municipality=concern.municipality,
            source=ReportSource.DAILY_REPORT,
            journal_number=f"0100-{number}",
            occurred_at=now - timedelta(days=1),
            offence="Butikstyveri",
            role=PersonRole.CHARGED,
            created_by=concern.responsible,
            created_at=now,
            triage_item=item,
        )
    local = timezone.localtime(now)
    built = figures.municipality_figures(concerns[0].municipality_id, year=local.year)
    triage = built.tables[1]
    assert triage.title == "Dage fra indlæsning af døgnrapporten til visitation"
    assert triage.rows[local.month - 1][1] == ["6.0", "5"]
    week = figures.municipality_figures(concerns[0].municipality_id, year=local.isocalendar()[0], period="week")
    assert week.tables[1].rows[local.isocalendar()[1] - 1][1] == ["6.0", "5"]
