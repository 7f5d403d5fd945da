"""Dashboard tiles for the capabilities on main today: meetings, plans (initiatives, coverage, action plans) and the
survey. Each provider reads aggregates only (one or two grouped queries, whatever the data size) and publishes every
count of people through ``publish_counts``.

The meetings and plans providers live here until those apps register their own in their ``ready()`` (the lead moves
them at merge time); the survey provider is insight's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.concerns.models import ConcernSource
from ssp.concerns.selectors import concerns_opened_in_year
from ssp.insight.models import Question, QuestionKind, SurveyWave
from ssp.insight.registry import Scope, Tile, counts_tile, register
from ssp.insight.selectors import trends
from ssp.lib.charts import bar_chart, line_chart, value
from ssp.meetings.models import ItemAttendance, Meeting, MeetingStatus
from ssp.plans.models import ActionPlan, ActionPlanStatus, InitiativeDelivery, SchoolClass
from ssp.structure.models import Municipality

if TYPE_CHECKING:
    from ssp.accounts.models import User


def _school_year_start() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def meetings_tiles(scope: Scope, user: User) -> list[Tile]:
    year = timezone.localdate().year
    in_scope = Q(forum__municipality_id__in=scope.municipality_ids) | Q(
        forum__member_municipalities__in=scope.municipality_ids
    )
    statuses = dict(
        Meeting.objects.filter(in_scope, starts_at__year=year)
        .values_list("status")
        .annotate(n=Count("id", distinct=True))
        .values_list("status", "n")
    )
    attended = (
        ItemAttendance.objects.filter(
            Q(item__meeting__forum__municipality_id__in=scope.municipality_ids), item__meeting__starts_at__year=year
        )
        .values("item__meeting_id", "user_id")
        .distinct()
        .count()
    )
    held = statuses.get(MeetingStatus.HELD, 0)
    bars = [(str(label), value(statuses.get(status, 0))) for status, label in MeetingStatus.choices]
    chart = bar_chart(_("Møder %(year)d") % {"year": year}, _("Møder efter status i året"), bars)
    link = None
    if len(scope.municipality_ids) == 1 and user.municipality_id == scope.municipality_ids[0]:
        link = reverse("meetings:municipality", args=[Municipality.objects.get(pk=scope.municipality_ids[0]).slug])
    return [
        Tile(
            key="meetings",
            title=_("Møder afholdt"),
            number=str(held),
            caption=_("%(attended)d fremmøder registreret på årets møder") % {"attended": attended},
            chart=chart,
            link=link,
        )
    ]


def initiatives_tiles(scope: Scope, user: User) -> list[Tile]:
    school_year = _school_year_start()
    deliveries = (
        InitiativeDelivery.objects.filter(
            initiative__municipality_id__in=scope.municipality_ids, school_class__school_year=school_year
        )
        .values("initiative__title", "initiative__grades")
        .annotate(classes=Count("id"))
        .order_by("initiative__title")
    )
    classes_by_grade = dict(
        SchoolClass.objects.filter(school__municipality_id__in=scope.municipality_ids, school_year=school_year)
        .values_list("grade")
        .annotate(n=Count("id"))
        .values_list("grade", "n")
    )
    bars = []
    for row in deliveries:
        eligible = sum(classes_by_grade.get(grade, 0) for grade in row["initiative__grades"] or [])
        coverage = f" ({100 * row['classes'] / eligible:.0f} %)" if eligible else ""
        bars.append((row["initiative__title"], value(row["classes"], f"{row['classes']}{coverage}")))
    total = sum(row["classes"] for row in deliveries)
    chart = bar_chart(
        _("Gennemførte indsatser"), _("Klasser, der har fået indsatsen i skoleåret, og dækning af klassetrinnet"), bars
    )
    return [
        Tile(
            key="initiatives",
            title=_("Indsatser gennemført"),
            number=str(total),
            caption=_("klasser i skoleåret %(start)d/%(end)d") % {"start": school_year, "end": school_year + 1},
            chart=chart,
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
        )
    ]


def survey_tiles(scope: Scope, user: User) -> list[Tile]:
    """The municipality's own-behaviour shares over its waves (a district dashboard has no survey tile: the
    figures belong to each municipality)."""
    if len(scope.municipality_ids) != 1:
        return []
    waves = list(SurveyWave.objects.filter(municipality_id=scope.municipality_ids[0]).select_related("municipality"))
    if not waves:
        return []
    questions = list(Question.objects.filter(kind=QuestionKind.OWN, perceived__isnull=False).order_by("order"))
    by_question = trends(waves, questions)
    series = [
        (question.short, [value(p.share.percent, p.share.label) for p in by_question[question.pk]])
        for question in questions
    ]
    years = [str(wave.year) for wave in sorted(waves, key=lambda w: w.year)]
    chart = line_chart(
        _("Ungeprofilundersøgelsen"), _("Andel af eleverne i 7.-9. klasse, runde for runde"), years, series
    )
    latest = max(waves, key=lambda w: w.year)
    respondents = by_question[questions[0].pk][-1].share.respondents if questions else "0"
    return [
        Tile(
            key="survey",
            title=_("Ungeprofilundersøgelsen"),
            number=str(len(waves)),
            caption=_("runder; %(n)s besvarelser i %(year)d") % {"n": respondents, "year": latest.year},
            chart=chart,
            link=reverse("insight:wave", args=[latest.pk]),
        )
    ]


def concerns_tiles(scope: Scope, user: User) -> list[Tile]:
    """Concerns opened in the year by where the worry came from (one grouped query)."""
    year = timezone.localdate().year
    by_source = dict(
        concerns_opened_in_year(list(scope.municipality_ids), year)
        .values_list("source")
        .annotate(n=Count("pk"))
        .values_list("source", "n")
    )
    counts = {str(source.label): by_source.get(source.value, 0) for source in ConcernSource}
    return [
        counts_tile(
            "concerns",
            _("Bekymringer"),
            _("sager oprettet i %(year)d") % {"year": year},
            _("Nye sager efter, hvor bekymringen kom fra"),
            counts,
        )
    ]


def register_all() -> None:
    register("meetings", meetings_tiles, order=10)
    register("initiatives", initiatives_tiles, order=20)
    register("plans", plan_tiles, order=30)
    register("survey", survey_tiles, order=40)
    register("concerns", concerns_tiles, order=45)
