"""Fixtures that build structure through the services, for page, API and browser tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.structure.models import Forum, ForumKind, Level, MembershipRole, Municipality, Organisation, OrganisationKind
from ssp.structure.services import add_membership, save_forum, save_organisation


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
            school = save_organisation(
                Organisation(name=f"Skole {number}", kind=OrganisationKind.SCHOOL, municipality=place), actor=None
            )
            forum = save_forum(
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
                actor=None,
            )
            for role in (MembershipRole.CHAIR, MembershipRole.MEMBER):
                add_membership(
                    forum=forum,
                    user=make_user(StaffRole.SSP_CONSULTANT, municipality=code),
                    role=role,
                    starts_on=date(2024, 1, 1),
                    organisation=school,
                    actor=None,
                )
            forums.append(forum)
        return forums

    return build
