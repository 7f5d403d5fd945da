"""Who administers whom: own municipality, own police district, never a system administrator."""

from __future__ import annotations

from typing import Any

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.privacy import staff
from ssp.structure.models import Municipality, Organisation, OrganisationKind


@pytest.fixture
def district_police(make_user: Any) -> Any:
    """Police staff of Glostrup's police district (no municipality) and that district's administrator."""
    district = Municipality.objects.get(code="161").police_district

    def make(role: str) -> User:
        return make_user(role=role, municipality=None, police_district=district)

    return make


def test_a_municipal_administrator_administers_own_municipality_only(make_user: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    colleague = make_user(role=StaffRole.SSP_TEACHER)
    elsewhere = make_user(role=StaffRole.SSP_TEACHER, municipality="661")

    assert staff.may_administer(admin, colleague)
    assert not staff.may_administer(admin, elsewhere)
    assert set(staff.administered_staff(admin)) == {admin, colleague}


def test_nobody_administers_a_system_administrator_or_a_superuser(make_user: Any) -> None:
    system = make_user(role=StaffRole.SYSTEM_ADMIN)
    root = make_user(is_superuser=True)
    for actor in (make_user(role=StaffRole.MUNICIPAL_ADMIN), make_user(role=StaffRole.SYSTEM_ADMIN, municipality=None)):
        assert not staff.may_administer(actor, system)
        assert not staff.may_administer(actor, root)
        assert system not in staff.administered_staff(actor) and root not in staff.administered_staff(actor)


def test_police_staff_are_administered_by_their_districts_administrator(make_user: Any, district_police: Any) -> None:
    district_admin = district_police(StaffRole.DISTRICT_ADMIN)
    officer = district_police(StaffRole.POLICE_PREVENTION_OFFICER)
    municipal_admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)

    assert staff.may_administer(district_admin, officer)
    assert not staff.may_administer(municipal_admin, officer)
    assert not staff.may_administer(district_admin, make_user(role=StaffRole.SSP_CONSULTANT))
    assert {value for value, _label in staff.assignable_roles(district_admin)} == {
        "police_prevention_officer",
        "police_management",
        "district_admin",
        "other",
    }


def test_roles_offered_never_include_system_administrator_and_an_admin_keeps_their_own(make_user: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    system = make_user(role=StaffRole.SYSTEM_ADMIN, municipality=None)
    offered = {value for value, _label in staff.assignable_roles(admin)}
    assert "system_admin" not in offered and "police_prevention_officer" not in offered
    assert "system_admin" not in {value for value, _label in staff.assignable_roles(system)}
    assert staff.assignable_roles(admin, admin) == [("municipal_admin", "Kommunal administrator")]
    assert not staff.may_deactivate(admin, admin)


def test_positions_are_offered_in_the_administrators_own_organisations(make_user: Any) -> None:
    own = Organisation.objects.create(
        name="Politikskolen", kind=OrganisationKind.SCHOOL, municipality=Municipality.objects.get(code="161")
    )
    other = Organisation.objects.create(
        name="Fjernskolen", kind=OrganisationKind.SCHOOL, municipality=Municipality.objects.get(code="661")
    )
    offered = set(staff.assignable_organisations(make_user(role=StaffRole.MUNICIPAL_ADMIN)))
    assert own in offered and other not in offered


def test_staff_without_an_administrator_role_administer_nobody(make_user: Any) -> None:
    consultant = make_user(role=StaffRole.SSP_CONSULTANT)
    assert not staff.may_administer_staff(consultant)
    assert not staff.administered_staff(consultant).exists()
    assert not staff.may_administer(consultant, make_user(role=StaffRole.SSP_TEACHER))
