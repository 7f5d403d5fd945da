from __future__ import annotations

import pytest

from ssp.structure import services
from ssp.structure.models import OrganisationKind, Seat
from ssp.structure.services import StructureError
from ssp.testing.structure import acting_admin


def test_it_saves_a_seat_for_an_organisation_in_scope(make_forum, make_organisation) -> None:
    forum = make_forum()
    school = make_organisation()

    seat = services.save_seat(Seat(forum=forum, title="Skoleleder", organisation=school), actor=acting_admin())

    assert list(forum.seats.all()) == [seat]


def test_it_refuses_an_organisation_outside_the_forum_scope(make_forum, make_organisation) -> None:
    forum = make_forum()
    other = make_organisation("Holstebro Ungdomsskole", municipality="661", kind=OrganisationKind.YOUTH_SCHOOL)

    with pytest.raises(StructureError) as exc:
        services.save_seat(Seat(forum=forum, title="Ungdomsskolen", organisation=other), actor=acting_admin())

    assert "organisation" in exc.value.message_dict
    assert not forum.seats.exists()


def test_it_refuses_one_per_organisation_without_a_kind(make_forum) -> None:
    with pytest.raises(StructureError) as exc:
        services.save_seat(Seat(forum=make_forum(), title="Én fra hver", per_organisation=True), actor=acting_admin())

    assert "organisation_kind" in exc.value.message_dict
