"""Horsens' coordinated action plan (seed 003 § 6.1): adopted at the Lokalråd's January meeting, who does what as
the meeting's agreements, linked to the district's focus areas, evaluated at year end, copied for next year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ssp.meetings.models import Agreement, Meeting
from ssp.plans import services
from ssp.plans.models import (
    ActionPlan,
    ActionPlanKind,
    ActionPlanStatus,
    FocusArea,
    FocusScope,
    Initiative,
    MilestoneKind,
    PlannedStatus,
    PreventionForm,
    TriangleLevel,
)
from ssp.plans.selectors import focus_coverage
from ssp.plans.tests.conftest import Sydost

pytestmark = pytest.mark.django_db
YEAR = 2027


@pytest.fixture
def plan(sydost: Sydost) -> ActionPlan:
    version = services.start_cooperation_plan(sydost.district, year=YEAR, actor=sydost.secretariat)
    for key, scope, title in (
        ("tryghed", FocusScope.NATIONAL, "Tryghed"),
        ("indbrud", FocusScope.NATIONAL, "Indbrud i privat beboelse"),
        ("panther-i", FocusScope.LOCAL, "PANTHER I (Pre-entry)"),
    ):
        services.save_focus_area(
            FocusArea(version=version, key=key, scope=scope, title=title), actor=sydost.secretariat
        )
    return services.create_action_plan(
        sydost.horsens,
        actor=sydost.consultant,
        year=YEAR,
        kind=ActionPlanKind.COORDINATED,
        title=f"Samordnet handlingsplan {YEAR}",
        owner_forum=sydost.lokalraad,
    )


def _initiative(sydost: Sydost, title: str) -> Initiative:
    return services.save_initiative(
        Initiative(
            municipality=sydost.horsens,
            title=title,
            triangle_level=TriangleLevel.CRIME_PREVENTIVE,
            prevention_form=PreventionForm.SPECIFIC,
        ),
        actor=sydost.consultant,
    )


def test_focus_coverage_shows_which_focus_area_has_no_initiative_where(sydost: Sydost, plan: ActionPlan) -> None:
    services.add_planned_initiative(
        plan,
        actor=sydost.consultant,
        initiative=_initiative(sydost, "Tryghedsvandring"),
        focus_keys=["tryghed"],
        evaluation_method="",
    )
    services.add_planned_initiative(
        plan,
        actor=sydost.consultant,
        initiative=_initiative(sydost, "Bekymringssamtaler"),
        focus_keys=["tryghed", "panther-i"],
        evaluation_method="",
    )
    coverage = focus_coverage(sydost.district, YEAR)
    horsens = [m.name for m in coverage.municipalities].index("Horsens")
    counts = {row.area.key: row.counts[horsens] for row in coverage.rows}
    assert counts == {"tryghed": 2, "indbrud": 0, "panther-i": 1}
    assert {row.area.key: row.uncovered for row in coverage.rows} == {"tryghed": 6, "indbrud": 7, "panther-i": 6}
    with pytest.raises(ValidationError, match="Ukendte fokusområder"):
        services.add_planned_initiative(
            plan,
            actor=sydost.consultant,
            initiative=_initiative(sydost, "Andet"),
            focus_keys=["trafik"],
            evaluation_method="",
        )


def test_adoption_evaluation_and_next_years_copy(
    sydost: Sydost, plan: ActionPlan, meeting_of: Callable[..., Meeting]
) -> None:
    services.generate_cycle(sydost.district, year=YEAR, actor=sydost.secretariat)
    services.add_priority(plan, actor=sydost.consultant, title="Indbrud", why="Flest anmeldelser i kredsen.")
    services.add_crime_figure(plan, actor=sydost.consultant, label="Indbrud i beboelse", value=412, previous_value=455)
    planned = services.add_planned_initiative(
        plan,
        actor=sydost.consultant,
        initiative=_initiative(sydost, "Nabohjælp"),
        focus_keys=["indbrud"],
        evaluation_method="Antal tilmeldte",
    )
    with pytest.raises(ValidationError, match="vedtages på et møde"):
        services.adopt_action_plan(plan, actor=sydost.manager, meeting=meeting_of(sydost.council), decision="Vedtaget")
    meeting = meeting_of(sydost.lokalraad)
    services.adopt_action_plan(plan, actor=sydost.manager, meeting=meeting, decision="Lokalrådet vedtager planen.")
    agreement = services.add_plan_agreement(
        plan,
        actor=sydost.consultant,
        what="Kontakt grundejerforeninger",
        owner=sydost.consultant,
        due_on=date(YEAR, 3, 1),
    )

    assert plan.status == ActionPlanStatus.ADOPTED and plan.adoption_decision is not None
    assert Agreement.objects.get(meeting=meeting) == agreement and list(plan.agreements.all()) == [agreement]
    milestone = sydost.district.annual_cycles.get(year=YEAR).milestones.get(
        kind=MilestoneKind.ACTION_PLAN_ADOPTED, municipality=sydost.horsens
    )
    assert milestone.done_on == plan.adopted_on
    with pytest.raises(ValidationError, match="vedtaget"):
        services.add_priority(plan, actor=sydost.consultant, title="Ny", why="Ny")
    services.update_initiative_status(
        planned, actor=sydost.consultant, status=PlannedStatus.DONE, evaluation="120 husstande."
    )
    services.evaluate_action_plan(plan, actor=sydost.manager, evaluation="Færre indbrud.")

    copy = services.copy_action_plan(plan, actor=sydost.consultant)
    assert (copy.year, copy.status, copy.previous) == (YEAR + 1, ActionPlanStatus.DRAFT, plan)
    assert copy.title == f"Samordnet handlingsplan {YEAR + 1}"
    figure = copy.figures.get()
    assert (figure.label, figure.previous_value) == ("Indbrud i beboelse", 412)
    copied = copy.planned_initiatives.get()
    assert (copied.focus_keys, copied.status, copied.evaluation) == (["indbrud"], PlannedStatus.PLANNED, "")
    assert not copy.agreements.exists() and copy.priorities.count() == 1


def test_a_draft_s_figures_and_priorities_are_edited_and_removed(sydost: Sydost, plan: ActionPlan) -> None:
    figure = services.add_crime_figure(plan, actor=sydost.consultant, label="Indbrud", value=412)
    priority = services.add_priority(plan, actor=sydost.consultant, title="Indbrud", why="Mange")

    services.update_crime_figure(figure, actor=sydost.consultant, label="Indbrud i beboelse", value=400, source="DST")
    services.update_priority(priority, actor=sydost.consultant, title="Indbrud", why="Flest anmeldelser.")
    assert (plan.figures.get().label, plan.figures.get().value) == ("Indbrud i beboelse", 400)
    assert plan.priorities.get().why == "Flest anmeldelser."

    services.remove_crime_figure(figure, actor=sydost.consultant)
    services.remove_priority(priority, actor=sydost.consultant)
    assert not plan.figures.exists() and not plan.priorities.exists()


def test_an_adopted_plan_keeps_its_figures_and_priorities(
    sydost: Sydost, plan: ActionPlan, meeting_of: Callable[..., Meeting]
) -> None:
    figure = services.add_crime_figure(plan, actor=sydost.consultant, label="Indbrud", value=412)
    priority = services.add_priority(plan, actor=sydost.consultant, title="Indbrud", why="Mange")
    services.adopt_action_plan(plan, actor=sydost.manager, meeting=meeting_of(sydost.lokalraad), decision="Vedtaget")
    figure.plan.refresh_from_db()
    priority.plan.refresh_from_db()

    for refused in (
        lambda: services.update_crime_figure(figure, actor=sydost.consultant, label="Ændret", value=1),
        lambda: services.remove_crime_figure(figure, actor=sydost.consultant),
        lambda: services.update_priority(priority, actor=sydost.consultant, title="Ændret", why="Få"),
        lambda: services.remove_priority(priority, actor=sydost.consultant),
    ):
        with pytest.raises(ValidationError, match="vedtaget"):
            refused()

    assert plan.figures.get().label == "Indbrud" and plan.priorities.get().title == "Indbrud"
