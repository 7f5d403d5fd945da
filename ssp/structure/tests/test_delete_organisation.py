from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from ssp.structure import services
from ssp.structure.models import Organisation, OrganisationKind
from ssp.structure.services import StructureError
from ssp.testing.structure import acting_admin


def test_it_deletes_an_unused_organisation(make_organisation) -> None:
    organisation = make_organisation()

    services.delete_organisation(organisation, actor=acting_admin())

    assert not Organisation.objects.filter(name="Hvissingeskolen").exists()


def test_it_refuses_while_sub_units_point_at_it(make_organisation) -> None:
    parent = make_organisation("CBUF", kind=OrganisationKind.CHILDREN_FAMILY_SERVICES)
    make_organisation("Familieafsnittet", kind=OrganisationKind.CHILDREN_FAMILY_SERVICES, parent=parent)

    with pytest.raises(StructureError) as exc:
        services.delete_organisation(parent, actor=acting_admin())

    assert "underenheder" in exc.value.message_dict[NON_FIELD_ERRORS][0]
    assert Organisation.objects.filter(pk=parent.pk).exists()
