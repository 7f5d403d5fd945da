"""Fixtures for the structure: forums and organisations built through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.structure import services
from ssp.structure.models import (
    Forum,
    ForumKind,
    Level,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
)


def acting_admin() -> User:
    """The system administrator who makes the structure changes of a test (the services log who acted)."""
    user, _ = User.objects.get_or_create(
        username="structure-admin", defaults={"role": StaffRole.SYSTEM_ADMIN, "first_name": "Struktur"}
    )
    return user


@pytest.fixture
def make_forum(db: None) -> Callable[..., Forum]:
    """Save a forum through ``save_forum``; by default an SSP steering group in Glostrup (161)."""

    def make(name: str = "SSP-styregruppe", municipality: str | None = "161", **fields: Any) -> Forum:
        members = fields.pop("member_municipalities", None)
        forum = Forum(
            name=name,
            kind=fields.pop("kind", ForumKind.SSP_STEERING_GROUP),
            level=fields.pop("level", Level.STRATEGIC),
            municipality=Municipality.objects.get(code=municipality) if municipality else None,
            **fields,
        )
        return services.save_forum(forum, actor=acting_admin(), member_municipalities=members)

    return make


@pytest.fixture
def make_organisation(db: None) -> Callable[..., Organisation]:
    """Save an organisation through ``save_organisation``; by default a school in Glostrup (161)."""

    def make(name: str = "Hvissingeskolen", municipality: str | None = "161", **fields: Any) -> Organisation:
        organisation = Organisation(
            name=name,
            kind=fields.pop("kind", OrganisationKind.SCHOOL),
            municipality=Municipality.objects.get(code=municipality) if municipality else None,
            **fields,
        )
        return services.save_organisation(organisation, actor=acting_admin())

    return make


@pytest.fixture
def build_forums(make_user: Callable[..., User]) -> Callable[..., list[Forum]]:
    """``build_forums(n, code="161")``: n forums in the municipality, one per level in turn, each
    reporting to the municipality's Lokalråd, with a school and two current members each."""

    def build(n: int, code: str = "161") -> list[Forum]:
        place = Municipality.objects.get(code=code)
        top = Forum.objects.get(municipality=place, kind=ForumKind.LOCAL_COUNCIL)
        levels = [Level.OPERATIVE, Level.TACTICAL, Level.EXECUTIVE]
        offset = Forum.objects.filter(municipality=place).count()
        forums = []
        for i in range(n):
            number = offset + i
            school = services.save_organisation(
                Organisation(name=f"Skole {number}", kind=OrganisationKind.SCHOOL, municipality=place),
                actor=acting_admin(),
            )
            forum = services.save_forum(
                Forum(
                    kind=ForumKind.SSP_LOCAL_NETWORK,
                    name=f"SSP-netværk {number}",
                    municipality=place,
                    level=levels[i % 3],
                    purpose="Forebyggelse **på tværs**.",
                    chair_rule="SSP-konsulenten",
                    meetings_per_year_min=4,
                    meetings_per_year_max=6,
                    reports_to=top,
                ),
                actor=acting_admin(),
            )
            for role in (MembershipRole.CHAIR, MembershipRole.MEMBER):
                services.add_membership(
                    forum=forum,
                    user=make_user(StaffRole.SSP_CONSULTANT, municipality=code),
                    role=role,
                    starts_on=date(2024, 1, 1),
                    organisation=school,
                    actor=acting_admin(),
                )
            forums.append(forum)
        return forums

    return build
