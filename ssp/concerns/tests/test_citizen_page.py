from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.concerns import services


def test_it_lists_only_the_concerns_the_viewer_may_see(make_concern: Any, make_user: Any, login: Any) -> None:
    caseworker = make_user(role=StaffRole.CASEWORKER)
    seen = make_concern(caseworker=caseworker)
    unseen = services.open_concern(seen.citizen, actor=make_user(), source="school", severity="low")

    body = login(caseworker).get(reverse("concerns:citizen", args=[seen.citizen_id])).content.decode()

    assert reverse("concerns:detail", args=[seen.pk]) in body
    assert reverse("concerns:detail", args=[unseen.pk]) not in body
    assert f"{seen.citizen.birth_date:%d%m%y}-xxxx" in body
    assert "Vis CPR-nummer" in body


def test_no_relation_is_404(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern()
    response = login(make_user(role=StaffRole.SYSTEM_ADMIN)).get(reverse("concerns:citizen", args=[concern.citizen_id]))
    assert response.status_code == 404
