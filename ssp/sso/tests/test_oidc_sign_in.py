"""Log-in through a real OpenID Connect provider (authlib on loopback): RS256 ID token checked with the JWKS."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.sso.bpp import OIOSAML3_ATTRIBUTE, OIOSAML3_CVR_ATTRIBUTE
from ssp.sso.models import FederatedIdentity, MunicipalSignOn, PrivilegeMapping
from ssp.sso.testing import privilege_list
from ssp.structure.models import Municipality
from ssp.testing.identity_providers import OidcProvider, Person, authorize_at_provider

pytestmark = pytest.mark.django_db
HERNING_CVR, AARHUS_CVR = "29189919", "55133018"
TEACHER = "http://ssp.kombit.dk/roles/usersystemrole/ssp_laerer/1"
ORG_UNIT = "http://sts.kombit.dk/constraints/orgenhed/1"


@pytest.fixture
def herning_and_aarhus(make_organisation) -> int:
    school = make_organisation(name="Lind Skole", municipality="657")
    herning = MunicipalSignOn.objects.create(municipality=Municipality.objects.get(code="657"), cvr=HERNING_CVR)
    aarhus = MunicipalSignOn.objects.create(municipality=Municipality.objects.get(code="751"), cvr=AARHUS_CVR)
    PrivilegeMapping.objects.create(
        sign_on=herning, privilege=TEACHER, constraint_name=ORG_UNIT, constraint_value="lind", role=StaffRole.SSP_TEACHER,
        organisation=school,
    )  # fmt: skip
    PrivilegeMapping.objects.create(sign_on=aarhus, privilege=TEACHER, role=StaffRole.MANAGER)
    return school.pk


def _person(subject: str, *groups: tuple[str, list[str], dict[str, str]], loa: str = "Substantial") -> Person:
    return Person(
        subject=subject,
        attributes={
            OIOSAML3_CVR_ATTRIBUTE: [HERNING_CVR],
            OIOSAML3_ATTRIBUTE: [privilege_list(*groups)],
            "given_name": ["Lise"],
            "family_name": ["Lærer"],
            "email": ["shared-mailbox@herning.dk"],
        },
        authn_context=f"https://data.gov.dk/concept/core/nsis/loa/{loa}",
    )


def _log_in(client, provider: OidcProvider, person: Person):
    provider.person = person
    started = client.get("/sso/oidc/authenticate/")
    assert started.status_code == 302 and started["Location"].startswith(provider.issuer)
    back = urlsplit(authorize_at_provider(started["Location"]))
    return client.get(back.path + "?" + back.query)


def test_a_teacher_with_privileges_in_two_municipalities_is_scoped_to_the_employer_and_school(
    client, oidc_provider, herning_and_aarhus
) -> None:
    person = _person("sub-lise", (HERNING_CVR, [TEACHER], {ORG_UNIT: "lind"}), (AARHUS_CVR, [TEACHER], {}))
    finished = _log_in(client, oidc_provider, person)
    assert finished.status_code == 302 and finished["Location"] == "/"
    user = User.objects.get(federated_identities__subject="sub-lise", federated_identities__issuer=oidc_provider.issuer)
    assert user.municipality is not None and user.municipality.code == "657"
    assert user.role == StaffRole.SSP_TEACHER
    assert list(user.positions.values_list("organisation_id", flat=True)) == [herning_and_aarhus]
    assert client.get("/").status_code == 200


def test_users_are_matched_on_sub_not_on_a_shared_email_address(client, oidc_provider, herning_and_aarhus) -> None:
    group = (HERNING_CVR, [TEACHER], {ORG_UNIT: "lind"})
    _log_in(client, oidc_provider, _person("sub-lise", group))
    client.logout()
    _log_in(client, oidc_provider, _person("sub-other", group))
    assert FederatedIdentity.objects.count() == 2
    assert User.objects.filter(email="shared-mailbox@herning.dk").count() == 2


def test_no_mapped_privilege_gets_the_refusal_page(client, oidc_provider, herning_and_aarhus) -> None:
    finished = _log_in(client, oidc_provider, _person("sub-x", (HERNING_CVR, [TEACHER], {ORG_UNIT: "other"})))
    assert finished.status_code == 302 and finished["Location"] == "/sso/afvist/"
    refused = client.get(finished["Location"])
    assert refused.status_code == 403
    assert "ingen rettighed" in refused.content.decode()
    assert not FederatedIdentity.objects.exists()


def test_an_id_token_signed_with_another_key_is_refused(client, oidc_provider, herning_and_aarhus) -> None:
    from joserfc.jwk import RSAKey

    # The JWKS publishes a different key under the same kid than the one the ID token is signed with.
    published = oidc_provider.app.view_functions["jwks"]
    other = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
    oidc_provider.app.view_functions["jwks"] = lambda: {"keys": [other.as_dict(private=False)]}
    try:
        finished = _log_in(client, oidc_provider, _person("sub-lise", (HERNING_CVR, [TEACHER], {ORG_UNIT: "lind"})))
    finally:
        oidc_provider.app.view_functions["jwks"] = published
    # mozilla-django-oidc answers a token that fails verification with 400 (SuspiciousOperation).
    assert finished.status_code == 400
    assert not FederatedIdentity.objects.exists()
    assert "_auth_user_id" not in client.session
