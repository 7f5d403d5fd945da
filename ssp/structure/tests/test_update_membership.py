from __future__ import annotations

from datetime import date

import pytest

from ssp.structure import services
from ssp.structure.models import MembershipRole
from ssp.structure.services import StructureError
from ssp.testing.structure import acting_admin


def test_it_changes_the_role(make_forum, make_user) -> None:
    membership = services.add_membership(
        forum=make_forum(),
        user=make_user(),
        role=MembershipRole.MEMBER,
        starts_on=date(2026, 1, 1),
        actor=acting_admin(),
    )

    services.update_membership(membership, actor=acting_admin(), role=MembershipRole.SECRETARY)

    membership.refresh_from_db()
    assert membership.role == MembershipRole.SECRETARY


def test_it_refuses_making_a_second_chair(make_forum, make_user) -> None:
    forum = make_forum()
    services.add_membership(
        forum=forum, user=make_user(), role=MembershipRole.CHAIR, starts_on=date(2026, 1, 1), actor=acting_admin()
    )
    member = services.add_membership(
        forum=forum, user=make_user(), role=MembershipRole.MEMBER, starts_on=date(2026, 1, 1), actor=acting_admin()
    )

    with pytest.raises(StructureError) as exc:
        services.update_membership(member, actor=acting_admin(), role=MembershipRole.CHAIR)

    assert "role" in exc.value.message_dict
    member.refresh_from_db()
    assert member.role == MembershipRole.MEMBER


def test_it_refuses_fields_it_does_not_change(make_forum, make_user) -> None:
    membership = services.add_membership(
        forum=make_forum(),
        user=make_user(),
        role=MembershipRole.MEMBER,
        starts_on=date(2026, 1, 1),
        actor=acting_admin(),
    )

    with pytest.raises(TypeError):
        services.update_membership(membership, actor=acting_admin(), forum=make_forum("Andet forum"))
