"""Pages carry the headers an auditor expects, and private pages are never cached."""

import pytest


@pytest.mark.django_db
def test_it_sends_csp_and_no_store_on_pages(client) -> None:
    response = client.get("/konto/log-ind/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-Id"]


@pytest.mark.django_db
def test_it_keeps_a_trusted_request_id_for_audit_correlation(client) -> None:
    response = client.get("/konto/log-ind/", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-Id"] == "abc123"


@pytest.mark.django_db
def test_it_sends_anonymous_users_to_log_in(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")
