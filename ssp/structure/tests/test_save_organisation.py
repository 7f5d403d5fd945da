from __future__ import annotations

import pytest

from ssp.structure import services
from ssp.structure.models import OrganisationKind
from ssp.structure.services import StructureError
from ssp.testing.structure import acting_admin


def test_it_saves_an_organisation_under_a_parent_in_the_same_municipality(make_organisation) -> None:
    parent = make_organisation("CBUF", kind=OrganisationKind.CHILDREN_FAMILY_SERVICES)
    child = make_organisation("Familieafsnittet", kind=OrganisationKind.CHILDREN_FAMILY_SERVICES, parent=parent)

    assert child.parent == parent


def test_it_refuses_a_parent_in_another_municipality(make_organisation) -> None:
    parent = make_organisation("Holstebro Ungdomsskole", municipality="661", kind=OrganisationKind.YOUTH_SCHOOL)

    with pytest.raises(StructureError) as exc:
        make_organisation("Hvissingeskolen", parent=parent)

    assert "parent" in exc.value.message_dict


def test_it_refuses_a_cycle_in_the_parent_chain(make_organisation) -> None:
    top = make_organisation("CBUF", kind=OrganisationKind.CHILDREN_FAMILY_SERVICES)
    below = make_organisation("Familieafsnittet", kind=OrganisationKind.CHILDREN_FAMILY_SERVICES, parent=top)
    top.parent = below

    with pytest.raises(StructureError) as exc:
        services.save_organisation(top, actor=acting_admin())

    assert "Familieafsnittet" in exc.value.message_dict["parent"][0]
    top.refresh_from_db()
    assert top.parent is None
