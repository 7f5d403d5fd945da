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
from ssp.plans import services
from ssp.plans.models import (
    ActionPlan,
    ActionPlanKind,
    FocusArea,
    FocusScope,
    Initiative,
    Milestone,
    PlannedInitiative,
    PlanVersion,
    PreventionForm,
    Project,
    SchoolClass,
    StatutoryPlan,
    StatutoryPlanKind,
    TrendSource,
    TriangleLevel,
)
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


WORLD_YEAR = 2027


@dataclass
class World:
    sydost: Sydost
    version: PlanVersion
    plan: ActionPlan
    planned: PlannedInitiative
    initiative: Initiative
    school_class: SchoolClass
    statutory: StatutoryPlan
    project: Project
    milestone: Milestone
    reader: User  # a teacher in Hedensted: may read the district's plans, may change none of Horsens'


@pytest.fixture
def world(
    sydost: Sydost,
    horsens_schools: list[Organisation],
    make_user: Callable[..., User],
    meeting_of: Callable[..., Meeting],
) -> World:
    actor = sydost.consultant
    annual = services.generate_cycle(sydost.district, year=WORLD_YEAR, actor=sydost.secretariat)
    version = services.start_cooperation_plan(sydost.district, year=WORLD_YEAR, actor=sydost.secretariat)
    for n, key in enumerate(("tryghed", "indbrud", "panther-i")):
        services.save_focus_area(
            FocusArea(version=version, key=key, scope=FocusScope.LOCAL, title=key.title(), order=n),
            actor=sydost.secretariat,
        )
    plan = services.create_action_plan(
        sydost.horsens,
        actor=actor,
        year=WORLD_YEAR,
        kind=ActionPlanKind.COORDINATED,
        title="Samordnet handlingsplan",
        owner_forum=sydost.lokalraad,
    )
    initiatives = [
        services.save_initiative(
            Initiative(
                municipality=sydost.horsens,
                title=f"Undervisning {grade}. klasse",
                triangle_level=TriangleLevel.PREVENTIVE,
                prevention_form=PreventionForm.GENERAL,
                grades=[grade],
                has_parent_meeting=True,
            ),
            actor=actor,
        )
        for grade in (4, 5, 8)
    ]
    planned = services.add_planned_initiative(
        plan, actor=actor, initiative=initiatives[0], focus_keys=["tryghed"], evaluation_method=""
    )
    classes = [
        services.add_school_class(school, actor=actor, school_year=2025, grade=4, letter=letter)
        for school in horsens_schools
        for letter in "AB"
    ]
    services.record_delivery(
        initiatives[0],
        actor=actor,
        school_class=classes[0],
        delivered_on=date(2025, 9, 3),
        delivered_by="SSP",
        participants=20,
    )
    statutory = services.save_statutory_plan(
        StatutoryPlan(
            municipality=sydost.horsens,
            kind=StatutoryPlanKind.HONOUR_CONFLICT,
            title="Beredskabsplan",
            last_reviewed_on=date(2023, 1, 5),
        ),
        actor=actor,
    )
    trend = services.raise_trend(
        sydost.district,
        actor=actor,
        what="Knivbæring",
        where="Horsens",
        since=date(2026, 5, 1),
        source=TrendSource.POLICE,
    )
    reader = make_user(StaffRole.SSP_TEACHER, municipality="766")
    return World(
        sydost,
        version,
        plan,
        planned,
        initiatives[0],
        classes[1],
        statutory,
        trend.project,
        annual.milestones.get(kind="national_focus_published"),
        reader,
    )
