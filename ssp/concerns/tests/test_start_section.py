from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.concerns import services
from ssp.testing.concerns import responsible_grant


def test_the_start_page_counts_my_open_and_active_concerns_without_naming_anyone(
    make_user: Any, make_concern: Any, login: Any
) -> None:
    me = make_user()
    concerns = [make_concern(responsible=me) for _ in range(3)]
    services.update_concern(
        concerns[0], actor=me, grant=responsible_grant(concerns[0]), track=concerns[0].track, status="active"
    )

    body = login(me).get(reverse("core:start")).content.decode()

    assert "Mine sager" in body
    assert "2 åbne sager" in body
    assert "1 aktiv sag" in body
    assert all(c.citizen.last_name not in body for c in concerns)
