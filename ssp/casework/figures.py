"""Figures of case work for the municipality's managers: aggregates only, counts under 5 shown as "<5".

Per month (or ISO week) of one year: intakes (concerns opened), the median days from reading the daily report in
to the triage decision and from intake to the first case action, actions carried out by kind, deadlines met (actions done by their due date), and pre-entry enrolments
with their 12-month status. Each figure is one grouped query, so the page spends the same number of queries
for one year of data or ten. A median or share over fewer than 5 concerns or actions is not shown ("<5"):
with so few a manager could recognise the child.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractMonth, ExtractWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ssp.casework.charts import Bar, bar_chart
from ssp.casework.models import ActionKind, ActionStatus, CaseAction, Programme
from ssp.casework.programmes import ExitOutcome, PreEntryOutcome, ProgrammeKind
from ssp.concerns.selectors import concerns_opened_between
from ssp.intake.models import Intake
from ssp.lib.aggregates import Median
from ssp.lib.disclosure import DEFAULT_MIN_COUNT, primary_label

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    chart: str


@dataclass(frozen=True)
class Figures:
    year: int
    period: str
    tables: list[Table]


def _buckets(year: int, period: str) -> list[tuple[int, str]]:
    if period == "week":
        weeks = date(year, 12, 28).isocalendar()[1]
        return [(week, f"{week}") for week in range(1, weeks + 1)]
    return [(month, MONTHS[month - 1]) for month in range(1, 13)]


def _span(year: int, period: str) -> tuple[datetime, datetime]:
    if period == "week":
        start, end = date.fromisocalendar(year, 1, 1), date.fromisocalendar(year + 1, 1, 1)
    else:
        start, end = date(year, 1, 1), date(year + 1, 1, 1)
    return timezone.make_aware(datetime.combine(start, time())), timezone.make_aware(datetime.combine(end, time()))


def _bucket_of(field: str, period: str) -> Callable[[], object]:
    return (lambda: ExtractWeek(field)) if period == "week" else (lambda: ExtractMonth(field))


def _count_table(title: str, counts: dict[int, int], buckets: list[tuple[int, str]]) -> Table:
    bars = [
        Bar(
            label,
            counts.get(key, 0) if counts.get(key, 0) >= DEFAULT_MIN_COUNT else None,
            primary_label(counts.get(key, 0)),
        )
        for key, label in buckets
    ]
    return Table(
        title,
        [_("Antal")],
        [(label, [primary_label(counts.get(key, 0))]) for key, label in buckets],
        bar_chart(bars, title=title),
    )


def _intakes(municipality_id: int, year: int, period: str) -> dict[int, int]:
    start, end = _span(year, period)
    rows = (
        concerns_opened_between(municipality_id, start, end)
        .annotate(bucket=_bucket_of("opened_at", period)())
        .values("bucket")
        .annotate(n=Count("pk"))
    )
    return {row["bucket"]: row["n"] for row in rows}


MedianStats = dict[int, tuple[float | None, int]]


def _median_days(rows: QuerySet[Any], start_field: str, end_field: str, bucket: Callable[[], object]) -> MedianStats:
    """Per bucket: the median days from ``start_field`` to ``end_field`` and how many rows it is over. One grouped
    query: the median is the database's (``ssp.lib.aggregates.Median``), no row reaches Python."""
    span = ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())
    grouped = (
        rows.filter(**{f"{end_field}__gte": F(start_field)})
        .annotate(bucket=bucket())
        .values("bucket")
        .annotate(median=Median(span, output_field=DurationField()), n=Count("pk"))
        .order_by()
    )
    return {
        row["bucket"]: (row["median"] / timedelta(days=1) if row["median"] is not None else None, row["n"])
        for row in grouped
    }


def _days_to_first_action(municipality_id: int, year: int, period: str) -> MedianStats:
    start, end = _span(year, period)
    first = CaseAction.objects.filter(concern=OuterRef("pk")).order_by("created_at").values("created_at")[:1]
    concerns = concerns_opened_between(municipality_id, start, end).annotate(first_at=Subquery(first))
    return _median_days(concerns, "opened_at", "first_at", _bucket_of("opened_at", period))


def _days_to_triage(municipality_id: int, year: int, period: str) -> MedianStats:
    """From the day the daily report's row was read in (the intake) to the triage decision on it."""
    start, end = _span(year, period)
    intakes = Intake.objects.filter(
        municipality_id=municipality_id, created_at__gte=start, created_at__lt=end, triage_item__isnull=False
    ).annotate(decided_at=F("triage_item__decided_at"))
    return _median_days(intakes, "created_at", "decided_at", _bucket_of("created_at", period))


def _median_table(title: str, stats: MedianStats, buckets: list[tuple[int, str]]) -> Table:
    rows, bars = [], []
    for key, label in buckets:
        days, n = stats.get(key, (None, 0))
        value = round(days, 1) if days is not None and n >= DEFAULT_MIN_COUNT else None
        text = f"{value:.1f}" if value is not None else ("<5" if n else "–")
        rows.append((label, [text, primary_label(n)]))
        bars.append(Bar(label, value, text))
    return Table(title, [_("Median (dage)"), _("Antal")], rows, bar_chart(bars, title=title))


def _actions(
    municipality_id: int, year: int, period: str
) -> tuple[dict[tuple[int, str], int], dict[int, tuple[int, int]]]:
    """Done actions per (bucket, kind), and per bucket (done by the due date, all done), bucketed by due date."""
    bucket = ExtractWeek("due_on") if period == "week" else ExtractMonth("due_on")
    start, end = _span(year, period)
    # A date range, not "the year of due_on": the database uses the (concern, due_on) index for it.
    rows = (
        CaseAction.objects.filter(
            concern__municipality_id=municipality_id,
            status=ActionStatus.DONE,
            due_on__gte=start.date(),
            due_on__lt=end.date(),
        )
        .annotate(bucket=bucket)
        .values("bucket", "kind")
        .annotate(n=Count("pk"), in_time=Count("pk", filter=Q(done_on__lte=F("due_on"))))
    )
    by_kind: dict[tuple[int, str], int] = {}
    met: dict[int, tuple[int, int]] = {}
    for row in rows:
        by_kind[(row["bucket"], row["kind"])] = row["n"]
        in_time, total = met.get(row["bucket"], (0, 0))
        met[row["bucket"]] = (in_time + row["in_time"], total + row["n"])
    return by_kind, met


def _kinds_table(by_kind: dict[tuple[int, str], int], buckets: list[tuple[int, str]]) -> Table:
    title = _("Udførte indsatser efter type")
    totals = {kind: sum(n for (_bucket, k), n in by_kind.items() if k == kind) for kind in ActionKind.values}
    rows = [
        (label, [primary_label(by_kind.get((key, kind), 0)) for kind in ActionKind.values]) for key, label in buckets
    ]
    bars = [
        Bar(
            str(ActionKind(kind).label),
            totals[kind] if totals[kind] >= DEFAULT_MIN_COUNT else None,
            primary_label(totals[kind]),
        )
        for kind in ActionKind.values
    ]
    return Table(
        title,
        [str(ActionKind(kind).label) for kind in ActionKind.values],
        rows,
        bar_chart(bars, title=title + " " + _("(hele året)")),
    )


def _deadlines_table(met: dict[int, tuple[int, int]], buckets: list[tuple[int, str]]) -> Table:
    title = _("Frister overholdt")
    rows, bars = [], []
    for key, label in buckets:
        in_time, total = met.get(key, (0, 0))
        share = round(100 * in_time / total) if total >= DEFAULT_MIN_COUNT else None
        text = f"{share} %" if share is not None else ("<5" if total else "–")
        rows.append((label, [text, primary_label(total)]))
        bars.append(Bar(label, share, text))
    return Table(title, [_("Andel til tiden"), _("Udførte indsatser")], rows, bar_chart(bars, title=title))


def _programmes_table(municipality_id: int, year: int, period: str) -> Table:
    """Programmes started in the year per kind, and each kind's 12-month status (one query)."""
    title = _("Forløb startet i året og status efter 12 måneder")
    rows = (
        Programme.objects.filter(municipality_id=municipality_id, started_on__year=year)
        .values("kind", "outcome")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[str, str], int] = {(row["kind"], row["outcome"]): row["n"] for row in rows}
    exit_total = sum(n for (kind, _outcome), n in counts.items() if kind == ProgrammeKind.EXIT)
    pre_total = sum(n for (kind, _outcome), n in counts.items() if kind == ProgrammeKind.PRE_ENTRY)
    lines = [(str(ProgrammeKind.EXIT.label), exit_total), (str(ProgrammeKind.PRE_ENTRY.label), pre_total)]
    lines += [
        (str(outcome.label), counts.get((ProgrammeKind.PRE_ENTRY, outcome.value), 0)) for outcome in PreEntryOutcome
    ]
    lines.append((_("pre-entry uden status endnu"), counts.get((ProgrammeKind.PRE_ENTRY, ""), 0)))
    lines += [
        (_("exit: %(status)s") % {"status": outcome.label}, counts.get((ProgrammeKind.EXIT, outcome.value), 0))
        for outcome in ExitOutcome
    ]
    lines.append((_("exit uden status endnu"), counts.get((ProgrammeKind.EXIT, ""), 0)))
    bars = [Bar(label, n if n >= DEFAULT_MIN_COUNT else None, primary_label(n)) for label, n in lines]
    return Table(title, [_("Antal")], [(label, [primary_label(n)]) for label, n in lines], bar_chart(bars, title=title))


# Further tables from modules that own their data (``ssp.intake``: triage times), each (municipality, year, period).
EXTRA_TABLES: list[Callable[[int, int, str], Table]] = []


def municipality_figures(municipality_id: int, *, year: int, period: str = "month") -> Figures:
    buckets = _buckets(year, period)
    by_kind, met = _actions(municipality_id, year, period)
    tables = [
        _count_table(_("Henvendelser (nye sager)"), _intakes(municipality_id, year, period), buckets),
        _median_table(
            _("Dage fra indlæsning af døgnrapporten til visitation"),
            _days_to_triage(municipality_id, year, period),
            buckets,
        ),
        _median_table(
            _("Dage fra henvendelse til første indsats"), _days_to_first_action(municipality_id, year, period), buckets
        ),
        _kinds_table(by_kind, buckets),
        _deadlines_table(met, buckets),
        _programmes_table(municipality_id, year, period),
    ]
    tables += [table(municipality_id, year, period) for table in EXTRA_TABLES]
    return Figures(year=year, period=period, tables=tables)


def figures_xlsx(figures: Figures) -> bytes:
    """One sheet per table, the same cells as the page (suppressed cells as "<5")."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(figures.tables, start=1):
        sheet = workbook.create_sheet(f"{number}")
        sheet.append([table.title])
        sheet.append([_("Periode"), *table.columns])
        for label, cells in table.rows:
            sheet.append([label, *cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
