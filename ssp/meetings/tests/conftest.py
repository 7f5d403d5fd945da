"""Personas and forums of the meetings tests, modelled on Glostrup's coordination meetings (seed 001)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.structure.models import (
    Forum,
    ForumKind,
    Level,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
    Position,
)

SINCE = date(2020, 1, 1)


def join(
    user: User, forum: Forum, role: str = MembershipRole.MEMBER, organisation: Organisation | None = None
) -> Membership:
    return Membership.objects.create(user=user, forum=forum, role=role, organisation=organisation, starts_on=SINCE)


@dataclass
class Glostrup:
    municipality: Municipality
    forum: Forum
    school_a: Organisation
    school_b: Organisation
    family: Organisation
    police_unit: Organisation
    varmevaerk: Organisation
    consultant: User
    teacher_a: User
    teacher_b: User
    police: User
    caseworker: User
    varmevaerk_rep: User
    outsider: User


@pytest.fixture
def glostrup(make_user: Callable[..., User]) -> Glostrup:
    """The coordination meeting: consultant (leads), police, family section, a school rep per school, Varmeværket."""
    municipality = Municipality.objects.get(code="161")
    forum = Forum.objects.create(
        kind=ForumKind.CASE_COORDINATION,
        name="Samordningsmøde Glostrup",
        municipality=municipality,
        level=Level.OPERATIVE,
        legal_basis="Retsplejeloven §115",
        allows_person_sensitive=True,
        meetings_per_year_min=12,
        meetings_per_year_max=25,
        agenda_deadline_days=5,
        cancel_without_items=True,
        has_decision_power=False,
    )
    org = {
        key: Organisation.objects.create(name=name, kind=kind, municipality=municipality)
        for key, name, kind in [
            ("school_a", "Vestervangskolen", OrganisationKind.SCHOOL),
            ("school_b", "Skovvejens Skole", OrganisationKind.SCHOOL),
            ("family", "Familieafsnittet", OrganisationKind.CHILDREN_FAMILY_SERVICES),
            ("police_unit", "Københavns Vestegns Politi, forebyggelse", OrganisationKind.POLICE_UNIT),
            ("varmevaerk", "Varmeværket", OrganisationKind.CLUB_LEISURE),
        ]
    }
    consultant = make_user(StaffRole.SSP_CONSULTANT, email="konsulent@glostrup.example")
    teacher_a = make_user(StaffRole.SSP_TEACHER, email="laerer.a@glostrup.example")
    teacher_b = make_user(StaffRole.SSP_TEACHER, email="laerer.b@glostrup.example")
    police = make_user(StaffRole.POLICE_PREVENTION_OFFICER, email="politi@politi.example")
    caseworker = make_user(StaffRole.CASEWORKER, email="raadgiver@glostrup.example")
    varmevaerk_rep = make_user(StaffRole.OTHER, email="varmevaerket@glostrup.example")
    outsider = make_user(StaffRole.SSP_CONSULTANT, municipality="661", email="konsulent@holstebro.example")
    for teacher, school in ((teacher_a, org["school_a"]), (teacher_b, org["school_b"])):
        Position.objects.create(user=teacher, organisation=school, title="SSP-lærer", starts_on=SINCE)
    join(consultant, forum, MembershipRole.COORDINATOR)
    join(teacher_a, forum, organisation=org["school_a"])
    join(teacher_b, forum, organisation=org["school_b"])
    join(police, forum, organisation=org["police_unit"])
    join(caseworker, forum, organisation=org["family"])
    join(varmevaerk_rep, forum, organisation=org["varmevaerk"])
    return Glostrup(
        municipality,
        forum,
        org["school_a"],
        org["school_b"],
        org["family"],
        org["police_unit"],
        org["varmevaerk"],
        consultant,
        teacher_a,
        teacher_b,
        police,
        caseworker,
        varmevaerk_rep,
        outsider,
    )


@pytest.fixture
def make_pupil(glostrup: Glostrup) -> Callable[..., Any]:
    """A citizen with an open school-context concern; built with the ORM because the concerns services are another
    capability's (the relation rules under test are the privacy policy's, not how a concern is opened)."""
    from ssp.citizens.models import Citizen
    from ssp.concerns.models import Concern

    counter = {"n": 0}

    def make(
        school: Organisation | None, first_name: str = "Mikkel", last_name: str = "Sørensen", cpr: str = ""
    ) -> Concern:
        counter["n"] += 1
        citizen = Citizen(first_name=first_name, last_name=last_name, municipality=glostrup.municipality, school=school)
        if cpr:
            citizen.cpr = cpr
        citizen.save()
        return Concern.objects.create(
            citizen=citizen,
            municipality=glostrup.municipality,
            track="ssp",
            source="school",
            severity="moderate",
            status="open",
            responsible=glostrup.consultant,
            school_context=school is not None,
            summary="Bekymring",
        )

    return make


@pytest.fixture
def next_meeting(glostrup: Glostrup) -> Any:
    from ssp.meetings.services import create_meeting

    starts = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=14), datetime.min.time())
    ) + timedelta(hours=9)
    return create_meeting(
        glostrup.forum,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Glostrup Rådhus, mødelokale 2",
        actor=glostrup.consultant,
    )


@pytest.fixture
def make_minuted_agenda(glostrup: Glostrup, next_meeting: Any, make_pupil: Callable[..., Any]) -> Callable[..., Any]:
    """The next meeting with a general item minuted in draft and a person-sensitive item about a pupil of school A."""

    def make(minutes: str, decision: str = "") -> Any:
        from ssp.meetings.services import add_agenda_item, record_item_minutes

        general = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
        record_item_minutes(general, actor=glostrup.consultant, text=minutes, decision=decision)
        concern = make_pupil(glostrup.school_a)
        add_agenda_item(
            next_meeting,
            actor=glostrup.consultant,
            title="Elev, Vestervangskolen",
            kind="person_sensitive",
            concern_ids=[concern.pk],
        )
        return next_meeting

    return make
