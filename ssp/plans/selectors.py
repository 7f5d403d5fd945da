"""Reads of the plans capability, each with a fixed number of queries whatever the data size.

The coverage selectors (``class_coverage``, ``focus_coverage``) are the public reads other capabilities (insight)
build on: they take a municipality or district and a year and return plain dataclasses.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from ssp.meetings.calendar_entries import CalendarEntry, CalendarScope
from ssp.meetings.models import Agreement
from ssp.plans import permissions
from ssp.plans.cycle import review_due
from ssp.plans.models import (
    ActionPlan,
    ActionPlanKind,
    AnnualCycle,
    CooperationPlan,
    FocusArea,
    FocusScope,
    Initiative,
    InitiativeDelivery,
    InitiativeStatus,
    Milestone,
    MilestoneKind,
    PlanComment,
    PlannedInitiative,
    PlanVersion,
    Project,
    ProjectStep,
    SchoolClass,
    StatutoryPlan,
    Trend,
    VersionStatus,
)
from ssp.structure.models import (
    Forum,
    ForumKind,
    Level,
    Municipality,
    Organisation,
    OrganisationKind,
    PoliceDistrict,
)

MUNICIPAL_KINDS = (
    MilestoneKind.ACTION_PLAN_ADOPTED,
    MilestoneKind.CONFERENCE_HELD,
    MilestoneKind.YEAR_END_EVALUATION,
)


# --- Annual cycle -------------------------------------------------------------------------------------------


def cycle_milestones(annual: AnnualCycle) -> list[Milestone]:
    return list(
        annual.milestones.select_related("meeting", "meeting__forum", "owner", "municipality").order_by(
            "due_on", "kind", "municipality__name"
        )
    )


def milestone_calendar_entries(scope: CalendarScope) -> list[CalendarEntry]:
    """The cycle's milestones on the meetings calendars, one query, only those the user may read.

    A forum's calendar shows the milestones held in its meetings; a municipality's its own and the district's; the
    user's own calendar (and feed) the district's, the user's municipality's and the ones the user owns.
    """
    user = scope.user
    rows = Milestone.objects.filter(permissions.readable_milestones(user), due_on__gte=scope.first)
    if scope.last is not None:
        rows = rows.filter(due_on__lte=scope.last)
    if scope.forum is not None:
        rows = rows.filter(meeting__forum=scope.forum)
    elif scope.municipality is not None:
        municipality = scope.municipality
        rows = rows.filter(
            Q(municipality=municipality)
            | Q(municipality__isnull=True, cycle__police_district_id=municipality.police_district_id)
        )
    else:
        mine = Q(municipality__isnull=True) | Q(municipality_id=user.municipality_id)
        rows = rows.filter(Q(owner=user) | (mine & permissions.district_milestones(user)))
    entries = []
    for milestone in rows.select_related("cycle__police_district", "municipality").order_by("due_on", "pk"):
        notes = [milestone.municipality.name] if milestone.municipality else []
        if milestone.done_on:
            notes.append(_("gennemført %(day)s") % {"day": f"{milestone.done_on:%d.%m.%Y}"})
        entries.append(
            CalendarEntry(
                day=milestone.due_on,
                title=_("Milepæl: %(step)s") % {"step": milestone.get_kind_display()},
                url=reverse("plans:cycle", args=[milestone.cycle.police_district.slug, milestone.cycle.year]),
                uid=f"plans-milestone-{milestone.pk}",
                note=", ".join(notes),
            )
        )
    return entries


@dataclass
class MonthOfCycle:
    first: date
    milestones: list[Milestone]


def months_of(milestones: list[Milestone]) -> list[MonthOfCycle]:
    """The årshjul: milestones grouped by month, in date order."""
    months: dict[date, list[Milestone]] = {}
    for milestone in milestones:
        months.setdefault(milestone.due_on.replace(day=1), []).append(milestone)
    return [MonthOfCycle(first, rows) for first, rows in sorted(months.items())]


@dataclass
class MilestoneCell:
    milestone: Milestone | None
    late: bool


@dataclass
class OverviewRow:
    municipality: Municipality
    cells: list[MilestoneCell]

    @property
    def late_count(self) -> int:
        return sum(cell.late for cell in self.cells)


@dataclass
class DistrictOverview:
    district: PoliceDistrict
    year: int
    district_milestones: list[MilestoneCell]
    kinds: list[str]
    rows: list[OverviewRow]

    @property
    def late_rows(self) -> list[OverviewRow]:
        return [row for row in self.rows if row.late_count]


def district_overview(district: PoliceDistrict, year: int, *, today: date) -> DistrictOverview:
    """Which municipality is late with what: one row per municipality, one cell per municipal milestone (2 queries)."""
    milestones = list(
        Milestone.objects.filter(cycle__police_district=district, cycle__year=year)
        .select_related("meeting")
        .order_by("due_on", "kind")
    )
    by_key = {(m.municipality_id, m.kind): m for m in milestones}
    rows = []
    for municipality in district.municipalities.order_by("name"):
        cells = []
        for kind in MUNICIPAL_KINDS:
            milestone = by_key.get((municipality.pk, kind))
            cells.append(MilestoneCell(milestone, milestone.is_late(today) if milestone else False))
        rows.append(OverviewRow(municipality, cells))
    district_cells = [MilestoneCell(m, m.is_late(today)) for m in milestones if m.municipality_id is None]
    return DistrictOverview(
        district, year, district_cells, [str(MilestoneKind(kind).label) for kind in MUNICIPAL_KINDS], rows
    )


# --- Cooperation plan ---------------------------------------------------------------------------------------


def plan_for(district: PoliceDistrict, year: int) -> CooperationPlan:
    return get_object_or_404(
        CooperationPlan.objects.select_related("police_district"), police_district=district, year=year
    )


def version_page(plan: CooperationPlan, number: int | None) -> PlanVersion:
    """A version with its focus areas, sections and comments (4 queries); the latest when ``number`` is None."""
    versions = plan.versions.select_related(
        "approved_in", "approved_in__forum", "approval_decision", "approval_item", "approval_item__meeting"
    ).prefetch_related(
        "focus_areas",
        "sections",
        Prefetch("comments", queryset=PlanComment.objects.select_related("author").order_by("created_at", "id")),
    )
    if number is None:
        version = versions.order_by("-number").first()
        if version is None:
            raise CooperationPlan.DoesNotExist
        return version
    return get_object_or_404(versions, number=number)


def approved_version(plan: CooperationPlan) -> PlanVersion | None:
    return (
        plan.versions.filter(status=VersionStatus.APPROVED)
        .prefetch_related("focus_areas", "sections")
        .order_by("-number")
        .first()
    )


def plan_text(version: PlanVersion) -> list[str]:
    """The version's content as lines, in the order of the published plan; the diff compares these."""
    lines = [
        _("Indledning"),
        *version.introduction.splitlines(),
        "",
        _("Strategi og mål"),
        *version.strategy.splitlines(),
    ]
    for area in version.focus_areas.all():
        lines += ["", f"{area.get_scope_display()}: {area.title}", *area.description.splitlines()]
        lines += [_("Mål: %(goal)s") % {"goal": goal} for goal in area.goals.splitlines() if goal.strip()]
        lines += [_("Indikator: %(i)s") % {"i": ind} for ind in area.indicators.splitlines() if ind.strip()]
    for section in version.sections.all():
        lines += ["", section.heading, *section.body.splitlines()]
    return lines


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "added", "removed" or "same"
    text: str


def version_diff(old: PlanVersion, new: PlanVersion) -> list[DiffLine]:
    """What changed from the approved version to a new one, line by line (difflib; only changed hunks)."""
    result = []
    for line in difflib.unified_diff(plan_text(old), plan_text(new), lineterm="", n=1):
        if line.startswith(("---", "+++", "@@")):
            continue
        kind = {"+": "added", "-": "removed"}.get(line[:1], "same")
        result.append(DiffLine(kind, line[1:]))
    return result


@dataclass
class OrganisationLevel:
    label: str
    forums: list[Forum]


@dataclass
class CooperationOrganisation:
    """Part II of the plan, generated from the structure: the levels, their forums and the staff functions."""

    levels: list[OrganisationLevel]
    cross_sector: list[Forum]
    staff_functions: list[Organisation]


def organisation_of(district: PoliceDistrict) -> CooperationOrganisation:
    """The district's forums by level (Kredsråd, Lokalråd, Lokalråd+), the cross-sector forums that report to the
    Lokalråd (SSP, PSP, Banderåd) and the district's staff units (3 queries)."""
    forums = list(
        Forum.objects.filter(Q(police_district=district) | Q(municipality__police_district=district)).order_by("name")
    )
    by_kind = {
        Level.STRATEGIC: [f for f in forums if f.kind == ForumKind.DISTRICT_COUNCIL],
        Level.OPERATIVE: [f for f in forums if f.kind == ForumKind.LOCAL_COUNCIL],
        Level.TACTICAL: [f for f in forums if f.kind == ForumKind.LOCAL_COUNCIL_PLUS],
    }
    levels = [
        OrganisationLevel(_("Det strategiske niveau (Kredsrådet)"), by_kind[Level.STRATEGIC]),
        OrganisationLevel(_("Det operative niveau (Lokalrådene)"), by_kind[Level.OPERATIVE]),
        OrganisationLevel(_("Det taktiske niveau (Lokalråd+)"), by_kind[Level.TACTICAL]),
    ]
    cross = [
        f
        for f in forums
        if f.kind
        in (
            ForumKind.SSP_DISTRICT_NETWORK,
            ForumKind.GANG_COUNCIL,
            ForumKind.PSP,
            ForumKind.INFO_HOUSE,
            ForumKind.EXIT_UNIT,
        )
    ]
    staff = list(
        Organisation.objects.filter(
            police_district=district,
            kind__in=(OrganisationKind.POLICE_PREVENTION_SECRETARIAT, OrganisationKind.POLICE_UNIT),
        ).order_by("name")
    )
    return CooperationOrganisation(levels, cross, staff)


# --- Focus area coverage ------------------------------------------------------------------------------------


@dataclass
class FocusCoverageRow:
    area: FocusArea
    counts: list[int]  # initiatives per municipality, in the order of ``FocusCoverage.municipalities``

    @property
    def uncovered(self) -> int:
        return sum(1 for count in self.counts if count == 0)


@dataclass
class FocusCoverage:
    municipalities: list[Municipality]
    rows: list[FocusCoverageRow]


def focus_coverage(district: PoliceDistrict, year: int) -> FocusCoverage:
    """Which focus area of the year's cooperation plan has no initiative in which municipality's action plans.

    Uses the latest version's focus areas and counts planned initiatives by focus area key (3 queries).
    """
    version = (
        PlanVersion.objects.filter(plan__police_district=district, plan__year=year)
        .order_by("-number")
        .prefetch_related("focus_areas")
        .first()
    )
    municipalities = list(district.municipalities.order_by("name"))
    if version is None:
        return FocusCoverage(municipalities, [])
    counts: dict[tuple[int, str], int] = {}
    linked = PlannedInitiative.objects.filter(
        plan__year=year, plan__municipality__police_district=district
    ).values_list("plan__municipality_id", "focus_keys")
    for municipality_id, keys in linked:
        for key in keys:
            counts[(municipality_id, key)] = counts.get((municipality_id, key), 0) + 1
    rows = [
        FocusCoverageRow(area, [counts.get((m.pk, area.key), 0) for m in municipalities])
        for area in sorted(version.focus_areas.all(), key=lambda a: (a.scope != FocusScope.NATIONAL, a.order, a.pk))
    ]
    return FocusCoverage(municipalities, rows)


# --- Action plans -------------------------------------------------------------------------------------------


def action_plans_of(municipality: Municipality, *, year: int | None = None) -> QuerySet[ActionPlan]:
    """The municipality's action plans, newest year first; ``year`` narrows them to the plans of one year, those
    the dashboard's plan tile counts."""
    plans = municipality.action_plans.select_related("owner_forum").order_by("-year", "kind")
    return plans if year is None else plans.filter(year=year)


def district_action_plans(district: PoliceDistrict, year: int) -> QuerySet[ActionPlan]:
    """The action plans of ``year`` of the district's municipalities: those the district dashboard's plan tile
    counts (1 query)."""
    return (
        ActionPlan.objects.filter(municipality__police_district=district, year=year)
        .select_related("municipality", "owner_forum")
        .order_by("municipality__name", "kind")
    )


def action_plan_page(pk: int) -> ActionPlan:
    """An action plan with everything its page and exports show (8 queries)."""
    return get_object_or_404(
        ActionPlan.objects.select_related(
            "municipality", "municipality__police_district", "owner_forum", "adopted_in", "adoption_decision"
        ).prefetch_related(
            "figures",
            "priorities",
            "forums",
            Prefetch("planned_initiatives", queryset=PlannedInitiative.objects.select_related("initiative")),
            Prefetch("agreements", queryset=Agreement.objects.select_related("owner").order_by("due_on", "id")),
        ),
        pk=pk,
    )


def focus_titles(plan: ActionPlan) -> dict[str, str]:
    """The district's focus areas of the plan's year by key, from the latest plan version (1 query)."""
    version = (
        PlanVersion.objects.filter(plan__police_district_id=plan.municipality.police_district_id, plan__year=plan.year)
        .order_by("-number")
        .first()
    )
    if version is None:
        return {}
    return dict(version.focus_areas.values_list("key", "title"))


# --- Catalogue and class coverage ---------------------------------------------------------------------------


def catalogue(municipality: Municipality) -> QuerySet[Initiative]:
    return municipality.initiatives.order_by("status", "title")


@dataclass
class CoverageCell:
    initiative: Initiative
    delivery: InitiativeDelivery | None

    @property
    def taught(self) -> bool:
        return self.delivery is not None

    @property
    def parent_meeting(self) -> bool:
        return self.delivery is not None and self.delivery.parent_meeting_held


@dataclass
class CoverageClass:
    school_class: SchoolClass
    cells: list[CoverageCell]


@dataclass
class CoverageGrade:
    """One grade: the initiatives given in it and each class's deliveries of them."""

    grade: int
    initiatives: list[Initiative]
    classes: list[CoverageClass] = field(default_factory=list)

    def taught_count(self, index: int) -> int:
        return sum(1 for row in self.classes if row.cells[index].taught)

    @property
    def totals(self) -> list[tuple[Initiative, int, int, int]]:
        """Per initiative: classes taught, parent meetings held, classes not yet taught."""
        result = []
        for index, initiative in enumerate(self.initiatives):
            taught = self.taught_count(index)
            meetings = sum(1 for row in self.classes if row.cells[index].parent_meeting)
            result.append((initiative, taught, meetings, len(self.classes) - taught))
        return result


@dataclass
class ClassCoverage:
    municipality: Municipality
    school_year: int
    grades: list[CoverageGrade]


def class_coverage(municipality: Municipality, school_year: int, grades: list[int] | None = None) -> ClassCoverage:
    """Which schools and classes got which teaching and parent meeting in a school year, and which did not yet.

    Rows are the municipality's classes of the grades the active initiatives are given in (or ``grades``);
    columns are those initiatives; a cell is the class's delivery or nothing. Three queries.
    """
    initiatives = [
        i for i in municipality.initiatives.filter(status=InitiativeStatus.ACTIVE).order_by("title") if i.grades
    ]
    wanted = sorted({g for i in initiatives for g in i.grades} if grades is None else set(grades))
    classes = list(
        SchoolClass.objects.filter(school__municipality=municipality, school_year=school_year, grade__in=wanted)
        .select_related("school")
        .order_by("grade", "school__name", "letter")
    )
    deliveries = {
        (d.initiative_id, d.school_class_id): d
        for d in InitiativeDelivery.objects.filter(
            school_class__school__municipality=municipality, school_class__school_year=school_year
        )
    }
    result = []
    for grade in wanted:
        given = [i for i in initiatives if grade in i.grades]
        block = CoverageGrade(grade, given)
        for school_class in (c for c in classes if c.grade == grade):
            block.classes.append(
                CoverageClass(school_class, [CoverageCell(i, deliveries.get((i.pk, school_class.pk))) for i in given])
            )
        result.append(block)
    return ClassCoverage(municipality, school_year, result)


@dataclass(frozen=True)
class Delivered:
    """One initiative's deliveries in a school year: the classes that got it, whatever its status is now."""

    title: str
    grades: list[int]
    status: str  # the initiative's status now, as shown
    classes: int
    municipality: str


def delivered_in_school_year(municipality_ids: Iterable[int] | QuerySet[Any], school_year: int) -> list[Delivered]:
    """Every initiative of the municipalities delivered to a class of the school year, with the number of classes;
    one grouped query. The dashboard's initiatives figure is their sum and the coverage page lists them, so a
    Lokalråd reads the same classes in both, also those of an initiative retired since or given outside its grades."""
    # A district's municipalities come as a subquery, so the district overview pays one query for its table.
    ids = municipality_ids if isinstance(municipality_ids, QuerySet) else list(municipality_ids)
    rows = (
        InitiativeDelivery.objects.filter(initiative__municipality_id__in=ids, school_class__school_year=school_year)
        .values(
            "initiative_id",
            "initiative__title",
            "initiative__grades",
            "initiative__status",
            "initiative__municipality__name",
        )
        .annotate(classes=Count("id"))
        .order_by("initiative__municipality__name", "initiative__title", "initiative_id")
    )
    return [
        Delivered(
            row["initiative__title"],
            row["initiative__grades"] or [],
            str(InitiativeStatus(row["initiative__status"]).label),
            row["classes"],
            row["initiative__municipality__name"],
        )
        for row in rows
    ]


def schools_of(municipality: Municipality) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality=municipality, kind=OrganisationKind.SCHOOL).order_by("name")


# --- Statutory plans ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewStatus:
    plan: StatutoryPlan
    due_on: date
    days_left: int
    warning: bool
    overdue: bool


def review_status(plan: StatutoryPlan, *, today: date) -> ReviewStatus:
    """When the plan must be evaluated again, and whether to warn (inside ``warn_days``) or it is overdue."""
    due = review_due(plan.last_reviewed_on, plan.review_interval_years)
    days_left = (due - today).days
    return ReviewStatus(plan, due, days_left, 0 <= days_left <= plan.warn_days, days_left < 0)


def statutory_plans(municipality: Municipality, *, today: date) -> list[ReviewStatus]:
    return [review_status(plan, today=today) for plan in municipality.statutory_plans.order_by("kind", "title")]


def coordinated_plans(district: PoliceDistrict, year: int) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(
        municipality__police_district=district, year=year, kind=ActionPlanKind.COORDINATED
    ).select_related("municipality")


def classes_of(municipality: Municipality, school_year: int) -> QuerySet[SchoolClass]:
    return (
        SchoolClass.objects.filter(school__municipality=municipality, school_year=school_year)
        .select_related("school")
        .order_by("school__name", "grade", "letter")
    )


# --- Trends and projects ------------------------------------------------------------------------------------


def trends_of(district: PoliceDistrict) -> QuerySet[Trend]:
    return (
        Trend.objects.filter(police_district=district).select_related("project", "raised_in").order_by("-since", "-id")
    )


def project_page(pk: int) -> Project:
    """A project with its trend, members and steps (who, when, which meeting) (3 queries)."""
    return get_object_or_404(
        Project.objects.select_related(
            "trend", "trend__police_district", "trend__raised_in", "approval_item", "approval_item__meeting"
        ).prefetch_related(
            "members",
            Prefetch(
                "steps",
                queryset=ProjectStep.objects.select_related("decided_by", "meeting", "meeting__forum").order_by(
                    "decided_at", "id"
                ),
            ),
        ),
        pk=pk,
    )
