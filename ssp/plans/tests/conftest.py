"""Personas of the plans tests, modelled on Sydøstjylland (seed 003): the secretariat drafts the cooperation plan,
the Kredsråd approves it in December, Horsens' Lokalråd adopts its coordinated action plan in January."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.meetings.models import Meeting
from ssp.meetings.services import create_meeting
from ssp.structure.models import (
    Forum,
    ForumKind,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
    PoliceDistrict,
)

SINCE = date(2015, 1, 1)


@dataclass
class Sydost:
    district: PoliceDistrict
    council: Forum
    samraad: Forum
    horsens: Municipality
    lokalraad: Forum
    secretariat: User
    police_manager: User
    consultant: User
    manager: User
    teacher: User
    outsider: User


@pytest.fixture
def sydost(make_user: Callable[..., User]) -> Sydost:
    district = PoliceDistrict.objects.get(slug="sydoestjyllands-politi")
    horsens = Municipality.objects.get(code="615")
    council = Forum.objects.get(police_district=district, kind=ForumKind.DISTRICT_COUNCIL)
    samraad = Forum.objects.get(police_district=district, kind=ForumKind.SSP_DISTRICT_NETWORK)
    lokalraad = Forum.objects.get(municipality=horsens, kind=ForumKind.LOCAL_COUNCIL)
    secretariat = make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district)
    police_manager = make_user(StaffRole.POLICE_MANAGEMENT, municipality=None, police_district=district)
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality="615", email="ssp@horsens.example")
    manager = make_user(StaffRole.MANAGER, municipality="615")
    teacher = make_user(StaffRole.SSP_TEACHER, municipality="615")
    outsider = make_user(StaffRole.SSP_CONSULTANT, municipality="161")
    for user, forum, role in (
        (secretariat, council, MembershipRole.SECRETARY),
        (police_manager, council, MembershipRole.CHAIR),
        (consultant, lokalraad, MembershipRole.COORDINATOR),
        (manager, lokalraad, MembershipRole.MEMBER),
        (secretariat, lokalraad, MembershipRole.MEMBER),
        (consultant, samraad, MembershipRole.MEMBER),
        (secretariat, samraad, MembershipRole.COORDINATOR),
    ):
        Membership.objects.create(user=user, forum=forum, role=role, starts_on=SINCE)
    return Sydost(
        district,
        council,
        samraad,
        horsens,
        lokalraad,
        secretariat,
        police_manager,
        consultant,
        manager,
        teacher,
        outsider,
    )


@pytest.fixture
def meeting_of(sydost: Sydost) -> Callable[..., Meeting]:
    """``meeting_of(forum, in_days=14)``: a planned meeting of the forum, made by the meetings capability."""

    def make(forum: Forum, in_days: int = 14) -> Meeting:
        starts = timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(days=in_days), datetime.min.time())
        ) + timedelta(hours=13)
        return create_meeting(
            forum, starts_at=starts, ends_at=starts + timedelta(hours=2), place="Rådhuset", actor=sydost.secretariat
        )

    return make


@pytest.fixture
def horsens_schools(sydost: Sydost) -> list[Organisation]:
    return [
        Organisation.objects.create(name=name, kind=OrganisationKind.SCHOOL, municipality=sydost.horsens)
        for name in ("Lundskolen", "Østbirk Skole")
    ]
