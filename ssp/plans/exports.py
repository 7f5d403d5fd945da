"""Plans as documents a municipality can publish (PDF with reportlab, DOCX with python-docx) and the catalogue
and coverage as spreadsheets (XLSX with openpyxl).

Each plan is first laid out as a list of ``Block``s; the PDF and DOCX writers render the same blocks, so both
formats always hold the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ssp.plans.models import ActionPlan, AnnualCycle, Initiative, Milestone, PlanVersion
from ssp.plans.selectors import ClassCoverage, CooperationOrganisation, ReviewStatus


@dataclass
class Block:
    """One piece of a document: ``title``, ``h1``, ``h2``, ``p``, ``bullets`` (``items``) or ``table`` (``rows``,
    the first row the header)."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _lines(text: str) -> list[Block]:
    return [Block("p", line) for line in text.splitlines() if line.strip()]


def _day(value: object) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else "–"  # type: ignore[attr-defined]


def cooperation_plan_blocks(version: PlanVersion, organisation: CooperationOrganisation) -> list[Block]:
    """The plan in seed 003's order: introduction, Part I (strategy and focus areas), Part II (organisation, staff
    functions, authority cooperation) and the approval note."""
    plan = version.plan
    blocks = [
        Block("title", _("Samarbejdsplan %(year)s") % {"year": plan.year}),
        Block("p", _("Kredsrådet, %(district)s") % {"district": plan.police_district.name}),
        Block("h1", _("Indledning")),
        *_lines(version.introduction),
        Block("h1", _("Del I: Mål og strategi for %(year)s") % {"year": plan.year}),
        *_lines(version.strategy),
    ]
    for scope_label, areas in (
        (_("Nationale fokusområder"), [a for a in version.focus_areas.all() if a.scope == "national"]),
        (_("Lokale fokusområder"), [a for a in version.focus_areas.all() if a.scope == "local"]),
    ):
        if not areas:
            continue
        blocks.append(Block("h2", scope_label))
        for area in areas:
            blocks += [Block("h2", area.title), *_lines(area.description)]
            goals = [g for g in area.goals.splitlines() if g.strip()]
            indicators = [i for i in area.indicators.splitlines() if i.strip()]
            if goals:
                blocks += [Block("p", _("Mål:")), Block("bullets", items=goals)]
            if indicators:
                blocks += [Block("p", _("Indikatorer:")), Block("bullets", items=indicators)]
    blocks.append(Block("h1", _("Del II: Organisering af samarbejdet")))
    for level in organisation.levels:
        if level.forums:
            blocks += [Block("h2", level.label), Block("bullets", items=[f.name for f in level.forums])]
    if organisation.cross_sector:
        blocks += [
            Block("h2", _("Det tværfaglige samarbejde")),
            Block("bullets", items=[f.name for f in organisation.cross_sector]),
        ]
    if organisation.staff_functions:
        blocks += [
            Block("h2", _("Stabsfunktioner")),
            Block("bullets", items=[o.name for o in organisation.staff_functions]),
        ]
    for section in version.sections.all():
        blocks += [Block("h2", section.heading), *_lines(section.body)]
    blocks.append(Block("h1", _("Iværksættelse og godkendelse")))
    if version.approved_in is not None:
        blocks.append(
            Block(
                "p",
                _(
                    "Samarbejdsplan %(year)s er godkendt af Kredsrådet på mødet den %(day)s og har virkning fra 1. januar %(year)s."
                )
                % {"year": plan.year, "day": _day(version.approved_on)},
            )
        )
    else:
        blocks.append(Block("p", _("Udkast, version %(n)d. Ikke godkendt.") % {"n": version.number}))
    return blocks


def action_plan_blocks(plan: ActionPlan, focus: dict[str, str]) -> list[Block]:
    """``plan`` from ``selectors.action_plan_page``; ``focus`` maps focus area keys to titles."""
    blocks = [
        Block("title", plan.title),
        Block(
            "p",
            _("%(kind)s for %(municipality)s %(year)s. Ejes af %(forum)s. Status: %(status)s.")
            % {
                "kind": plan.get_kind_display(),
                "municipality": plan.municipality.name,
                "year": plan.year,
                "forum": plan.owner_forum.name,
                "status": plan.get_status_display(),
            },
        ),
        Block("h1", _("Analyse af kriminaliteten")),
        *_lines(plan.crime_analysis),
    ]
    figures = list(plan.figures.all())
    if figures:
        rows = [[_("Opgørelse"), _("Antal"), _("Året før"), _("Kilde")]]
        rows += [
            [f.label, str(f.value), "" if f.previous_value is None else str(f.previous_value), f.source]
            for f in figures
        ]
        blocks.append(Block("table", rows=rows))
    blocks.append(Block("h1", _("Prioriterede sagsområder og hvorfor")))
    for priority in plan.priorities.all():
        blocks += [Block("h2", priority.title), *_lines(priority.why)]
    blocks.append(Block("h1", _("Indsatser")))
    rows = [[_("Indsats"), _("Fokusområder"), _("Evaluering"), _("Status")]]
    for planned in plan.planned_initiatives.all():
        rows.append(
            [
                planned.initiative.title,
                ", ".join(focus.get(key, key) for key in planned.focus_keys),
                planned.evaluation_method,
                planned.get_status_display(),
            ]
        )
    blocks.append(Block("table", rows=rows))
    forums = [forum.name for forum in plan.forums.all()]
    if forums:
        blocks += [Block("h1", _("Lokale samarbejdsfora")), Block("bullets", items=forums)]
    agreements = list(plan.agreements.all())
    if agreements:
        rows = [[_("Hvem gør hvad"), _("Ansvarlig"), _("Frist")]]
        rows += [[a.what, str(a.owner), _day(a.due_on)] for a in agreements]
        blocks += [Block("h1", _("Hvem gør hvad")), Block("table", rows=rows)]
    if plan.adopted_in is not None:
        blocks.append(Block("p", _("Vedtaget den %(day)s.") % {"day": _day(plan.adopted_on)}))
    if plan.evaluation:
        blocks += [Block("h1", _("Evaluering ved årets afslutning")), *_lines(plan.evaluation)]
    return blocks


def statutory_plan_blocks(status: ReviewStatus) -> list[Block]:
    plan = status.plan
    return [
        Block("title", plan.title),
        Block(
            "p",
            _("%(municipality)s. Lovgrundlag: %(basis)s.")
            % {"municipality": plan.municipality.name, "basis": plan.legal_basis},
        ),
        Block("p", _("Ansvarlig: %(owner)s") % {"owner": plan.owner or "–"}),
        Block(
            "p",
            _("Senest evalueret %(last)s; evalueres senest %(due)s (mindst hvert %(n)d. år).")
            % {"last": _day(plan.last_reviewed_on), "due": _day(status.due_on), "n": plan.review_interval_years},
        ),
        Block("h1", _("Indhold")),
        *_lines(plan.summary),
    ]


# --- Writers ------------------------------------------------------------------------------------------------


def to_pdf(blocks: list[Block], *, title: str) -> bytes:
    styles = getSampleStyleSheet()
    style_of = {"title": styles["Title"], "h1": styles["Heading1"], "h2": styles["Heading3"], "p": styles["Normal"]}
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author="SSP-platformen", leftMargin=2.2 * cm, rightMargin=2.2 * cm
    )
    story: list[object] = []
    for block in blocks:
        if block.kind == "bullets":
            story.append(
                ListFlowable(
                    [ListItem(Paragraph(escape(item), styles["Normal"])) for item in block.items], bulletType="bullet"
                )
            )
        elif block.kind == "table":
            cells = [[Paragraph(escape(cell), styles["Normal"]) for cell in row] for row in block.rows]
            table = Table(cells, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5eef7")),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [table, Spacer(1, 8)]
        else:
            story.append(Paragraph(escape(block.text), style_of[block.kind]))
    document.build(story)
    return buffer.getvalue()


def to_docx(blocks: list[Block], *, title: str) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "SSP-platformen"
    for block in blocks:
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind in ("h1", "h2"):
            document.add_heading(block.text, level=1 if block.kind == "h1" else 2)
        elif block.kind == "bullets":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(block.text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HEADER_FONT = Font(bold=True)
MISSING_FILL = PatternFill("solid", fgColor="FDE8E8")


def coverage_xlsx(coverage: ClassCoverage) -> bytes:
    """One sheet per grade: a row per class, per initiative the delivery date and whether the parent meeting was held."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for block in coverage.grades:
        sheet = workbook.create_sheet(_("%(grade)d. klasse") % {"grade": block.grade})
        header = [_("Skole"), _("Klasse")]
        for initiative in block.initiatives:
            header += [initiative.title, _("Forældremøde")]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = HEADER_FONT
        for row in block.classes:
            values: list[str] = [row.school_class.school.name, f"{row.school_class.grade}.{row.school_class.letter}"]
            for coverage_cell in row.cells:
                delivery = coverage_cell.delivery
                values += [
                    _day(delivery.delivered_on) if delivery else _("mangler"),
                    (_("holdt") if delivery.parent_meeting_held else _("ikke holdt")) if delivery else _("mangler"),
                ]
            sheet.append(values)
            for cell in sheet[sheet.max_row]:
                if cell.value == _("mangler"):
                    cell.fill = MISSING_FILL
    if not coverage.grades:
        workbook.create_sheet(_("Dækning"))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def catalogue_xlsx(initiatives: list[Initiative]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Indsatskatalog")
    sheet.append(
        [
            _("Indsats"),
            _("Målgruppe"),
            _("Hvorfor?"),
            _("Hvordan?"),
            _("Forebyggelsestrekanten"),
            _("Forebyggelsesform"),
            _("PRO-område"),
            _("Ansvarlig"),
            _("Klassetrin"),
            _("Alder"),
            _("Omfang"),
            _("Evidens (kilde)"),
            _("Status"),
        ]
    )
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    for i in initiatives:
        ages = f"{i.age_from or ''}–{i.age_to or ''}" if i.age_from or i.age_to else ""
        sheet.append(
            [
                i.title,
                i.target_group,
                i.why,
                i.how,
                i.get_triangle_level_display(),
                i.get_prevention_form_display(),
                i.get_pro_area_display() if i.pro_area else "",
                i.owner,
                ", ".join(str(g) for g in i.grades),
                ages,
                i.duration,
                i.evidence,
                i.get_status_display(),
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cycle_ical(annual: AnnualCycle, milestones: list[Milestone], *, url: str) -> bytes:
    """The annual cycle as an iCalendar file: one all-day event per milestone, so it shows in any calendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//SSP-platformen//Årshjul//DA")
    calendar.add("version", "2.0")
    calendar.add(
        "x-wr-calname",
        _("Årshjul %(year)s, %(district)s") % {"year": annual.year, "district": annual.police_district.name},
    )
    for milestone in milestones:
        event = Event()
        event.add("uid", f"milestone-{milestone.pk}@ssp-platformen")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", milestone.due_on)
        where = milestone.municipality.name if milestone.municipality else annual.police_district.name
        event.add("summary", f"{milestone.get_kind_display()} ({where})")
        event.add("url", url)
        event.add("description", url)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
