"""Plans at national scale: 98 municipalities × 10 years of plans and 50,000 deliveries.

Data (kept between runs and topped up): for each of the 12 police districts and each year an annual cycle with its
milestones and a cooperation plan with ten focus areas; for each municipality and year a coordinated action plan
with three priorities and five initiatives linked to focus areas; per municipality a catalogue of ten initiatives,
ten schools with three classes in grades 4 and 8 for five school years, and deliveries of the two teaching
initiatives to 85 % of the classes (≈ 50,000 deliveries).

Figures: median and p95 server time, query count and ratio to the bare view of the coverage page (one
municipality's school year), the district overview (which municipality is late, and the focus areas' coverage),
the annual cycle page and the catalogue, against the floor (``harness.floor``: Django's stock middleware); the coverage page's query count is also taken for a municipality with a
school year of two classes and must be the same. ``BENCH_PLANS_MUNICIPALITIES=10`` runs a small trial.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

from django.urls import reverse

from bench import harness
from ssp.accounts.models import StaffRole, User
from ssp.plans.models import (
    ActionPlan,
    ActionPlanKind,
    ActionPlanStatus,
    AnnualCycle,
    CaseAreaPriority,
    CooperationPlan,
    FocusArea,
    FocusScope,
    Initiative,
    InitiativeDelivery,
    Milestone,
    MilestoneKind,
    PlannedInitiative,
    PlanVersion,
    PreventionForm,
    SchoolClass,
    TriangleLevel,
    VersionStatus,
)
from ssp.structure.models import Forum, ForumKind, Municipality, Organisation, OrganisationKind, PoliceDistrict

YEARS = range(2017, 2027)
SCHOOL_YEARS = range(2021, 2026)
SCHOOLS = 10
CLASSES_PER_GRADE = 3
FOCUS_KEYS = [f"fokus-{n}" for n in range(10)]
TEACHING = {
    4: ("Undervisning 4. klasse", "Forældremøde 4. klasse"),
    8: ("Undervisning 8. klasse", "Kender du de andre? 8."),
}
MEASURED_YEAR, MEASURED_SCHOOL_YEAR = 2026, 2025


def _municipalities() -> list[Municipality]:
    limit = int(os.environ.get("BENCH_PLANS_MUNICIPALITIES", "98"))
    return list(Municipality.objects.select_related("police_district").order_by("code")[:limit])


def _district_plans(districts: list[PoliceDistrict], municipalities: list[Municipality]) -> None:
    for district in districts:
        members = [m for m in municipalities if m.police_district_id == district.pk]
        for year in YEARS:
            if AnnualCycle.objects.filter(police_district=district, year=year).exists():
                continue
            annual = AnnualCycle.objects.create(police_district=district, year=year)
            rows = [
                Milestone(
                    cycle=annual,
                    kind=MilestoneKind.PLAN_APPROVED,
                    due_on=date(year - 1, 12, 10),
                    done_on=date(year - 1, 12, 10),
                ),
                Milestone(
                    cycle=annual, kind=MilestoneKind.PLAN_IN_FORCE, due_on=date(year, 1, 1), done_on=date(year, 1, 1)
                ),
            ]
            for n, m in enumerate(members):
                late = n % 4 == 0  # every fourth municipality is late with its adoption
                rows += [
                    Milestone(
                        cycle=annual,
                        kind=MilestoneKind.ACTION_PLAN_ADOPTED,
                        municipality=m,
                        due_on=date(year, 1, 16),
                        done_on=None if late else date(year, 1, 16),
                    ),
                    Milestone(
                        cycle=annual, kind=MilestoneKind.CONFERENCE_HELD, municipality=m, due_on=date(year, 10, 1)
                    ),
                    Milestone(
                        cycle=annual, kind=MilestoneKind.YEAR_END_EVALUATION, municipality=m, due_on=date(year, 12, 31)
                    ),
                ]
            Milestone.objects.bulk_create(rows)
            plan = CooperationPlan.objects.create(police_district=district, year=year)
            version = PlanVersion.objects.create(
                plan=plan, number=1, status=VersionStatus.DRAFT, introduction="Indledning", strategy="Strategi"
            )
            FocusArea.objects.bulk_create(
                FocusArea(
                    version=version,
                    key=key,
                    scope=FocusScope.NATIONAL if n < 8 else FocusScope.LOCAL,
                    title=f"Fokusområde {n}",
                    order=n,
                )
                for n, key in enumerate(FOCUS_KEYS)
            )


def _catalogue(municipality: Municipality) -> list[Initiative]:
    existing = list(municipality.initiatives.order_by("pk"))
    if existing:
        return existing
    rows = [
        Initiative(
            municipality=municipality,
            title=title,
            triangle_level=TriangleLevel.PREVENTIVE,
            prevention_form=PreventionForm.GENERAL,
            grades=[grade],
            has_parent_meeting=True,
        )
        for grade, titles in TEACHING.items()
        for title in titles
    ]
    rows += [
        Initiative(
            municipality=municipality,
            title=f"Indsats {n}",
            triangle_level=TriangleLevel.CRIME_PREVENTIVE,
            prevention_form=PreventionForm.SPECIFIC,
        )
        for n in range(6)
    ]
    return Initiative.objects.bulk_create(rows)


def _action_plans(municipality: Municipality, initiatives: list[Initiative]) -> None:
    if municipality.action_plans.exists():
        return
    forum = Forum.objects.get(municipality=municipality, kind=ForumKind.LOCAL_COUNCIL)
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            municipality=municipality,
            year=year,
            kind=ActionPlanKind.COORDINATED,
            title=f"Samordnet handlingsplan {year}",
            owner_forum=forum,
            status=ActionPlanStatus.ADOPTED,
            adopted_on=date(year, 1, 16),
            crime_analysis="Analyse",
        )
        for year in YEARS
    )
    CaseAreaPriority.objects.bulk_create(
        CaseAreaPriority(plan=p, title=f"Område {n}", why="Fordi", order=n) for p in plans for n in range(3)
    )
    # Five initiatives per plan, each linked to two focus areas; every municipality leaves one focus area uncovered.
    skip = FOCUS_KEYS[int(municipality.code) % len(FOCUS_KEYS)]
    keys = [k for k in FOCUS_KEYS if k != skip]
    PlannedInitiative.objects.bulk_create(
        PlannedInitiative(
            plan=p, initiative=initiatives[n], focus_keys=[keys[(2 * n) % len(keys)], keys[(2 * n + 1) % len(keys)]]
        )
        for p in plans
        for n in range(5)
    )


def _schools_and_deliveries(municipality: Municipality, initiatives: list[Initiative]) -> None:
    if SchoolClass.objects.filter(school__municipality=municipality).exists():
        return
    schools = list(
        Organisation.objects.filter(
            municipality=municipality, kind=OrganisationKind.SCHOOL, name__startswith="Benchskole"
        )
    )
    if not schools:
        schools = Organisation.objects.bulk_create(
            Organisation(name=f"Benchskole {n:02d}", kind=OrganisationKind.SCHOOL, municipality=municipality)
            for n in range(SCHOOLS)
        )
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(school=school, school_year=year, grade=grade, letter=letter)
        for school in schools
        for year in SCHOOL_YEARS
        for grade in TEACHING
        for letter in "ABC"[:CLASSES_PER_GRADE]
    )
    by_grade = {grade: [i for i in initiatives if i.grades == [grade]] for grade in TEACHING}
    deliveries = []
    for n, school_class in enumerate(classes):
        for m, initiative in enumerate(by_grade[school_class.grade]):
            if (n + m) % 7 == 0:  # about one in seven classes has not had it yet
                continue
            deliveries.append(
                InitiativeDelivery(
                    initiative=initiative,
                    school_class=school_class,
                    delivered_on=date(school_class.school_year, 9, 1) + timedelta(days=n % 200),
                    delivered_by="SSP",
                    participants=20 + n % 8,
                    parent_meeting_held=n % 3 != 0,
                )
            )
    InitiativeDelivery.objects.bulk_create(deliveries, batch_size=5000)


def _user(municipality: Municipality) -> User:
    user, _created = User.objects.get_or_create(
        username="bench.plans", defaults={"role": StaffRole.SSP_CONSULTANT, "municipality": municipality}
    )
    return user


SMALL_SCHOOL_YEAR = 2020


def _small_school_year(municipality: Municipality) -> None:
    """A school year with one class per grade: the coverage page's query count must be the same as for 300."""
    if SchoolClass.objects.filter(school__municipality=municipality, school_year=SMALL_SCHOOL_YEAR).exists():
        return
    school = Organisation.objects.filter(municipality=municipality, kind=OrganisationKind.SCHOOL).first()
    assert school is not None
    for grade in TEACHING:
        SchoolClass.objects.create(school=school, school_year=SMALL_SCHOOL_YEAR, grade=grade, letter="A")


def main() -> None:
    harness.prepare_database()
    municipalities = _municipalities()
    _district_plans(list(PoliceDistrict.objects.order_by("pk")), municipalities)
    for municipality in municipalities:
        initiatives = _catalogue(municipality)
        _action_plans(municipality, initiatives)
        _schools_and_deliveries(municipality, initiatives)
    harness.figure("plans.municipalities", len(municipalities), "municipalities")
    harness.figure("plans.action_plans", ActionPlan.objects.count(), "plans")
    harness.figure("plans.milestones", Milestone.objects.count(), "milestones")
    harness.figure("plans.deliveries", InitiativeDelivery.objects.count(), "deliveries")
    municipality = municipalities[0]
    user = _user(municipality)
    client = harness.logged_in_client(user)
    bare = harness.floor(user)
    harness.report("plans.floor", bare, bare)
    district = municipality.police_district.slug
    pages = {
        "coverage_page": reverse("plans:coverage", args=[municipality.slug]) + f"?skoleaar={MEASURED_SCHOOL_YEAR}",
        "district_overview": reverse("plans:overview", args=[district, MEASURED_YEAR]),
        "annual_cycle": reverse("plans:cycle", args=[district, MEASURED_YEAR]),
        "catalogue": reverse("plans:catalogue", args=[municipality.slug]),
    }
    measured = {}
    for name, url in pages.items():
        measured[name] = harness.measure(client, url)
        harness.report(f"plans.{name}", measured[name], bare)
    _small_school_year(municipality)
    small_coverage = harness.measure(
        client, reverse("plans:coverage", args=[municipality.slug]) + f"?skoleaar={SMALL_SCHOOL_YEAR}", rounds=3
    )
    harness.figure("plans.coverage_page.queries_two_classes", small_coverage.queries, "queries")
    if small_coverage.queries != measured["coverage_page"].queries:
        raise SystemExit("The coverage page's query count depends on the data size.")
