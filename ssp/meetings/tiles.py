"""The meetings' dashboard tile (``ssp.insight.registry``): meetings of the year by status and the attendance
registered at them, for a municipality or a police district's municipalities, in two grouped queries. A
municipality's meetings are those of its own forums and of the district forums it is a member of
(``selectors.forums_of``), for the status count and the attendance alike, as on the municipality's year page the
tile links to. The year page names no citizen; the link to it is kept only for staff serving the scope
(``ssp.privacy.figures``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.insight.registry import Scope, Tile, register
from ssp.lib.charts import bar_chart, value
from ssp.meetings.models import ItemAttendance, Meeting, MeetingStatus
from ssp.meetings.selectors import forums_of
from ssp.privacy.figures import Records

if TYPE_CHECKING:
    from ssp.accounts.models import User


def meetings_tiles(scope: Scope, user: User) -> list[Tile]:
    year = timezone.localdate().year
    forums = forums_of(scope.municipality_ids)
    statuses = dict(
        Meeting.objects.filter(forum__in=forums, starts_at__year=year)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    attended = (
        ItemAttendance.objects.filter(item__meeting__forum__in=forums, item__meeting__starts_at__year=year)
        .values("item__meeting_id", "user_id")
        .distinct()
        .count()
    )
    bars = [(str(label), value(statuses.get(status, 0))) for status, label in MeetingStatus.choices]
    slug = scope.municipality_slug
    return [
        Tile(
            key="meetings",
            title=_("Møder afholdt"),
            number=str(statuses.get(MeetingStatus.HELD, 0)),
            caption=_("%(attended)d fremmøder registreret på årets møder") % {"attended": attended},
            chart=bar_chart(_("Møder %(year)d") % {"year": year}, _("Møder efter status i året"), bars),
            # The year page counts the same meetings per forum ("I alt" afholdt is the tile's number).
            link=reverse("meetings:municipality_year", args=[slug, year]) if slug else None,
            records=Records.MEETINGS,
        )
    ]


def register_tiles() -> None:
    register("meetings", meetings_tiles, order=10)
