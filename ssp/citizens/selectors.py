"""Reads of the citizen register that show nobody: ids and places only, for routing and figures."""

from __future__ import annotations

from collections.abc import Iterable

from ssp.citizens.models import Citizen


def municipalities_of(citizen_ids: Iterable[int]) -> dict[int, int]:
    """Citizen id -> the municipality the citizen lives in (where a daily-report row about them is routed)."""
    return dict(Citizen.objects.filter(pk__in=list(citizen_ids)).values_list("pk", "municipality_id"))
