"""The reminder jobs run through django-tasks (the database backend in production; immediate here)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ssp.plans import services, tasks
from ssp.plans.models import StatutoryPlan, StatutoryPlanKind
from ssp.plans.tests.conftest import Sydost


@pytest.mark.django_db
def test_the_review_warning_job_warns_about_an_overdue_plan(
    sydost: Sydost, settings: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    services.save_statutory_plan(
        StatutoryPlan(
            municipality=sydost.horsens,
            kind=StatutoryPlanKind.HONOUR_CONFLICT,
            title="Beredskabsplan mod æresrelaterede konflikter",
            last_reviewed_on=date(2019, 5, 1),
        ),
        actor=sydost.consultant,
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_review_warnings.enqueue()
    assert result.return_value == 1
    assert [m["To"] for m in smtp_server.messages] == [sydost.consultant.email]
