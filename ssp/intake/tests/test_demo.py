"""The demo: a week of Guldborgsund's daily report waits as a preview for the demo consultant, once."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.intake import demo
from ssp.intake.models import IntakePreview, RowState

pytestmark = pytest.mark.django_db


def test_the_demo_week_is_ready_to_import_and_loads_once(
    guldborgsund_children: list[Citizen], make_user: Callable[..., User]
) -> None:
    make_user(role=StaffRole.SSP_CONSULTANT, municipality="376", username=demo.CONSULTANT)
    out = io.StringIO()

    demo.load(password="x", stdout=out)
    demo.load(password="x", stdout=out)

    preview = IntakePreview.objects.get()
    assert preview.status == "open"
    assert preview.rows.filter(state=RowState.NEEDS_CONFIRMATION).count() == 2
    assert "allerede klar" in out.getvalue()
