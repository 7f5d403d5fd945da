"""The intake's dashboard tile (``ssp.insight.registry``): intakes (henvendelser) read in this year, by source,
for a municipality or a police district's municipalities, in one grouped query. Counts go through
``ssp.lib.disclosure.publish_counts``; the tile holds no citizen data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.insight.registry import Scope, Tile, counts_tile, register
from ssp.intake.models import Intake
from ssp.intake.report import ReportSource
from ssp.privacy.figures import Records

if TYPE_CHECKING:
    from ssp.accounts.models import User


def _link(scope: Scope, year: int) -> str | None:
    """The list of the intakes the figure counts: its year and area, filters that name no one. A scope without a
    slug has no list to filter to."""
    if not scope.slug:
        return None
    area = {"municipality": scope.slug} if scope.municipality_slug else {"police_district": scope.slug}
    return f"{reverse('intake:intake_list')}?{urlencode({'received_year': year, **area})}"


def intake_tiles(scope: Scope, user: User) -> list[Tile]:
    year = timezone.localdate().year
    by_source = dict(
        Intake.objects.filter(municipality_id__in=scope.municipality_ids, created_at__year=year)
        .values_list("source")
        .annotate(n=Count("pk"))
        .values_list("source", "n")
    )
    counts = {str(source.label): by_source.get(source.value, 0) for source in ReportSource}
    return [
        counts_tile(
            "intakes",
            _("Henvendelser"),
            _("henvendelser indlæst i %(year)d") % {"year": year},
            _("Henvendelser efter kilde"),
            counts,
            link=_link(scope, year),
            records=Records.INTAKES,
        )
    ]


def register_tiles() -> None:
    register("intake", intake_tiles, order=50)
