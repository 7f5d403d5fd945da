"""Test support for sign-on: OIO-BPP privilege lists as KOMBIT's Context Handler sends them."""

from __future__ import annotations

import base64
from xml.sax.saxutils import escape, quoteattr

from ssp.sso.bpp import CVR_SCOPE_PREFIX


def privilege_list(*groups: tuple[str, list[str], dict[str, str]]) -> str:
    """Base64 OIO-BPP XML with one PrivilegeGroup per (cvr, privileges, constraints)."""
    parts = ['<bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">']
    for cvr, privileges, constraints in groups:
        parts.append(f"<PrivilegeGroup Scope={quoteattr(CVR_SCOPE_PREFIX + cvr)}>")
        parts += [f"<Privilege>{escape(p)}</Privilege>" for p in privileges]
        parts += [f"<Constraint Name={quoteattr(n)}>{escape(v)}</Constraint>" for n, v in constraints.items()]
        parts.append("</PrivilegeGroup>")
    parts.append("</bpp:PrivilegeList>")
    return base64.b64encode("".join(parts).encode()).decode()
