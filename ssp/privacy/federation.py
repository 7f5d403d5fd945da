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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
