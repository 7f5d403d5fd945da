"""The two emergency plans of Barnets Lov § 15, stk. 3 must be evaluated at least every fourth year: the platform
warns before the interval runs out, once, and starts over when the evaluation is recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ssp.plans import services
from ssp.plans.models import StatutoryPlan, StatutoryPlanKind
from ssp.plans.selectors import review_status
from ssp.plans.tests.conftest import Sydost

pytestmark = pytest.mark.django_db


def _plan(sydost: Sydost) -> StatutoryPlan:
    return services.save_statutory_plan(
        StatutoryPlan(
            municipality=sydost.horsens,
            kind=StatutoryPlanKind.RADICALISATION,
            title="Beredskabsplan mod radikalisering",
            last_reviewed_on=date(2022, 3, 1),
        ),
        actor=sydost.consultant,
    )


def test_the_four_year_review_warns_before_it_runs_out(sydost: Sydost) -> None:
    plan = _plan(sydost)
    assert review_status(plan, today=date(2025, 9, 1)).due_on == date(2026, 3, 1)
    assert not review_status(plan, today=date(2025, 9, 1)).warning  # 181 days left
    soon = review_status(plan, today=date(2025, 9, 2))
    assert soon.warning and soon.days_left == 180 and not soon.overdue
    late = review_status(plan, today=date(2026, 3, 2))
    assert late.overdue and not late.warning


def test_the_warning_mail_goes_once_and_restarts_after_the_review(
    sydost: Sydost, smtp_server: Any, commit: Any
) -> None:
    plan = _plan(sydost)
    with commit():
        assert services.send_review_warnings(today=date(2025, 8, 1)) == 0
        assert services.send_review_warnings(today=date(2025, 10, 1)) == 1
        assert services.send_review_warnings(today=date(2025, 10, 2)) == 0
    assert [m["To"] for m in smtp_server.messages] == [sydost.consultant.email]
    assert "01.03.2026" in smtp_server.messages[0]["Subject"]
    services.record_statutory_review(plan, actor=sydost.manager, reviewed_on=date(2025, 10, 1))
    plan.refresh_from_db()
    assert plan.reminded_at is None and review_status(plan, today=date(2025, 10, 2)).due_on == date(2029, 10, 1)
    with pytest.raises(ValidationError):
        services.record_statutory_review(plan, actor=sydost.manager, reviewed_on=date(2024, 1, 1))
