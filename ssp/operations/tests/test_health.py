from __future__ import annotations

import pytest
from django.db import connections

from ssp.operations import readiness


def test_it_answers_live_without_touching_the_database(client) -> None:
    # No django_db mark: any query would raise, so a pass proves liveness needs no database.
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_it_is_ready_when_database_and_task_queue_answer(client) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "task_queue": "ok"}}


@pytest.mark.django_db
def test_a_failing_registered_check_makes_the_server_unready_without_its_message(client, caplog) -> None:
    def outbox_stuck() -> None:
        raise RuntimeError("postgres://user:secret@db/ssp")

    readiness.register_check("mail_outbox", outbox_stuck)
    try:
        response = client.get("/health/ready")
    finally:
        readiness.unregister_check("mail_outbox")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "mail_outbox": "failed", "task_queue": "ok"}
    assert b"secret" not in response.content
    assert "secret" not in caplog.text
    assert [r.error_class for r in caplog.records if r.name == "ssp.operations.readiness"] == ["RuntimeError"]


@pytest.mark.django_db
def test_it_is_unready_when_the_task_table_is_gone(client) -> None:
    # A real missing table, in this test's transaction only (rolled back afterwards).
    with connections["default"].cursor() as cursor:
        cursor.execute("ALTER TABLE django_tasks_database_dbtaskresult RENAME TO moved_away")
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"] == "failed"
