"""Fixtures for citizens and concerns: factories that build state through the services."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.concerns import services
from ssp.concerns.fictional import fictional_people
from ssp.concerns.models import Concern, ConcernSource, Severity
from ssp.privacy.door import open_window
from ssp.privacy.policy import Grant, Relation
from ssp.structure.models import Municipality, Organisation, OrganisationKind, Position

_people = itertools.count()


def responsible_grant(concern: Concern) -> Grant:
    return Grant(relation=Relation.RESPONSIBLE, until=None, concern_id=concern.pk)


def open_agenda_window(
    user: User, concern: Concern, *, source_ref: str, hours_before: float = 1, hours_after: float = 2
) -> None:
    """An agenda participant's window on ``concern`` around now, opened by its responsible consultant."""
    now = timezone.now()
    open_window(
        user=user,
        relation=Relation.AGENDA_PARTICIPANT,
        citizen_id=concern.citizen_id,
        concern=concern,
        valid_from=now - timedelta(hours=hours_before),
        valid_until=now + timedelta(hours=hours_after),
        source_ref=source_ref,
        actor=concern.responsible,
    )


@pytest.fixture
def make_school(db: None) -> Callable[..., Organisation]:
    counter = itertools.count(1)

    def make(municipality: str = "161", name: str | None = None) -> Organisation:
        return Organisation.objects.create(
            name=name or f"Testskole {next(counter)}",
            kind=OrganisationKind.SCHOOL,
            municipality=Municipality.objects.get(code=municipality),
        )

    return make


@pytest.fixture
def place_at_school() -> Callable[[User, Organisation], Position]:
    def place(user: User, school: Organisation) -> Position:
        return Position.objects.create(
            user=user, organisation=school, title="Lærer", starts_on=timezone.localdate() - timedelta(days=30)
        )

    return place


@pytest.fixture
def make_concern(make_user: Callable[..., User]) -> Callable[..., Concern]:
    """A citizen with one concern; the responsible consultant is created in ``municipality`` unless given."""

    def make(
        *,
        municipality: str = "161",
        responsible: User | None = None,
        caseworker: User | None = None,
        team: Iterable[User] = (),
        school: Organisation | None = None,
        school_context: bool = False,
        first_name: str | None = None,
        last_name: str | None = None,
        birth_date: date | None = None,
        with_cpr: bool = True,
        **concern_fields: Any,
    ) -> Concern:
        person = fictional_people(1, seed=1000 + next(_people), on=date(2026, 1, 1), max_age=16)[0]
        responsible = responsible or make_user(role=StaffRole.SSP_CONSULTANT, municipality=municipality)
        citizen = services.register_citizen(
            actor=responsible,
            first_name=first_name or person.first_name,
            last_name=last_name or f"{person.last_name}{next(_people)}",
            municipality=Municipality.objects.get(code=municipality),
            cpr=person.cpr if with_cpr else "",
            birth_date=None if with_cpr else (birth_date or person.birth_date),
            school=school,
        ).citizen
        concern = services.open_concern(
            citizen,
            actor=responsible,
            source=concern_fields.pop("source", ConcernSource.SCHOOL),
            severity=concern_fields.pop("severity", Severity.MODERATE),
            school_context=school_context,
            caseworker=caseworker,
            **concern_fields,
        )
        for member in team:
            services.add_team_member(concern, actor=responsible, user=member, grant=responsible_grant(concern))
        return concern

    return make
