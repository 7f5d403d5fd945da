from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from ssp.privacy.audit import record
from ssp.privacy.models import AuditAction


def _families(content: bytes) -> dict[str, list[tuple[dict[str, str], float]]]:
    return {
        family.name: [(sample.labels, sample.value) for sample in family.samples]
        for family in text_string_to_metric_families(content.decode())
    }


@pytest.mark.django_db
def test_it_counts_requests_by_view_and_reports_installation_gauges(client) -> None:
    client.get("/health/live")
    record(actor=None, action=AuditAction.VIEW, detail="metrics test")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    families = _families(response.content)
    live = [v for labels, v in families["ssp_http_requests"] if labels.get("view") == "operations:live"]
    assert live and live[0] >= 1
    assert any(labels.get("view") == "operations:live" for labels, _ in families["ssp_http_request_duration_seconds"])
    assert families["ssp_task_queue_depth"] == [({}, 0.0)]
    assert families["ssp_tasks_failed"] == [({}, 0.0)]
    [(_, age)] = families["ssp_audit_chain_head_age_seconds"]
    assert 0 <= age < 60


@pytest.mark.django_db
def test_it_refuses_an_outside_address_without_the_token(client, settings) -> None:
    settings.SSP_METRICS_TOKEN = "a-long-scrape-token"
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.7").status_code == 403
    wrong = client.get("/metrics", REMOTE_ADDR="198.51.100.7", HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.status_code == 403
    right = client.get("/metrics", REMOTE_ADDR="198.51.100.7", HTTP_AUTHORIZATION="Bearer a-long-scrape-token")
    assert right.status_code == 200


@pytest.mark.django_db
def test_it_refuses_everyone_outside_the_networks_when_no_token_is_set(client, settings) -> None:
    settings.SSP_METRICS_TOKEN = ""
    settings.SSP_METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer ").status_code == 403
