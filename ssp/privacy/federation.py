"""Which role and municipality a federated log-in grants: the access decision for single sign-on.

Sign-on decides who a user is in the platform (role, employer municipality, organisation), and that bounds
what they administer and which relations they can hold, so the decision sits beside the other access rules and
in one function. The rule, in order:

1. The user's municipality is the one whose CVR number the identity service asserts as the employer; it must be
   a municipality the system administrator has registered with that CVR. No registered CVR: no access.
2. Only privilege groups scoped to that same CVR count. A group scoped to another municipality's CVR grants
   nothing here (one municipality's privileges never reach into another's; cross-municipal access goes through
   the privacy relations, not through sign-on).
3. A privilege counts when the municipality's own mapping names it; a mapping with a data scope (constraint)
   counts only when the group carries that constraint with that value.
4. System administrator is never granted by sign-on, whatever a mapping says (that role is given by hand, by
   another system administrator, with two-factor log-in).
5. Of several mapped roles the one highest in ``ROLE_PRECEDENCE`` wins, so the outcome does not depend on the
   order of the XML; the organisation comes from the winning mapping.

Police staff are not in the municipalities' identity service; each municipality chooses how the police staff it
works with log in (``MunicipalSignOn.police_sign_in``): local accounts with two-factor log-in, or the police's own
identity provider. The municipalities that count are the police user's own, or else every municipality of their
police district (a municipality without a choice counts as local accounts):

6. A police user may log in with a local account only if none of those municipalities requires the identity
   provider: the stricter choice wins, because the officer reaches every one of them.
7. A federated log-in that gives a police role counts only through a provider one of those municipalities named
   as its police identity provider; the municipality's own identity service cannot make someone police staff.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ssp.accounts.models import StaffRole

NEVER_GRANTED_BY_SIGN_ON = frozenset({StaffRole.SYSTEM_ADMIN})

# Higher first: the role that reaches the most is the one a user holding several privileges works in.
ROLE_PRECEDENCE: tuple[str, ...] = (
    StaffRole.MUNICIPAL_ADMIN,
    StaffRole.SSP_CONSULTANT,
    StaffRole.CASEWORKER,
    StaffRole.POLICE_PREVENTION_OFFICER,
    StaffRole.POLICE_MANAGEMENT,
    StaffRole.SCHOOL_LEADER,
    StaffRole.SSP_TEACHER,
    StaffRole.MANAGER,
    StaffRole.ELECTED_OFFICIAL,
    StaffRole.OTHER,
)


class Group(Protocol):
    @property
    def cvr(self) -> str: ...
    @property
    def privileges(self) -> tuple[str, ...]: ...
    @property
    def constraints(self) -> dict[str, str]: ...


class PrivilegeMap(Protocol):
    @property
    def privilege(self) -> str: ...
    @property
    def constraint_name(self) -> str: ...
    @property
    def constraint_value(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def organisation_id(self) -> int | None: ...


@dataclass(frozen=True)
class FederatedGrant:
    role: str
    municipality_id: int
    organisation_id: int | None


def _matches(mapping: PrivilegeMap, group: Group) -> bool:
    if mapping.privilege not in group.privileges:
        return False
    return not mapping.constraint_name or group.constraints.get(mapping.constraint_name) == mapping.constraint_value


def grant_from_privileges(
    *,
    employer_cvr: str,
    groups: Iterable[Group],
    registered_cvrs: dict[str, int],
    mappings_by_cvr: Mapping[str, Sequence[PrivilegeMap]],
) -> FederatedGrant | None:
    """The grant the rule above gives, or None (no registered employer, or no mapped privilege)."""
    municipality_id = registered_cvrs.get(employer_cvr)
    if not employer_cvr or municipality_id is None:
        return None
    own_groups = [group for group in groups if group.cvr == employer_cvr]
    candidates = [
        mapping
        for mapping in mappings_by_cvr.get(employer_cvr, ())
        if mapping.role not in NEVER_GRANTED_BY_SIGN_ON and any(_matches(mapping, g) for g in own_groups)
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda m: (ROLE_PRECEDENCE.index(m.role), m.organisation_id is None))
    return FederatedGrant(role=best.role, municipality_id=municipality_id, organisation_id=best.organisation_id)


POLICE_ROLES = frozenset({StaffRole.POLICE_PREVENTION_OFFICER, StaffRole.POLICE_MANAGEMENT})
POLICE_SIGN_IN_LOCAL = "local_second_factor"
POLICE_SIGN_IN_PROVIDER = "identity_provider"


@dataclass(frozen=True)
class PoliceSignInChoice:
    """One municipality's choice: ``police_sign_in`` and the provider it names (None for local accounts)."""

    method: str
    provider_id: int | None


# The choices are read only for police staff: every other log-in costs no query.
ChoiceLoader = Callable[[], Iterable[PoliceSignInChoice]]


def police_may_sign_in_locally(role: str, choices: ChoiceLoader) -> bool:
    """Rule 6: False for police staff when a municipality they work with requires the identity provider."""
    return role not in POLICE_ROLES or all(choice.method != POLICE_SIGN_IN_PROVIDER for choice in choices())


def police_may_sign_in_through(role: str, provider_id: int, choices: ChoiceLoader) -> bool:
    """Rule 7: a police role from a federated log-in only through a provider a municipality named for the police."""
    return role not in POLICE_ROLES or any(
        choice.method == POLICE_SIGN_IN_PROVIDER and choice.provider_id == provider_id for choice in choices()
    )
