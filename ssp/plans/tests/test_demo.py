"""The plans demo on top of the structure and concerns demo: the seeds' plans, safe to run again."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest

from ssp.concerns import demo as concerns_demo
from ssp.plans import demo as plans_demo
from ssp.plans.models import (
    ActionPlan,
    ActionPlanStatus,
    CooperationPlan,
    Initiative,
    InitiativeDelivery,
    InitiativeStatus,
    Project,
    StatutoryPlan,
    VersionStatus,
)
from ssp.plans.selectors import class_coverage
from ssp.structure import demo as structure_demo
from ssp.structure.models import Municipality

pytestmark = pytest.mark.django_db


def test_demo_holds_the_seeds_plans_and_a_second_run_adds_nothing() -> None:
    structure_demo.load(password="demo-pass-123", stdout=StringIO())
    concerns_demo.load(password="demo-pass-123", stdout=StringIO())
    plans_demo.load(password="demo-pass-123", stdout=StringIO())

    plan = CooperationPlan.objects.get(police_district__slug="sydoestjyllands-politi", year=2017)
    version = plan.versions.get()
    assert version.status == VersionStatus.APPROVED and version.approved_on is not None
    assert (version.approved_on.year, version.approved_on.month) == (2016, 12)
    assert version.approved_in is not None and version.approved_in.forum.kind == "district_council"
    keys = set(version.focus_areas.values_list("key", flat=True))
    assert {"tryghed", "indbrud", "panther-i", "panther-ii"} <= keys and len(keys) == 10

    horsens = ActionPlan.objects.get(municipality__code="615", year=2017)
    assert horsens.status == ActionPlanStatus.ADOPTED and horsens.adopted_on is not None
    assert horsens.adopted_on.month == 1 and horsens.planned_initiatives.count() == 4

    guldborgsund = Initiative.objects.filter(municipality__code="376")
    assert guldborgsund.count() == 10
    assert (
        guldborgsund.get(title__startswith="»Kender du de andre?«").duration
        == "Fire lektioner og et forældremøde på to timer"
    )
    assert guldborgsund.get(title="Børn og unges liv på nettet").status == InitiativeStatus.IN_PREPARATION

    holstebro = Municipality.objects.get(code="661")
    first = InitiativeDelivery.objects.filter(initiative__municipality=holstebro).select_related("school_class").first()
    assert first is not None
    coverage = class_coverage(holstebro, first.school_class.school_year)
    assert [block.grade for block in coverage.grades] == [4, 8]
    assert all(0 < total[1] < len(block.classes) for block in coverage.grades for total in block.totals)
    assert StatutoryPlan.objects.filter(municipality=holstebro).count() == 2
    project = Project.objects.get(trend__police_district__slug="midt-og-vestjyllands-politi")
    assert project.deadline is not None and project.deadline > date.today()

    counts = (
        CooperationPlan.objects.count(),
        ActionPlan.objects.count(),
        Initiative.objects.count(),
        InitiativeDelivery.objects.count(),
    )
    plans_demo.load(password="demo-pass-123", stdout=StringIO())
    assert (
        CooperationPlan.objects.count(),
        ActionPlan.objects.count(),
        Initiative.objects.count(),
        InitiativeDelivery.objects.count(),
    ) == counts
