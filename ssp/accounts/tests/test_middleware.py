from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssp.accounts.models import StaffRole
from ssp.accounts.second_factor import ROLES_REQUIRING_SECOND_FACTOR
from ssp.accounts.services import issue_api_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/struktur/", "/konto/"])
def test_it_sends_a_consultant_with_only_a_password_to_enrolment(make_user, password_only, path):
    client = password_only(make_user(role=StaffRole.SSP_CONSULTANT))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/totrinsbekraeftelse/opret/?next=")


def test_it_sends_a_user_with_a_device_to_verification_and_keeps_the_page(make_user, password_only):
    user = make_user(role=StaffRole.CASEWORKER)
    TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    client = password_only(user)

    response = client.get("/struktur/?side=2")

    assert response.status_code == 302
    assert response["Location"] == "/konto/totrinsbekraeftelse/?next=%2Fstruktur%2F%3Fside%3D2"


def test_it_requires_the_second_factor_of_every_role_but_elected_officials():
    assert set(StaffRole.values) - ROLES_REQUIRING_SECOND_FACTOR == {StaffRole.ELECTED_OFFICIAL}


def test_it_does_not_force_an_elected_official(make_user, password_only):
    client = password_only(make_user(role=StaffRole.ELECTED_OFFICIAL))

    assert client.get("/").status_code == 200


def test_it_asks_an_elected_official_who_enrolled_voluntarily(make_user, password_only):
    user = make_user(role=StaffRole.ELECTED_OFFICIAL)
    TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)

    response = password_only(user).get("/")

    assert response["Location"].startswith("/konto/totrinsbekraeftelse/?next=")


@pytest.mark.parametrize("path", ["/konto/log-ind/", "/health/", "/konto/totrinsbekraeftelse/opret/"])
def test_it_leaves_log_in_health_and_enrolment_open(make_user, password_only, path):
    client = password_only(make_user())

    assert client.get(path).status_code == 200


def test_it_lets_a_verified_user_through(make_user, login):
    client = login(make_user())

    assert client.get("/").status_code == 200


def test_it_refuses_the_api_to_a_session_without_second_factor(make_user, password_only):
    client = password_only(make_user())

    response = client.get("/api/v1/me")

    assert response.status_code == 403
    assert "totrinsbekræftelse" in response.json()["detail"]


def test_it_lets_a_bearer_token_through(make_user, client):
    user = make_user()
    raw = issue_api_token(user, actor=user, name="Skolesystem")

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert response.json()["username"] == user.username


def test_it_does_not_let_a_bad_bearer_token_fall_back_to_an_unverified_session(make_user, password_only):
    client = password_only(make_user())

    response = client.get("/api/v1/me", headers={"Authorization": "Bearer ssp_forkert"})

    assert response.status_code == 401


def test_it_sends_htmx_requests_to_enrolment_as_a_full_page(make_user, password_only):
    client = password_only(make_user())

    response = client.get("/konto/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/konto/totrinsbekraeftelse/opret/?next=%2Fkonto%2F"


def test_it_runs_right_after_django_otp_which_installs_is_verified(settings):
    order = settings.MIDDLEWARE

    assert order.index("ssp.accounts.middleware.SecondFactorMiddleware") == (
        order.index("django_otp.middleware.OTPMiddleware") + 1
    )


def test_an_htmx_request_without_a_session_sends_the_whole_window_to_the_log_in(client):
    """Only a redirect to the log-in becomes HX-Redirect; a plain page load keeps Django's redirect."""
    fragment = "/struktur/"

    htmx = client.get(fragment, headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/sager/?side=2"})
    plain = client.get(fragment)

    assert htmx.status_code == 200 and htmx.content == b""
    assert htmx["HX-Redirect"] == "/konto/log-ind/?next=%2Fsager%2F%3Fside%3D2"
    assert plain.status_code == 302 and plain["Location"].startswith("/konto/log-ind/?next=")
