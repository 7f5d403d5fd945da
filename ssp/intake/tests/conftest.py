"""Fixtures of the intake tests: Guldborgsund's registered children (the demo's) and the demo daily report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

import pytest
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.concerns.fictional import FictionalPerson, fictional_people
from ssp.intake.models import IntakePreview
from ssp.intake.services import BACKGROUND_FROM_BYTES, commit_preview, confirm_row, create_preview, reject_row
from ssp.meetings.models import Meeting
from ssp.structure.models import Forum, ForumKind, Level, Membership, MembershipRole, Municipality

GULDBORGSUND = "376"


@pytest.fixture
def demo_report() -> bytes:
    return resources.files("ssp.intake").joinpath("data/demo_daily_report_guldborgsund.csv").read_bytes()


def large_report(demo_report: bytes, *, repeats_about: str = "") -> bytes:
    """The demo week's rows again and again, each under a journal number of its own, past the background size.

    With ``repeats_about`` (a kommunekode), every row after the first week is about that municipality, as in the
    police district's whole report: the uploader's own preview then holds one week."""
    header, *lines = demo_report.decode("cp1252").splitlines()
    rows, i = [header], 0
    while sum(len(row) + 2 for row in rows) < BACKGROUND_FROM_BYTES + 10_000:
        cells = lines[i % len(lines)].split(";")
        cells[0] = f"0370-80231-{i:06d}-26"
        if repeats_about and i >= len(lines):
            cells[9] = repeats_about
        rows.append(";".join(cells))
        i += 1
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


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


@dataclass
class Indsatsmoede:
    """Guldborgsund's weekly intervention meeting: consultant, police coordinator, children and families, youth unit."""

    forum: Forum
    meeting: Meeting
    consultant: User
    police: User
    family: User
    caseworker: User
    outsider: User


@pytest.fixture
def indsatsmoede(consultant: User, make_user: Callable[..., User]) -> Indsatsmoede:
    place = Municipality.objects.get(code=GULDBORGSUND)
    forum = Forum.objects.create(
        kind=ForumKind.CASE_COORDINATION,
        name="Indsatsmøde",
        municipality=place,
        level=Level.OPERATIVE,
        allows_person_sensitive=True,
    )
    police = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, username="gb.police")
    police.police_district = place.police_district
    police.save()
    family = make_user(role=StaffRole.CASEWORKER, municipality=GULDBORGSUND, username="gb.family")
    caseworker = make_user(role=StaffRole.CASEWORKER, municipality=GULDBORGSUND, username="gb.caseworker")
    outsider = make_user(role=StaffRole.SSP_CONSULTANT, municipality=GULDBORGSUND, username="gb.outsider")
    for member in (consultant, police, family):
        Membership.objects.create(user=member, forum=forum, role=MembershipRole.MEMBER, starts_on=date(2020, 1, 1))
    start = timezone.now() + timedelta(days=2)
    meeting = Meeting.objects.create(forum=forum, starts_at=start, ends_at=start + timedelta(hours=2), place="Rådhuset")
    return Indsatsmoede(forum, meeting, consultant, police, family, caseworker, outsider)


@pytest.fixture
def committed_week(demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User) -> IntakePreview:
    """The demo week previewed, the grey zone decided (row 10 confirmed, the twin of row 23 rejected), committed."""
    preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=date(2026, 11, 30))
    row = preview.rows.get(number=10)
    confirm_row(row, actor=consultant, citizen_id=row.candidates[0]["citizen"])
    reject_row(preview.rows.get(number=23), actor=consultant)
    commit_preview(preview, actor=consultant)
    return preview
