from __future__ import annotations

import io
from typing import Any

from ssp.citizens.models import Citizen
from ssp.concerns import demo
from ssp.concerns.models import Concern, ConcernStatus, Track


def test_it_loads_concerns_for_existing_demo_users_and_is_idempotent(make_user: Any) -> None:
    make_user(username="glostrup.consultant")
    make_user(username="glostrup.caseworker", role="caseworker")
    out = io.StringIO()

    demo.load(password="x", stdout=out)
    counts = (Citizen.objects.count(), Concern.objects.count())
    demo.load(password="x", stdout=out)

    assert counts == (demo.PER_PLACE, demo.PER_PLACE)
    assert (Citizen.objects.count(), Concern.objects.count()) == counts
    assert "holstebro.consultant findes ikke" in out.getvalue()
    assert set(Concern.objects.values_list("status", flat=True)) == set(ConcernStatus)
    assert len(set(Concern.objects.values_list("track", flat=True))) == len(Track)
