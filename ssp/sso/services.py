"""Signing a member of staff in from a federated identity: find them by subject, set role and municipality."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone

from ssp.accounts.models import User
from ssp.privacy.federation import (
    FederatedGrant,
    PoliceSignInChoice,
    grant_from_privileges,
    police_may_sign_in_through,
)
from ssp.sso.bpp import (
    CVR_ATTRIBUTES,
    NSIS_LOA_ATTRIBUTE,
    OIOSAML2_ASSURANCE_ATTRIBUTE,
    PrivilegeListError,
    first_value,
    privilege_groups,
)
from ssp.sso.models import FederatedIdentity, IdentityProvider, MunicipalSignOn, PoliceSignIn, PrivilegeMapping
from ssp.structure.models import Municipality, Organisation, Position
from ssp.structure.services import add_position

Attributes = dict[str, Iterable[str]]

# Names as OIOSAML 3 and OIOSAML 2 send them (and the OIDC standard claims).
FIRST_NAME = ("https://data.gov.dk/model/core/eid/firstName", "urn:oid:2.5.4.42", "given_name")
LAST_NAME = ("https://data.gov.dk/model/core/eid/lastName", "urn:oid:2.5.4.4", "family_name")
EMAIL = ("https://data.gov.dk/model/core/eid/email", "urn:oid:0.9.2342.19200300.100.1.3", "email")


class SignInRefused(Exception):
    """The identity service vouched for the person, but the platform gives them no access."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "unknown_employer" | "no_mapped_role" | "bad_privileges" | "police_provider"


@dataclass(frozen=True)
class SignIn:
    user: User
    second_factor: bool


def _grant(attributes: Attributes) -> FederatedGrant:
    try:
        groups = privilege_groups(attributes)
    except PrivilegeListError as exc:
        raise SignInRefused("bad_privileges") from exc
    employer = first_value(attributes, CVR_ATTRIBUTES)
    if not employer and len({g.cvr for g in groups}) == 1:
        # OIOSAML 2 assertions may leave the CVR attribute out when every privilege is for the employer.
        employer = groups[0].cvr
    registered = dict(MunicipalSignOn.objects.values_list("cvr", "municipality_id"))
    if employer not in registered:
        raise SignInRefused("unknown_employer")
    mappings: dict[str, list[PrivilegeMapping]] = defaultdict(list)
    for mapping in PrivilegeMapping.objects.filter(sign_on__cvr=employer).select_related("sign_on"):
        mappings[mapping.sign_on.cvr].append(mapping)
    grant = grant_from_privileges(
        employer_cvr=employer, groups=groups, registered_cvrs=registered, mappings_by_cvr=mappings
    )
    if grant is None:
        raise SignInRefused("no_mapped_role")
    return grant


def police_sign_in_choices(*, municipality_id: int | None, police_district_id: int | None) -> list[PoliceSignInChoice]:
    """How the municipalities a police user works with let police staff log in: their own municipality, or else
    every municipality of their police district (one query; no configuration counts as local accounts)."""
    if municipality_id is not None:
        municipalities = Municipality.objects.filter(pk=municipality_id)
    elif police_district_id is not None:
        municipalities = Municipality.objects.filter(police_district_id=police_district_id)
    else:
        return []
    rows = municipalities.values_list("sign_on__police_sign_in", "sign_on__police_identity_provider")
    return [PoliceSignInChoice(method or PoliceSignIn.LOCAL_SECOND_FACTOR, provider) for method, provider in rows]


def second_factor_asserted(provider: IdentityProvider, attributes: Attributes, context_refs: Iterable[str]) -> bool:
    """Whether the identity service vouches for a second factor (NSIS substantial or a configured value)."""
    asserted = set(context_refs)
    for name in (NSIS_LOA_ATTRIBUTE, OIOSAML2_ASSURANCE_ATTRIBUTE):
        value = first_value(attributes, [name])
        if value:
            asserted.add(value)
    return bool(asserted & set(provider.second_factor_values))


def _username(provider: IdentityProvider, subject: str) -> str:
    # Stable and unique per identity, without the person's name or e-mail in it.
    return "sso-" + hashlib.sha256(f"{provider.entity_id}\n{subject}".encode()).hexdigest()[:24]


@transaction.atomic
def sign_in_federated(
    provider: IdentityProvider, *, subject: str, attributes: Attributes, context_refs: Iterable[str] = ()
) -> SignIn:
    """Find or create the member of staff for ``subject`` and give them what their privileges map to.

    1. The grant comes from ``ssp.privacy.federation.grant_from_privileges`` (refused: ``SignInRefused``).
    2. The user is found by (issuer, subject), never by e-mail; a new one gets no usable password.
    3. Role and municipality follow the privileges at every log-in, so a privilege withdrawn in the
       municipality's user administration is withdrawn here at the next log-in.
    4. A mapped organisation becomes a current position if the user has none there.
    """
    grant = _grant(attributes)
    choices = partial(police_sign_in_choices, municipality_id=grant.municipality_id, police_district_id=None)
    if not police_may_sign_in_through(grant.role, provider.pk, choices):
        raise SignInRefused("police_provider")
    identity = (
        FederatedIdentity.objects.select_related("user")
        .filter(issuer=provider.entity_id, subject=subject)
        .select_for_update()
        .first()
    )
    user = identity.user if identity else User(username=_username(provider, subject))
    if identity is None:
        user.set_unusable_password()
    user.first_name = first_value(attributes, FIRST_NAME)[:150]
    user.last_name = first_value(attributes, LAST_NAME)[:150]
    user.email = first_value(attributes, EMAIL)[:254]
    user.role, user.municipality_id, user.police_district_id = grant.role, grant.municipality_id, None
    user.full_clean(exclude=["password"])
    user.save()
    if identity is None:
        identity = FederatedIdentity(user=user, issuer=provider.entity_id, subject=subject)
    identity.last_login_at = timezone.now()
    identity.full_clean()
    identity.save()
    if grant.organisation_id is not None and not _holds_position(user, grant.organisation_id):
        organisation = Organisation.objects.get(pk=grant.organisation_id)
        add_position(
            user=user,
            organisation=organisation,
            title=user.get_role_display(),
            starts_on=timezone.localdate(),
            # The identity service vouched for the position; the log names the user who signed in.
            actor=user,
        )
    return SignIn(user=user, second_factor=second_factor_asserted(provider, attributes, context_refs))


def _holds_position(user: User, organisation_id: int) -> bool:
    today = timezone.localdate()
    return (
        Position.objects.filter(user=user, organisation_id=organisation_id, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .exists()
    )
