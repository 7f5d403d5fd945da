"""Who may read a municipality's aggregate figures (survey waves, dashboards, reports): the one rule.

Aggregates hold no citizen data (every figure is suppressed by ``ssp.insight.disclosure``), but a municipality's
figures are still its own until it publishes them:

* a municipality's survey figures and dashboard: its own staff (any role; a school sees its own pattern);
* a police district's dashboard: the district's own staff (police and DKS) — it aggregates every municipality
  of the district;
* a comparison across municipalities: only waves whose municipality chose to share (``shares_figures``), and only
  for a reader whose own municipality shares too;
* importing a wave: the municipality's SSP consultants and administrators.

Click-through from a figure to the records behind it is not decided here: the records' own relation rules in
``ssp.privacy.policy`` decide, record by record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ssp.accounts.models import StaffRole

if TYPE_CHECKING:
    from ssp.accounts.models import User
    from ssp.structure.models import Municipality, PoliceDistrict

IMPORT_ROLES = (StaffRole.SSP_CONSULTANT, StaffRole.MUNICIPAL_ADMIN)


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
