from __future__ import annotations

from datetime import date

import pytest

from ssp.structure import services
from ssp.structure.models import MembershipRole
from ssp.structure.services import StructureError
from ssp.testing.structure import acting_admin


def test_it_ends_a_membership(make_forum, make_user) -> None:
    membership = services.add_membership(
        forum=make_forum(),
        user=make_user(),
        role=MembershipRole.CHAIR,
        starts_on=date(2026, 1, 1),
        actor=acting_admin(),
    )

    services.end_membership(membership, ends_on=date(2026, 6, 30), actor=acting_admin())

    membership.refresh_from_db()
    assert membership.ends_on == date(2026, 6, 30)


def test_it_refuses_an_end_before_the_start(make_forum, make_user) -> None:
    membership = services.add_membership(
        forum=make_forum(),
        user=make_user(),
        role=MembershipRole.MEMBER,
        starts_on=date(2026, 1, 1),
        actor=acting_admin(),
    )

    with pytest.raises(StructureError) as exc:
        services.end_membership(membership, ends_on=date(2025, 12, 31), actor=acting_admin())

    assert "ends_on" in exc.value.message_dict
    membership.refresh_from_db()
    assert membership.ends_on is None
