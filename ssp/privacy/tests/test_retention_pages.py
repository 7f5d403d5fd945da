"""The municipality's retention periods: shown with the next run's count, edited by its administrator, audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.concerns.models import Concern
from ssp.privacy.models import AuditEvent, RetentionRule


def test_the_page_shows_defaults_and_the_next_runs_count(make_user: Any, make_concern: Any, login: Any) -> None:
    concern = make_concern()
    Concern.objects.filter(pk=concern.pk).update(last_activity_at=timezone.now() - timedelta(days=400))
    make_concern(municipality="661")

    response = login(make_user(role=StaffRole.MUNICIPAL_ADMIN)).get(reverse("privacy:retention_rules"))

    assert response.status_code == 200
    assert len(response.context["preview"].closed["concern"]) == 1
    assert [rule.close_inactive_after_days for rule in response.context["rules"]] == [365] * 4


def test_the_administrator_edits_a_rule_and_it_is_audited(make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    url = reverse("privacy:edit_retention_rule", args=["note"])
    client = login(admin)

    refused = client.post(url, {"close_inactive_after_days": 200, "delete_after_days": 100})
    response = client.post(url, {"close_inactive_after_days": 200, "delete_after_days": 400})

    assert refused.status_code == 200 and "delete_after_days" in refused.context["form"].errors
    assert response.status_code == 302
    rule = RetentionRule.objects.get(municipality__code="161", record_type="note")
    assert (rule.close_inactive_after_days, rule.delete_after_days) == (200, 400)
    event = AuditEvent.objects.get(action="update_retention_rule", actor=admin)
    assert sorted(event.changed_fields) == ["close_inactive_after_days", "delete_after_days"]


@pytest.mark.parametrize("role", [StaffRole.SSP_CONSULTANT, StaffRole.MANAGER, StaffRole.SYSTEM_ADMIN])
def test_only_the_municipal_administrator_sees_and_edits(role: str, make_user: Any, login: Any) -> None:
    client = login(make_user(role=role))

    assert client.get(reverse("privacy:retention_rules")).status_code == 403
    assert client.post(reverse("privacy:edit_retention_rule", args=["concern"]), {}).status_code == 403
    assert not RetentionRule.objects.exists()
