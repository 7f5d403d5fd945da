"""Case work's dashboard tiles (``ssp.insight.registry``): actions carried out, deadlines met, programmes and their
12-month outcomes, for a municipality or a police district's municipalities in the current year.

The same figures as ``ssp.casework.figures`` (done actions by kind bucketed by due date, pre-entry outcomes), over
the whole scope in one grouped query each, so a district dashboard costs the same as a municipality's. Every count
goes through ``ssp.lib.disclosure.publish_counts``: no tile lets a reader single out a child.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.casework.models import ActionKind, ActionStatus, CaseAction, Programme
from ssp.casework.programmes import PreEntryOutcome, ProgrammeKind
from ssp.insight.registry import Scope, Tile, counts_tile, register
from ssp.privacy.figures import Records

if TYPE_CHECKING:
    from ssp.accounts.models import User


def _behind(scope: Scope, page: str, **filters: str | int) -> dict[str, Any]:
    """The list ``page`` filtered to the records the tile counts, in the scope's municipality or the police
    district's municipalities; a reader sees the rows of the cases their relations open, and the registry keeps
    the link only for a reader with a relation to a case of the scope. The filters name no one. A scope without a
    slug has no list to filter to."""
    if not scope.slug:
        return {"records": Records.CASES}
    area = {"municipality": scope.slug} if scope.municipality_slug else {"police_district": scope.slug}
    return {"link": f"{reverse(page)}?{urlencode({**filters, **area})}", "records": Records.CASES}


def actions_tiles(scope: Scope, user: User) -> list[Tile]:
    """Done actions by kind, and those done by their due date against those done late (one query)."""
    year = timezone.localdate().year
    rows = (
        CaseAction.objects.filter(
            concern__municipality_id__in=scope.municipality_ids, status=ActionStatus.DONE, due_on__year=year
        )
        .values("kind")
        .annotate(n=Count("pk"), in_time=Count("pk", filter=Q(done_on__lte=F("due_on"))))
    )
    by_kind = {row["kind"]: row for row in rows}
    kinds = {str(kind.label): by_kind[kind.value]["n"] if kind.value in by_kind else 0 for kind in ActionKind}
    in_time = sum(row["in_time"] for row in by_kind.values())
    late = sum(row["n"] for row in by_kind.values()) - in_time
    caption = _("indsatser med frist i %(year)d") % {"year": year}
    behind = _behind(scope, "casework:actions", status=ActionStatus.DONE.value, due_year=year)
    return [
        counts_tile("actions", _("Indsatser udført"), caption, _("Udførte indsatser efter type"), kinds, **behind),
        counts_tile(
            "deadlines",
            _("Frister overholdt"),
            caption,
            _("Udførte indsatser, til tiden og for sent"),
            {_("til tiden"): in_time, _("for sent"): late},
            **behind,
        ),
    ]


def programmes_tiles(scope: Scope, user: User) -> list[Tile]:
    """Programmes started in the year by kind, and the pre-entry courses' status after 12 months (one query)."""
    year = timezone.localdate().year
    rows = (
        Programme.objects.filter(municipality_id__in=scope.municipality_ids, started_on__year=year)
        .values("kind", "outcome")
        .annotate(n=Count("pk"))
    )
    counts = {(row["kind"], row["outcome"]): row["n"] for row in rows}
    kinds = {str(kind.label): sum(n for (k, _o), n in counts.items() if k == kind.value) for kind in ProgrammeKind}
    outcomes = {
        str(outcome.label): counts.get((ProgrammeKind.PRE_ENTRY.value, outcome.value), 0) for outcome in PreEntryOutcome
    }
    outcomes[_("uden status endnu")] = counts.get((ProgrammeKind.PRE_ENTRY.value, ""), 0)
    caption = _("forløb startet i %(year)d") % {"year": year}
    started = {"started_year": year}
    return [
        counts_tile(
            "programmes",
            _("Forløb startet"),
            caption,
            _("Forløb efter type"),
            kinds,
            **_behind(scope, "casework:programme_list", **started),
        ),
        counts_tile(
            "programme_outcomes",
            _("Pre-entry: status efter 12 måneder"),
            caption,
            _("Pre-entry-forløb efter status et år efter start"),
            outcomes,
            **_behind(scope, "casework:programme_list", kind=ProgrammeKind.PRE_ENTRY.value, **started),
        ),
    ]


def register_tiles() -> None:
    register("casework_actions", actions_tiles, order=60)
    register("casework_programmes", programmes_tiles, order=70)
