"""Police staff log in as the municipalities they work with choose: local accounts with two-factor log-in, or the
police's own identity provider (``MunicipalSignOn.police_sign_in``, ``ssp.privacy.federation`` rules 6 and 7)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from ssp.accounts.models import StaffRole, User
from ssp.sso.bpp import OIOSAML3_ATTRIBUTE, OIOSAML3_CVR_ATTRIBUTE
from ssp.sso.models import IdentityProvider, MunicipalSignOn, PoliceSignIn, PrivilegeMapping
from ssp.sso.testing import privilege_list
from ssp.structure.models import Municipality
from ssp.testing.identity_providers import OidcProvider, Person, authorize_at_provider

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"
HERNING_CVR = "29189919"
POLICE_PRIVILEGE = "http://ssp.kombit.dk/roles/usersystemrole/ssp_politi/1"


@pytest.fixture
def police_idp() -> IdentityProvider:
    return IdentityProvider.objects.create(name="Politiets IdP", protocol="saml", entity_id="https://idp.politi.dk")


def _officer(make_user: Any, code: str) -> User:
    """A prevention officer of the police district of the municipality ``code`` (no municipality of their own)."""
    district = Municipality.objects.get(code=code).police_district
    return make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district)


def _password_log_in(user: User) -> Any:
    return Client().post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def _require_police_idp(code: str, provider: IdentityProvider, cvr: str = HERNING_CVR) -> MunicipalSignOn:
    return MunicipalSignOn.objects.create(
        municipality=Municipality.objects.get(code=code),
        cvr=cvr,
        police_sign_in=PoliceSignIn.IDENTITY_PROVIDER,
        police_identity_provider=provider,
    )


def test_police_log_in_with_password_and_second_factor_where_no_municipality_chose_otherwise(make_user) -> None:
    response = _password_log_in(_officer(make_user, "657"))

    assert response.status_code == 302 and "_auth_user_id" in response.client.session


def test_a_municipality_that_requires_the_police_provider_closes_local_log_in_for_its_district(
    make_user, police_idp
) -> None:
    officer = _officer(make_user, "657")
    _require_police_idp("657", police_idp)

    response = _password_log_in(officer)

    assert response.status_code == 200 and "_auth_user_id" not in response.client.session
    assert response.context["form"].errors


def test_the_choice_binds_police_staff_only_and_only_in_that_district(make_user, police_idp) -> None:
    _require_police_idp("657", police_idp)
    herning_consultant = make_user(StaffRole.SSP_CONSULTANT, municipality="657")
    officer_elsewhere = _officer(make_user, "161")

    assert _password_log_in(herning_consultant).status_code == 302
    assert _password_log_in(officer_elsewhere).status_code == 302


def test_a_system_administrator_changes_the_choice_in_the_admin(make_user, login, police_idp) -> None:
    sign_on = MunicipalSignOn.objects.create(municipality=Municipality.objects.get(code="657"), cvr=HERNING_CVR)
    client = login(make_user(StaffRole.SYSTEM_ADMIN, is_staff=True, is_superuser=True))

    form = {
        "municipality": sign_on.municipality_id,
        "cvr": HERNING_CVR,
        "police_sign_in": PoliceSignIn.IDENTITY_PROVIDER,
        "police_identity_provider": "",
        "privilege_mappings-TOTAL_FORMS": "0",
        "privilege_mappings-INITIAL_FORMS": "0",
    }
    url = f"/admin/sso/municipalsignon/{sign_on.pk}/change/"
    without_provider = client.post(url, form)
    saved = client.post(url, {**form, "police_identity_provider": police_idp.pk})

    assert without_provider.status_code == 200  # the constraint: the provider must be named
    assert saved.status_code == 302
    sign_on.refresh_from_db()
    assert (sign_on.police_sign_in, sign_on.police_identity_provider) == (PoliceSignIn.IDENTITY_PROVIDER, police_idp)


def _police_person(subject: str) -> Person:
    return Person(
        subject=subject,
        attributes={
            OIOSAML3_CVR_ATTRIBUTE: [HERNING_CVR],
            OIOSAML3_ATTRIBUTE: [privilege_list((HERNING_CVR, [POLICE_PRIVILEGE], {}))],
        },
        authn_context="https://data.gov.dk/concept/core/nsis/loa/Substantial",
    )


def _federated_log_in(client: Client, provider: OidcProvider, person: Person) -> Any:
    provider.person = person
    started = client.get("/sso/oidc/authenticate/")
    back = urlsplit(authorize_at_provider(started["Location"]))
    return client.get(back.path + "?" + back.query)


def test_a_police_role_comes_only_through_the_provider_the_municipality_named_for_the_police(
    client, oidc_provider, police_idp
) -> None:
    sign_on = _require_police_idp("657", police_idp)
    PrivilegeMapping.objects.create(
        sign_on=sign_on, privilege=POLICE_PRIVILEGE, role=StaffRole.POLICE_PREVENTION_OFFICER
    )

    refused = _federated_log_in(client, oidc_provider, _police_person("sub-politi"))
    sign_on.police_identity_provider = IdentityProvider.objects.get(entity_id=oidc_provider.issuer)
    sign_on.save()
    accepted = _federated_log_in(Client(), oidc_provider, _police_person("sub-politi"))

    refusal_page = client.get(refused["Location"])
    assert refusal_page.status_code == 403
    assert "identitetsudbyder, kommunen har valgt til politiet" in refusal_page.content.decode()
    assert accepted.status_code == 302 and accepted["Location"] == "/"
    assert User.objects.get(federated_identities__subject="sub-politi").role == StaffRole.POLICE_PREVENTION_OFFICER
