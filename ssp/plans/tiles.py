"""The plans' dashboard tiles (``ssp.insight.registry``): initiatives delivered with the coverage of the grades
they are meant for, and the action plans' status, for a municipality or a police district's municipalities, in
one or two grouped queries each. No citizen data; the links (coverage, action plans, the district's overview) are
kept only for staff serving the scope (``ssp.privacy.figures``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.insight.registry import Scope, Tile, register
from ssp.lib.charts import bar_chart, value
from ssp.plans import selectors
from ssp.plans.cycle import school_year_of
from ssp.plans.models import ActionPlan, ActionPlanStatus, SchoolClass
from ssp.privacy.figures import Records

if TYPE_CHECKING:
    from ssp.accounts.models import User


def _link(scope: Scope, municipality_page: str) -> str | None:
    """The municipality's own page, or the district's overview of the year for a district dashboard."""
    if not scope.slug:
        return None
    if scope.municipality_slug:
        return reverse(municipality_page, args=[scope.slug])
    return reverse("plans:overview", args=[scope.slug, timezone.localdate().year])


def _plans_of_year(scope: Scope, year: int) -> str | None:
    """The list of the action plans the tile counts: the municipality's plans of ``year``, or the table of the
    district's municipalities' plans on its overview of the year."""
    link = _link(scope, "plans:action_plans")
    if link is None:
        return None
    return f"{link}?aar={year}" if scope.municipality_slug else f"{link}#handlingsplaner"


def _delivered(scope: Scope, school_year: int) -> str | None:
    """The list of the school year's deliveries that adds up to the figure: the municipality's coverage page, or the
    district overview's table of its municipalities' deliveries."""
    query = f"?skoleaar={school_year}#gennemfoert"
    if scope.municipality_slug:
        return f"{reverse('plans:coverage', args=[scope.municipality_slug])}{query}"
    link = _link(scope, "plans:action_plans")
    return None if link is None else f"{link}{query}"


def initiatives_tiles(scope: Scope, user: User) -> list[Tile]:
    school_year = school_year_of(timezone.localdate())
    deliveries = selectors.delivered_in_school_year(scope.municipality_ids, school_year)
    classes_by_grade = dict(
        SchoolClass.objects.filter(school__municipality_id__in=scope.municipality_ids, school_year=school_year)
        .values_list("grade")
        .annotate(n=Count("id"))
        .values_list("grade", "n")
    )
    bars = []
    for row in deliveries:
        eligible = sum(classes_by_grade.get(grade, 0) for grade in row.grades)
        coverage = f" ({100 * row.classes / eligible:.0f} %)" if eligible else ""
        bars.append((row.title, value(row.classes, f"{row.classes}{coverage}")))
    chart = bar_chart(
        _("Gennemførte indsatser"), _("Klasser, der har fået indsatsen i skoleåret, og dækning af klassetrinnet"), bars
    )
    return [
        Tile(
            key="initiatives",
            title=_("Indsatser gennemført"),
            number=str(sum(row.classes for row in deliveries)),
            caption=_("klasser i skoleåret %(start)d/%(end)d") % {"start": school_year, "end": school_year + 1},
            chart=chart,
            link=_delivered(scope, school_year),
            records=Records.PLANS,
        )
    ]


def plan_tiles(scope: Scope, user: User) -> list[Tile]:
    year = timezone.localdate().year
    statuses = dict(
        ActionPlan.objects.filter(municipality_id__in=scope.municipality_ids, year=year)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    bars = [(str(label), value(statuses.get(status, 0))) for status, label in ActionPlanStatus.choices]
    adopted = statuses.get(ActionPlanStatus.ADOPTED, 0) + statuses.get(ActionPlanStatus.EVALUATED, 0)
    return [
        Tile(
            key="plans",
            title=_("Handleplaner vedtaget"),
            number=f"{adopted}/{sum(statuses.values())}",
            caption=_("handleplaner for %(year)d") % {"year": year},
            chart=bar_chart(_("Handleplaner %(year)d") % {"year": year}, _("Handleplaner efter status"), bars),
            link=_plans_of_year(scope, year),
            records=Records.PLANS,
        )
    ]


def register_tiles() -> None:
    register("initiatives", initiatives_tiles, order=20)
    register("plans", plan_tiles, order=30)
