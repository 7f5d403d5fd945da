"""Insight's own dashboard tiles: the survey and the concerns. Each provider reads aggregates only (a fixed number
of queries, whatever the data size) and publishes every count of people through ``publish_counts``. The other
capabilities (meetings, plans, intake, case work) register their tiles in their own ``ready()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.concerns.models import ConcernSource
from ssp.concerns.selectors import concerns_opened_in_year
from ssp.insight.models import Question, QuestionKind, SurveyWave
from ssp.insight.registry import Scope, Tile, counts_tile, register
from ssp.insight.selectors import trends
from ssp.lib.charts import line_chart, value
from ssp.privacy.figures import Records

if TYPE_CHECKING:
    from ssp.accounts.models import User


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
            # The figure counts the waves, so it links to the list of them (the dashboard's own), not to one wave.
            link=f"{reverse('insight:municipality', args=[latest.municipality.slug])}#runder",
            records=Records.SURVEY,
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
            link=_cases_opened_in(scope, year),
            records=Records.CASES,
        )
    ]


def _cases_opened_in(scope: Scope, year: int) -> str | None:
    """The concern list filtered to the cases the tile counts: opened in ``year`` in the scope's municipality, or in
    the police district's municipalities (a reader sees the rows of those their relations open). A scope without a
    slug has no list to filter to."""
    if not scope.slug:
        return None
    area = {"municipality": scope.slug} if scope.municipality_slug else {"police_district": scope.slug}
    return f"{reverse('concerns:mine')}?{urlencode({'opened_year': year, **area})}"


def register_all() -> None:
    register("survey", survey_tiles, order=40)
    register("concerns", concerns_tiles, order=45)
