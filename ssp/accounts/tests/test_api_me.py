from __future__ import annotations

import pytest

from ssp.accounts.services import issue_api_token

pytestmark = pytest.mark.django_db


def test_it_names_the_session_user(make_user, login):
    user = make_user(municipality="661")

    response = login(user).get("/api/v1/me")

    assert response.json() == {
        "username": user.username,
        "full_name": user.get_full_name(),
        "role": "ssp_consultant",
        "municipality_code": "661",
    }


def test_it_names_the_token_owner_and_records_the_use(make_user, client):
    user = make_user(municipality=None, role="police_prevention_officer")
    raw = issue_api_token(user, actor=user, name="Døgnrapport")

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})

    assert response.json()["municipality_code"] is None
    assert user.api_tokens.get().last_used_at is not None


def test_it_refuses_anonymous_callers(client, db):
    assert client.get("/api/v1/me").status_code == 401
