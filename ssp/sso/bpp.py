"""OIO-BPP privilege lists: who may do what, for which municipality, within which data scope.

KOMBIT's Context Handler sends the user's privileges as one SAML attribute holding base64-encoded XML
(the OIO Basic Privilege Profile): ``dk:gov:saml:attribute:Privileges_intermediate`` in OIOSAML 2,
``https://data.gov.dk/model/core/eid/privilegesIntermediate`` in OIOSAML 3 (and as the OIDC claim of the same
name). Each ``PrivilegeGroup`` is scoped to an organisation by CVR number and lists user-system roles
(``Privilege``) and data scopes (``Constraint``, e.g. organisation unit or KLE number)::

    <bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">
      <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:29189919">
        <Privilege>http://ssp.kombit.dk/roles/usersystemrole/ssp_konsulent/1</Privilege>
        <Constraint Name="http://sts.kombit.dk/constraints/orgenhed/1">…</Constraint>
      </PrivilegeGroup>
    </bpp:PrivilegeList>
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

OIOSAML2_ATTRIBUTE = "dk:gov:saml:attribute:Privileges_intermediate"
OIOSAML3_ATTRIBUTE = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
PRIVILEGE_ATTRIBUTES = (OIOSAML3_ATTRIBUTE, OIOSAML2_ATTRIBUTE)
CVR_SCOPE_PREFIX = "urn:dk:gov:saml:cvrNumberIdentifier:"
# The user's own organisation (employer), asserted beside the privileges.
OIOSAML2_CVR_ATTRIBUTE = "dk:gov:saml:attribute:CvrNumberIdentifier"
OIOSAML3_CVR_ATTRIBUTE = "https://data.gov.dk/model/core/eid/professional/cvr"
CVR_ATTRIBUTES = (OIOSAML3_CVR_ATTRIBUTE, OIOSAML2_CVR_ATTRIBUTE)
# The NSIS assurance level (OIOSAML 3) and the OIOSAML 2 assurance level attribute.
NSIS_LOA_ATTRIBUTE = "https://data.gov.dk/concept/core/nsis/loa"
OIOSAML2_ASSURANCE_ATTRIBUTE = "dk:gov:saml:attribute:AssuranceLevel"


class PrivilegeListError(ValueError):
    """The privilege attribute is not base64-encoded OIO-BPP XML."""


@dataclass(frozen=True)
class PrivilegeGroup:
    cvr: str  # "" when the group is scoped to something other than a CVR number
    privileges: tuple[str, ...]
    constraints: dict[str, str] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_privilege_list(encoded: str) -> list[PrivilegeGroup]:
    """The privilege groups of one base64-encoded OIO-BPP document (DTDs and entities refused)."""
    try:
        document = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PrivilegeListError("The privilege list is not base64") from exc
    try:
        root = ElementTree.fromstring(document)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise PrivilegeListError("The privilege list is not well-formed OIO-BPP XML (or holds entities)") from exc
    if _local(root.tag) != "PrivilegeList":
        raise PrivilegeListError("The privilege list's root element is not PrivilegeList")
    groups = []
    for element in root:
        if _local(element.tag) != "PrivilegeGroup":
            continue
        scope = element.get("Scope", "")
        cvr = scope.removeprefix(CVR_SCOPE_PREFIX) if scope.startswith(CVR_SCOPE_PREFIX) else ""
        privileges = tuple((child.text or "").strip() for child in element if _local(child.tag) == "Privilege")
        constraints = {
            child.get("Name", ""): (child.text or "").strip() for child in element if _local(child.tag) == "Constraint"
        }
        groups.append(PrivilegeGroup(cvr, tuple(p for p in privileges if p), constraints))
    return groups


def privilege_groups(attributes: dict[str, Iterable[str]]) -> list[PrivilegeGroup]:
    """All privilege groups in a SAML attribute statement or OIDC claims, whichever OIOSAML form they use."""
    groups: list[PrivilegeGroup] = []
    for name in PRIVILEGE_ATTRIBUTES:
        values = attributes.get(name) or []
        for value in [values] if isinstance(values, str) else values:
            groups += parse_privilege_list(value)
    return groups


def first_value(attributes: dict[str, Iterable[str]], names: Iterable[str]) -> str:
    for name in names:
        values = attributes.get(name)
        if isinstance(values, str):
            return values
        for value in values or []:
            return str(value)
    return ""
