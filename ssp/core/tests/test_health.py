import pytest


@pytest.mark.django_db
def test_it_reports_ok_when_the_database_answers(client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
