from __future__ import annotations

import base64

import pytest

from ssp.sso.bpp import (
    OIOSAML2_ATTRIBUTE,
    OIOSAML3_ATTRIBUTE,
    PrivilegeGroup,
    PrivilegeListError,
    parse_privilege_list,
    privilege_groups,
)
from ssp.sso.testing import privilege_list

CONSULTANT = "http://ssp.kombit.dk/roles/usersystemrole/ssp_konsulent/1"
ORG_UNIT = "http://sts.kombit.dk/constraints/orgenhed/1"
KLE = "http://sts.kombit.dk/constraints/KLE/1"


def test_it_reads_groups_scoped_by_cvr_with_roles_and_constraints() -> None:
    encoded = privilege_list(
        ("29189919", [CONSULTANT], {ORG_UNIT: "b1f2", KLE: "27.*"}),
        ("19438414", ["http://ssp.kombit.dk/roles/usersystemrole/laerer/1"], {}),
    )
    assert parse_privilege_list(encoded) == [
        PrivilegeGroup("29189919", (CONSULTANT,), {ORG_UNIT: "b1f2", KLE: "27.*"}),
        PrivilegeGroup("19438414", ("http://ssp.kombit.dk/roles/usersystemrole/laerer/1",), {}),
    ]


@pytest.mark.parametrize("attribute", [OIOSAML2_ATTRIBUTE, OIOSAML3_ATTRIBUTE])
def test_both_oiosaml_attribute_names_are_read(attribute: str) -> None:
    groups = privilege_groups({attribute: [privilege_list(("29189919", [CONSULTANT], {}))]})
    assert [g.privileges for g in groups] == [(CONSULTANT,)]


def test_a_scope_that_is_not_a_cvr_number_grants_no_municipality() -> None:
    xml = (
        '<PrivilegeList><PrivilegeGroup Scope="urn:dk:gov:saml:seNumberIdentifier:1">'
        "<Privilege>x</Privilege></PrivilegeGroup></PrivilegeList>"
    )
    assert parse_privilege_list(base64.b64encode(xml.encode()).decode())[0].cvr == ""


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not base64!", "not base64"),
        (base64.b64encode(b"<PrivilegeList><oops></PrivilegeList>").decode(), "well-formed"),
        (base64.b64encode(b"<Other/>").decode(), "root element"),
        (
            base64.b64encode(
                b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><PrivilegeList>&b;</PrivilegeList>'
            ).decode(),
            "well-formed",
        ),
    ],
)
def test_malformed_and_hostile_lists_are_refused(raw: str, message: str) -> None:
    with pytest.raises(PrivilegeListError, match=message):
        parse_privilege_list(raw)
