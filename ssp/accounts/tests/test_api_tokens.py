from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ssp.accounts.models import ApiToken
from ssp.accounts.services import issue_api_token

pytestmark = pytest.mark.django_db

CREATE = "/konto/api-noegler/"


def test_it_creates_a_token_and_shows_it_once(make_user, login):
    user = make_user()
    client = login(user)
    expires_on = timezone.localdate() + timedelta(days=30)

    response = client.post(CREATE, {"name": "Skolesystem", "expires_on": expires_on.strftime("%d.%m.%Y")})

    raw = response.context["raw_token"]
    token = ApiToken.objects.get(user=user)
    assert raw in response.content.decode()
    assert token.name == "Skolesystem"
    assert token.key_hash == ApiToken.hash(raw)
    assert raw.startswith("ssp_" + token.prefix)
    assert timezone.localtime(token.expires_at).date() == expires_on
    assert raw not in client.get("/konto/").content.decode()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_it_says_what_is_wrong_with_the_name_and_date(make_user, login):
    client = login(make_user())

    response = client.post(CREATE, {"name": "", "expires_on": "31.02.2020"})

    assert response.status_code == 400
    errors = response.context["token_form"].errors
    assert set(errors) == {"name", "expires_on"}
    assert not ApiToken.objects.exists()


def test_it_refuses_an_expiry_in_the_past(make_user, login):
    client = login(make_user())
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client.post(CREATE, {"name": "Gammel", "expires_on": yesterday.strftime("%d.%m.%Y")})

    assert response.context["token_form"].errors["expires_on"] == ["Udløbsdatoen skal ligge efter i dag."]


def test_it_revokes_an_own_token_which_then_stops_working(make_user, login):
    user = make_user()
    raw = issue_api_token(user, actor=user, name="Skolesystem")
    token = ApiToken.objects.get(user=user)
    client = login(user)

    response = client.post(f"/konto/api-noegler/{token.pk}/tilbagekald/")

    assert response["Location"] == "/konto/"
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_it_refuses_to_revoke_someone_elses_token(make_user, login):
    owner, intruder = make_user(), make_user(role="system_admin")
    issue_api_token(owner, actor=owner, name="Skolesystem")
    token = ApiToken.objects.get(user=owner)

    response = login(intruder).post(f"/konto/api-noegler/{token.pk}/tilbagekald/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_routes_refuse_anonymous_visitors(make_user, client):
    owner = make_user()
    issue_api_token(owner, actor=owner, name="Skolesystem")
    token = ApiToken.objects.get(user=owner)

    assert client.post(CREATE, {"name": "X"})["Location"].startswith("/konto/log-ind/")
    assert client.post(f"/konto/api-noegler/{token.pk}/tilbagekald/")["Location"].startswith("/konto/log-ind/")
    assert not ApiToken.objects.filter(name="X").exists()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_without_a_date_expires_after_the_configured_days(make_user, settings):
    settings.SSP_API_TOKEN_DAYS = 30
    user = make_user()
    issue_api_token(user, actor=user, name="Skolesystem")
    token = ApiToken.objects.get(user=user)
    assert token.expires_at is not None
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)


def test_a_password_change_ends_the_token(make_user, client):
    user = make_user()
    raw = issue_api_token(user, actor=user, name="Skolesystem")
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 200

    user.set_password("a-completely-new-password-42")
    user.save()

    assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_a_read_only_token_reads_and_searches_but_never_writes(make_user, make_concern, client):
    user = make_user()
    raw = issue_api_token(user, actor=user, name="Rapportværktøj", read_only=True)
    auth = {"Authorization": f"Bearer {raw}"}
    concern = make_concern()

    assert client.get("/api/v1/me", headers=auth).status_code == 200
    search = client.post(
        "/api/v1/citizens/search", {"cpr": "0101101234"}, content_type="application/json", headers=auth
    )
    assert search.status_code == 200
    note = client.post(
        f"/api/v1/concerns/{concern.pk}/notes", {"text": "Ny oplysning"}, content_type="application/json", headers=auth
    )
    assert note.status_code == 403
    assert "kun læse" in note.json()["detail"]


def test_the_form_creates_a_read_only_token(make_user, login):
    user = make_user()
    login(user).post(CREATE, {"name": "Rapportværktøj", "read_only": "on"})
    assert ApiToken.objects.get(user=user).read_only is True
