"""Log-in through a real SAML IdP (pysaml2 on loopback) with OIOSAML 3 privilege lists."""

from __future__ import annotations

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.sso.bpp import OIOSAML3_ATTRIBUTE, OIOSAML3_CVR_ATTRIBUTE
from ssp.sso.models import FederatedIdentity, MunicipalSignOn, PrivilegeMapping
from ssp.sso.testing import privilege_list
from ssp.structure.models import Municipality
from ssp.testing.identity_providers import Person, SamlIdentityProvider, follow_to_identity_provider

pytestmark = pytest.mark.django_db
HERNING_CVR, AARHUS_CVR = "29189919", "55133018"
CONSULTANT = "http://ssp.kombit.dk/roles/usersystemrole/ssp_konsulent/1"


@pytest.fixture
def herning_and_aarhus() -> None:
    herning = MunicipalSignOn.objects.create(municipality=Municipality.objects.get(code="657"), cvr=HERNING_CVR)
    aarhus = MunicipalSignOn.objects.create(municipality=Municipality.objects.get(code="751"), cvr=AARHUS_CVR)
    for sign_on in (herning, aarhus):
        PrivilegeMapping.objects.create(sign_on=sign_on, privilege=CONSULTANT, role=StaffRole.SSP_CONSULTANT)


def _person(
    subject: str, employer: str, *groups: tuple[str, list[str], dict[str, str]], loa: str = "Substantial"
) -> Person:
    return Person(
        subject=subject,
        attributes={
            OIOSAML3_CVR_ATTRIBUTE: [employer],
            OIOSAML3_ATTRIBUTE: [privilege_list(*groups)],
            "https://data.gov.dk/model/core/eid/firstName": ["Karen"],
            "https://data.gov.dk/model/core/eid/lastName": ["Konsulent"],
            "https://data.gov.dk/model/core/eid/email": ["karen@herning.dk"],
        },
        authn_context=f"https://data.gov.dk/concept/core/nsis/loa/{loa}",
    )


def _log_in(client, idp: SamlIdentityProvider, person: Person):
    idp.person = person
    started = client.get("/sso/saml/login/", {"next": "/"})
    assert started.status_code == 302 and started["Location"].startswith(idp.http.base_url)
    form = follow_to_identity_provider(started["Location"])
    return client.post("/sso/saml/acs/", form)


def test_a_consultant_with_privileges_in_two_municipalities_gets_the_employers_role_only(
    client, saml_identity_provider, herning_and_aarhus
) -> None:
    person = _person("uuid-karen", HERNING_CVR, (HERNING_CVR, [CONSULTANT], {}), (AARHUS_CVR, [CONSULTANT], {}))
    finished = _log_in(client, saml_identity_provider, person)
    assert finished.status_code == 302 and finished["Location"] == "/"
    user = User.objects.get(federated_identities__subject="uuid-karen")
    assert user.municipality is not None and user.municipality.code == "657"
    assert (user.role, user.email) == (StaffRole.SSP_CONSULTANT, "karen@herning.dk")
    assert not user.has_usable_password()
    # NSIS substantial: the platform does not ask for its own second factor.
    assert client.get("/").status_code == 200


def test_the_same_subject_finds_the_same_user_even_with_a_new_email(
    client, saml_identity_provider, herning_and_aarhus
) -> None:
    person = _person("uuid-karen", HERNING_CVR, (HERNING_CVR, [CONSULTANT], {}))
    _log_in(client, saml_identity_provider, person)
    client.logout()
    person.attributes["https://data.gov.dk/model/core/eid/email"] = ["karen.k@herning.dk"]
    _log_in(client, saml_identity_provider, person)
    assert FederatedIdentity.objects.count() == 1
    assert User.objects.get(federated_identities__subject="uuid-karen").email == "karen.k@herning.dk"


def test_a_person_with_no_mapped_privilege_gets_the_refusal_page(
    client, saml_identity_provider, herning_and_aarhus
) -> None:
    person = _person("uuid-ole", HERNING_CVR, (HERNING_CVR, ["http://kombit.dk/roles/other-system/1"], {}))
    refused = _log_in(client, saml_identity_provider, person)
    assert refused.status_code == 403
    assert "ingen rettighed, der giver adgang til SSP-platformen" in refused.content.decode()
    assert not User.objects.filter(federated_identities__subject="uuid-ole").exists()
    assert "_auth_user_id" not in client.session


def test_a_log_in_at_nsis_low_still_asks_for_the_platforms_second_factor(
    client, saml_identity_provider, herning_and_aarhus
) -> None:
    person = _person("uuid-karen", HERNING_CVR, (HERNING_CVR, [CONSULTANT], {}), loa="Low")
    _log_in(client, saml_identity_provider, person)
    start = client.get("/")
    assert start.status_code == 302 and start["Location"].startswith("/konto/")


def test_the_sp_metadata_asks_for_signed_assertions(client, saml_identity_provider) -> None:
    metadata = client.get("/sso/saml/metadata/").content.decode()
    assert 'WantAssertionsSigned="true"' in metadata and 'AuthnRequestsSigned="true"' in metadata
    assert "http://testserver/sso/saml/acs/" in metadata


def test_an_unsigned_assertion_is_refused(client, saml_identity_provider, herning_and_aarhus) -> None:
    saml_identity_provider.sign_assertion = False
    refused = _log_in(
        client, saml_identity_provider, _person("uuid-karen", HERNING_CVR, (HERNING_CVR, [CONSULTANT], {}))
    )
    assert refused.status_code == 403
    assert "kunne ikke godkendes" in refused.content.decode()
    assert not FederatedIdentity.objects.exists()
    assert "_auth_user_id" not in client.session
