"""Who may read a municipality's aggregate figures (survey waves, dashboards, reports): the one rule.

Aggregates hold no citizen data (every figure is suppressed by ``ssp.lib.disclosure``), but a municipality's
figures are still its own until it publishes them:

* a municipality's survey figures and dashboard: its own staff (any role; a school sees its own pattern);
* a police district's dashboard: the district's own staff (police and DKS) — it aggregates every municipality
  of the district;
* a comparison across municipalities: only waves whose municipality chose to share (``shares_figures``), and only
  for a reader whose own municipality shares too;
* importing a wave: the municipality's SSP consultants and administrators.

Click-through from a dashboard figure to the records behind it (``may_open_records``): the link is offered only to
a reader who would find records of the figure's scope behind it — for cases, a relation to at least one concern of
the scope; for the daily-report rows, the intake's inbox (the municipality's SSP consultants, the district's police
prevention officers); for meetings and plans, which name no citizen, staff serving every municipality of the scope.
Everyone else sees the aggregate only. The records' own relation rules in ``ssp.privacy.policy`` still decide,
record by record, what the page behind the link shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from ssp.accounts.models import StaffRole
from ssp.privacy.policy import INTAKE_ROLES, concerns_visible_to
from ssp.structure.models import Municipality

if TYPE_CHECKING:
    from ssp.accounts.models import User
    from ssp.structure.models import PoliceDistrict

IMPORT_ROLES = (StaffRole.SSP_CONSULTANT, StaffRole.MUNICIPAL_ADMIN)
# Who handles the daily-report rows of a municipality (the intake's inbox, ``ssp.intake.access``).


class Records(StrEnum):
    """The records behind a dashboard figure: what a click-through would show."""

    CASES = "cases"  # concerns, their actions and programmes: citizen data, seen only through a relation
    INTAKES = "intakes"  # the daily-report rows: citizen data handled in the intake's inbox before any relation
    MEETINGS = "meetings"  # the forums' meetings; the list names no citizen
    PLANS = "plans"  # initiatives, coverage and action plans; no citizen data
    SURVEY = "survey"  # a municipality's survey waves (suppressed figures)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_read_municipality_figures(user: User, municipality: Municipality) -> bool:
    return _active(user) and user.municipality_id == municipality.pk


def may_read_district_figures(user: User, district: PoliceDistrict) -> bool:
    return _active(user) and user.municipality_id is None and user.police_district_id == district.pk


def may_import_survey(user: User, municipality: Municipality) -> bool:
    return may_read_municipality_figures(user, municipality) and user.role in IMPORT_ROLES


def may_compare_with_others(user: User, *, own_wave_shares: bool) -> bool:
    """A reader sees other municipalities' shared figures only when their own municipality shares in return."""
    return _active(user) and user.municipality_id is not None and own_wave_shares


def _serves_all(user: User, municipality_ids: Sequence[int]) -> bool:
    """Staff of the scope's one municipality, or police staff of the district every municipality of it lies in."""
    if user.municipality_id is not None:
        return set(municipality_ids) == {user.municipality_id}
    if user.police_district_id is None:
        return False
    return (
        not Municipality.objects.filter(pk__in=municipality_ids)
        .exclude(police_district_id=user.police_district_id)
        .exists()
    )


def may_open_records(user: User, records: Records, *, municipality_ids: Sequence[int]) -> bool:
    """Whether a dashboard tile over ``municipality_ids`` links ``user`` to the records behind its figure (the
    rule is in the module docstring); a reader without it sees the aggregate only."""
    if not _active(user) or not municipality_ids:
        return False
    if records == Records.CASES:
        return bool(concerns_visible_to(user).filter(municipality_id__in=municipality_ids).exists())
    if records == Records.INTAKES:
        return user.role in INTAKE_ROLES and _serves_all(user, municipality_ids)
    if records == Records.SURVEY:
        return list(municipality_ids) == [user.municipality_id]
    return _serves_all(user, municipality_ids)
