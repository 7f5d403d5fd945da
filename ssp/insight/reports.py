"""Reports for the Kredsråd, the Lokalråd and the SSP steering group, as PDF (reportlab) and XLSX (openpyxl).

A report is the dashboard of its scope on paper: every tile's headline figure and the table behind its chart,
figures exactly as published (already suppressed by the providers through ``ssp.lib.disclosure``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ssp.insight.registry import Tile


@dataclass(frozen=True)
class ReportContent:
    title: str
    scope: str
    tiles: list[Tile]

    @property
    def subtitle(self) -> str:
        return _("%(scope)s · dannet %(date)s") % {
            "scope": self.scope,
            "date": timezone.localdate().strftime("%d.%m.%Y"),
        }


NOTE = "<5: færre end 5. x: skjult, så et lille tal ikke kan regnes ud."


def render_pdf(content: ReportContent, *, progress: Callable[[int], None] | None = None) -> bytes:
    out = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(out, pagesize=A4, title=content.title, leftMargin=18 * mm, rightMargin=18 * mm)
    story: list[object] = [
        Paragraph(escape(content.title), styles["Title"]),
        Paragraph(escape(content.subtitle), styles["Normal"]),
    ]
    for i, tile in enumerate(content.tiles, start=1):
        story += [Spacer(1, 6 * mm), Paragraph(escape(tile.title), styles["Heading2"])]
        story.append(Paragraph(f"<b>{escape(tile.number)}</b> {escape(tile.caption)}", styles["Normal"]))
        if tile.chart and tile.chart.rows:
            data = [["", *tile.chart.columns], *([label, *cells] for label, cells in tile.chart.rows)]
            table = Table(data, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ]
                )
            )
            story += [Spacer(1, 2 * mm), table]
        if progress:
            progress(i * 100 // max(1, len(content.tiles)))
    story += [Spacer(1, 6 * mm), Paragraph(escape(NOTE), styles["Italic"])]
    document.build(story)
    return out.getvalue()


def render_xlsx(content: ReportContent, *, progress: Callable[[int], None] | None = None) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("Oversigt")[:31]
    summary.append([content.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([content.subtitle])
    summary.append([])
    summary.append([_("Emne"), _("Tal"), _("Forklaring")])
    for i, tile in enumerate(content.tiles, start=1):
        summary.append([tile.title, tile.number, tile.caption])
        if tile.chart and tile.chart.rows:
            sheet = workbook.create_sheet(_sheet_name(tile.title, workbook.sheetnames))
            sheet.append(["", *tile.chart.columns])
            for label, cells in tile.chart.rows:
                sheet.append([label, *cells])
        if progress:
            progress(i * 100 // max(1, len(content.tiles)))
    summary.append([])
    summary.append([NOTE])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str, taken: list[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Ark"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]} {n}", n + 1
    return name
