from __future__ import annotations

from datetime import date

import pytest

from ssp.accounts.models import StaffRole
from ssp.structure import services
from ssp.structure.models import Membership, MembershipRole, Municipality, OrganisationKind, Seat
from ssp.structure.services import StructureError
from ssp.testing.structure import acting_admin


def test_it_adds_a_member(make_forum, make_user) -> None:
    forum = make_forum()
    user = make_user()

    membership = services.add_membership(
        forum=forum, user=user, role=MembershipRole.MEMBER, starts_on=date(2026, 1, 1), actor=acting_admin()
    )

    assert Membership.objects.get(pk=membership.pk).user == user


def test_it_refuses_a_second_chair_with_overlapping_dates(make_forum, make_user) -> None:
    forum = make_forum()
    services.add_membership(
        forum=forum, user=make_user(), role=MembershipRole.CHAIR, starts_on=date(2026, 1, 1), actor=acting_admin()
    )

    with pytest.raises(StructureError) as exc:
        services.add_membership(
            forum=forum,
            user=make_user(),
            role=MembershipRole.CHAIR,
            starts_on=date(2025, 6, 1),
            ends_on=date(2026, 2, 1),
            actor=acting_admin(),
        )

    assert "én formand ad gangen" in exc.value.message_dict["role"][0]
    assert forum.memberships.count() == 1


def test_it_accepts_a_chair_after_the_previous_one_ends(make_forum, make_user) -> None:
    forum = make_forum()
    services.add_membership(
        forum=forum,
        user=make_user(),
        role=MembershipRole.CHAIR,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        actor=acting_admin(),
    )

    services.add_membership(
        forum=forum, user=make_user(), role=MembershipRole.CHAIR, starts_on=date(2026, 1, 1), actor=acting_admin()
    )

    assert forum.memberships.filter(role=MembershipRole.CHAIR).count() == 2


def test_it_refuses_a_seat_for_another_role(make_forum, make_user) -> None:
    forum = make_forum()
    seat = services.save_seat(Seat(forum=forum, title="Direktør", role=MembershipRole.CHAIR), actor=acting_admin())

    with pytest.raises(StructureError) as exc:
        services.add_membership(
            forum=forum,
            user=make_user(),
            role=MembershipRole.MEMBER,
            seat=seat,
            starts_on=date(2026, 1, 1),
            actor=acting_admin(),
        )

    assert "Formand" in exc.value.message_dict["role"][0]


def test_it_refuses_an_organisation_specific_seat_without_that_organisation(
    make_forum, make_organisation, make_user
) -> None:
    forum = make_forum()
    school = make_organisation("Hvissingeskolen")
    other = make_organisation("Søndervangskolen")
    seat = services.save_seat(Seat(forum=forum, title="Skoleleder", organisation=school), actor=acting_admin())

    with pytest.raises(StructureError) as exc:
        services.add_membership(
            forum=forum,
            user=make_user(role=StaffRole.SCHOOL_LEADER),
            role=MembershipRole.MEMBER,
            organisation=other,
            seat=seat,
            starts_on=date(2026, 1, 1),
            actor=acting_admin(),
        )

    assert "Hvissingeskolen" in exc.value.message_dict["organisation"][0]


def test_it_refuses_a_kind_seat_for_an_organisation_of_another_kind(make_forum, make_organisation, make_user) -> None:
    forum = make_forum()
    club = make_organisation("Varmeværket", kind=OrganisationKind.CLUB_LEISURE)
    seat = services.save_seat(
        Seat(forum=forum, title="Ledelsesrepræsentant fra hver skole", organisation_kind=OrganisationKind.SCHOOL),
        actor=acting_admin(),
    )

    with pytest.raises(StructureError) as exc:
        services.add_membership(
            forum=forum,
            user=make_user(),
            role=MembershipRole.MEMBER,
            organisation=club,
            seat=seat,
            starts_on=date(2026, 1, 1),
            actor=acting_admin(),
        )

    assert "Skole" in exc.value.message_dict["organisation"][0]


def test_it_refuses_a_municipality_seat_for_someone_from_elsewhere(make_forum, make_user) -> None:
    forum = make_forum()
    seat = services.save_seat(
        Seat(forum=forum, title="Borgmester, Glostrup", municipality=Municipality.objects.get(code="161")),
        actor=acting_admin(),
    )

    with pytest.raises(StructureError) as exc:
        services.add_membership(
            forum=forum,
            user=make_user(municipality="661"),
            role=MembershipRole.MEMBER,
            seat=seat,
            starts_on=date(2026, 1, 1),
            actor=acting_admin(),
        )

    assert "Glostrup" in exc.value.message_dict["seat"][0]


def test_it_refuses_an_organisation_outside_the_forum_scope(make_forum, make_organisation, make_user) -> None:
    forum = make_forum()
    elsewhere = make_organisation("Holstebro Ungdomsskole", municipality="661", kind=OrganisationKind.YOUTH_SCHOOL)

    with pytest.raises(StructureError) as exc:
        services.add_membership(
            forum=forum,
            user=make_user(),
            role=MembershipRole.MEMBER,
            organisation=elsewhere,
            starts_on=date(2026, 1, 1),
            actor=acting_admin(),
        )

    assert "Holstebro Ungdomsskole" in exc.value.message_dict["organisation"][0]


def test_it_refuses_an_end_before_the_start(make_forum, make_user) -> None:
    with pytest.raises(StructureError) as exc:
        services.add_membership(
            forum=make_forum(),
            user=make_user(),
            role=MembershipRole.MEMBER,
            starts_on=date(2026, 1, 1),
            ends_on=date(2025, 1, 1),
            actor=acting_admin(),
        )

    assert "ends_on" in exc.value.message_dict
