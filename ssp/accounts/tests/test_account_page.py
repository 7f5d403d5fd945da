from __future__ import annotations

import pytest

from ssp.accounts.services import issue_api_token, regenerate_recovery_codes

pytestmark = pytest.mark.django_db


def test_it_shows_second_factor_status_and_the_active_tokens(make_user, login, django_assert_num_queries):
    user = make_user()
    client = login(user)
    regenerate_recovery_codes(user, actor=user)
    for name in ("Skolesystem", "Statistik", "Kalender"):
        issue_api_token(user, actor=user, name=name)
    other = make_user()
    issue_api_token(other, actor=other, name="Andens nøgle")

    # Session, user, verified device, device status, recovery-code count, municipality, tokens, session save (3).
    with django_assert_num_queries(10):
        response = client.get("/konto/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Totrinsbekræftelse er slået til" in page
    assert "10 ubrugte gendannelseskoder" in page
    assert [t.name for t in response.context["tokens"]] == ["Kalender", "Statistik", "Skolesystem"]
    assert "Andens nøgle" not in page


def test_it_offers_enrolment_to_an_elected_official_without_a_device(make_user, client):
    client.force_login(make_user(role="elected_official"))

    response = client.get("/konto/")

    assert "Totrinsbekræftelse er ikke slået til" in response.content.decode()


def test_it_refuses_anonymous_visitors(client):
    assert client.get("/konto/")["Location"].startswith("/konto/log-ind/")
