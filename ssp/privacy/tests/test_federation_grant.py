"""The access rule of single sign-on (ssp.privacy.federation.grant_from_privileges)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ssp.accounts.models import StaffRole
from ssp.privacy.federation import FederatedGrant, grant_from_privileges

AARHUS, HERNING = "55133018", "29189919"
CONSULTANT = "urn:ssp:konsulent"
TEACHER = "urn:ssp:laerer"
ADMIN = "urn:ssp:admin"
ORG_UNIT = "urn:constraint:orgenhed"


@dataclass(frozen=True)
class Group:
    cvr: str
    privileges: tuple[str, ...]
    constraints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    privilege: str
    role: str
    organisation_id: int | None = None
    constraint_name: str = ""
    constraint_value: str = ""


REGISTERED = {AARHUS: 751, HERNING: 657}
MAPPINGS = {
    AARHUS: [Mapping(CONSULTANT, StaffRole.SSP_CONSULTANT), Mapping(ADMIN, StaffRole.SYSTEM_ADMIN)],
    HERNING: [
        Mapping(CONSULTANT, StaffRole.SSP_CONSULTANT),
        Mapping(TEACHER, StaffRole.SSP_TEACHER, 9, ORG_UNIT, "skole-9"),
    ],
}


def _grant(employer: str, *groups: Group) -> FederatedGrant | None:
    return grant_from_privileges(
        employer_cvr=employer, groups=groups, registered_cvrs=REGISTERED, mappings_by_cvr=MAPPINGS
    )


def test_a_mapped_privilege_of_the_employer_grants_its_role_in_that_municipality() -> None:
    assert _grant(AARHUS, Group(AARHUS, (CONSULTANT,))) == FederatedGrant(StaffRole.SSP_CONSULTANT, 751, None)


def test_another_municipalitys_cvr_never_grants_anything_in_the_employers_municipality() -> None:
    # The Aarhus employee holds a Herning consultant privilege: Herning's scope does not reach Aarhus.
    assert _grant(AARHUS, Group(HERNING, (CONSULTANT,))) is None
    assert _grant(AARHUS, Group(HERNING, (CONSULTANT,)), Group(AARHUS, ("urn:unmapped",))) is None


def test_an_unregistered_employer_gets_nothing() -> None:
    assert _grant("12345678", Group("12345678", (CONSULTANT,))) is None
    assert _grant("", Group(AARHUS, (CONSULTANT,))) is None


def test_system_administrator_is_never_granted_by_sign_on() -> None:
    assert _grant(AARHUS, Group(AARHUS, (ADMIN,))) is None
    assert _grant(AARHUS, Group(AARHUS, (ADMIN, CONSULTANT))) == FederatedGrant(StaffRole.SSP_CONSULTANT, 751, None)


def test_a_scoped_mapping_needs_the_constraint_with_its_value() -> None:
    assert _grant(HERNING, Group(HERNING, (TEACHER,))) is None
    assert _grant(HERNING, Group(HERNING, (TEACHER,), {ORG_UNIT: "skole-3"})) is None
    granted = _grant(HERNING, Group(HERNING, (TEACHER,), {ORG_UNIT: "skole-9"}))
    assert granted == FederatedGrant(StaffRole.SSP_TEACHER, 657, 9)


def test_the_highest_role_wins_whatever_the_order_of_the_list() -> None:
    teacher = Group(HERNING, (TEACHER,), {ORG_UNIT: "skole-9"})
    consultant = Group(HERNING, (CONSULTANT,))
    assert _grant(HERNING, teacher, consultant) == _grant(HERNING, consultant, teacher)
    assert _grant(HERNING, teacher, consultant) == FederatedGrant(StaffRole.SSP_CONSULTANT, 657, None)
