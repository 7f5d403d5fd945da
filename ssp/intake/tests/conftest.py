"""Fixtures of the intake tests: Guldborgsund's registered children (the demo's) and the demo daily report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from importlib import resources

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.concerns.fictional import FictionalPerson, fictional_people
from ssp.structure.models import Municipality

GULDBORGSUND = "376"


@pytest.fixture
def demo_report() -> bytes:
    return resources.files("ssp.intake").joinpath("data/demo_daily_report_guldborgsund.csv").read_bytes()


@pytest.fixture
def guldborgsund_children(db: None) -> list[Citizen]:
    """The 32 fictional citizens the demo registers in Guldborgsund (the report refers to them)."""
    place = Municipality.objects.get(code=GULDBORGSUND)
    people: list[FictionalPerson] = fictional_people(32, seed=376, on=date(2026, 1, 1))
    citizens = []
    for person in people:
        citizen = Citizen(first_name=person.first_name, last_name=person.last_name, municipality=place)
        citizen.cpr = person.cpr
        citizen.save()
        citizens.append(citizen)
    return citizens


@pytest.fixture
def consultant(make_user: Callable[..., User]) -> User:
    return make_user(role=StaffRole.SSP_CONSULTANT, municipality=GULDBORGSUND, username="gb.consultant")
