from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

CHANGE = "/konto/adgangskode/"


def test_it_changes_the_password_and_keeps_the_verified_session(make_user, login):
    user = make_user()
    client = login(user)
    new = "Ny-og-lang-adgangskode-2026"

    response = client.post(CHANGE, {"old_password": "test-password-123", "new_password1": new, "new_password2": new})

    assert response["Location"] == "/konto/"
    user.refresh_from_db()
    assert user.check_password(new)
    assert "Din adgangskode er skiftet." in client.get("/konto/").content.decode()


def test_it_requires_the_old_password(make_user, login):
    user = make_user()
    client = login(user)
    new = "Ny-og-lang-adgangskode-2026"

    response = client.post(CHANGE, {"old_password": "forkert", "new_password1": new, "new_password2": new})

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password("test-password-123")


def test_it_refuses_anonymous_visitors(client):
    assert client.get(CHANGE)["Location"].startswith("/konto/log-ind/")
