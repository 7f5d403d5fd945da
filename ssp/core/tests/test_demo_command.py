"""``make run`` loads the demo on every start: the whole ``ssp demo`` must load, and load again, without an error."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from ssp.insight.models import SurveyWave
from ssp.intake.models import IntakePreview
from ssp.plans.models import CooperationPlan
from ssp.privacy.audit import verify_chain

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return SurveyWave.objects.count(), IntakePreview.objects.count(), CooperationPlan.objects.count()


def test_the_second_start_loads_the_demo_again_without_change(monkeypatch: Any) -> None:
    """A structure pack reload once deleted the survey's schools while the survey still counted their pupils."""
    monkeypatch.setenv("SSP_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", stdout=StringIO())
    first = _counts()

    out = StringIO()
    call_command("demo", stdout=out)

    assert "Demo data loaded." in out.getvalue()
    assert _counts() == first and all(first)
    checked, broken = verify_chain()
    assert checked > 0 and broken is None
