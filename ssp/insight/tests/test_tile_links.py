"""Click-through from a dashboard tile to the records behind it, per role, from the outside: the dashboard's HTML
links a tile to its records only for a reader ``ssp.privacy.figures.may_open_records`` admits; everyone else sees
the aggregate alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.concerns.models import Concern
from ssp.insight.tests.conftest import HOLSTEBRO
from ssp.privacy.figures import Records, may_open_records
from ssp.structure.models import Municipality

CASE_TILES = {"concerns", "actions", "deadlines", "programmes", "programme_outcomes"}
STAFF_TILES = {"meetings", "initiatives", "plans"}


def linked_tiles(client: Any, url: str) -> dict[str, str]:
    """Tile key → the href of its "records behind" link, for every tile that has one."""
    html = client.get(url).content.decode()
    sections = re.findall(r'aria-labelledby="tile-([\w-]+)">(.*?)</section>', html, flags=re.S)
    links = {}
    for key, body in sections:
        found = re.search(r'<a href="([^"]+)"[^>]*>Se det, tallet bygger på</a>', body)
        if found:
            links[key] = found.group(1)
    return links


@pytest.fixture
def dashboard() -> str:
    return reverse("insight:municipality", args=["holstebro"])


def test_the_responsible_consultant_follows_every_tile_to_the_lists_of_the_records(
    make_concern: Callable[..., Concern], make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)
    make_concern(municipality=HOLSTEBRO, responsible=consultant)

    links = linked_tiles(login(consultant), dashboard)

    assert set(links) == CASE_TILES | STAFF_TILES | {"intakes"}
    assert links["concerns"] == reverse("concerns:mine")
    assert links["deadlines"] == reverse("casework:queue")
    assert links["intakes"] == reverse("intake:queue")
    assert links["meetings"] == reverse("meetings:municipality", args=["holstebro"])
    assert links["initiatives"] == reverse("plans:coverage", args=["holstebro"])
    assert links["plans"] == reverse("plans:action_plans", args=["holstebro"])


def test_a_consultant_without_a_case_in_the_municipality_sees_the_case_figures_as_aggregates_only(
    make_concern: Callable[..., Concern], make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    make_concern(municipality=HOLSTEBRO)  # a colleague's case: no relation

    links = linked_tiles(login(make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)), dashboard)

    assert set(links) == STAFF_TILES | {"intakes"}


def test_the_caseworker_named_on_a_case_follows_the_case_tiles_but_not_the_daily_report(
    make_concern: Callable[..., Concern], make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    caseworker = make_user(StaffRole.CASEWORKER, municipality=HOLSTEBRO)
    make_concern(municipality=HOLSTEBRO, caseworker=caseworker)

    links = linked_tiles(login(caseworker), dashboard)

    assert set(links) == CASE_TILES | STAFF_TILES


@pytest.mark.parametrize("role", [StaffRole.MUNICIPAL_ADMIN, StaffRole.MANAGER, StaffRole.SCHOOL_LEADER])
def test_administrators_managers_and_schools_see_the_citizen_figures_as_aggregates_only(
    make_concern: Callable[..., Concern], make_user: Callable[..., User], login: Any, dashboard: str, role: str
) -> None:
    make_concern(municipality=HOLSTEBRO)

    links = linked_tiles(login(make_user(role, municipality=HOLSTEBRO)), dashboard)

    assert set(links) == STAFF_TILES


def test_the_districts_police_officer_follows_the_daily_report_and_the_plans_but_no_case_without_a_relation(
    make_concern: Callable[..., Concern], make_user: Callable[..., User], login: Any
) -> None:
    district = Municipality.objects.get(code=HOLSTEBRO).police_district
    make_concern(municipality=HOLSTEBRO)
    officer = make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district)

    links = linked_tiles(login(officer), reverse("insight:district", args=[district.slug]))

    # The meeting list is a municipality's page; the district dashboard has no single one to open.
    assert set(links) == {"intakes", "initiatives", "plans"}
    assert links["plans"] == reverse("plans:overview", args=[district.slug, timezone.localdate().year])


def test_a_relation_in_another_municipality_opens_no_link_here(
    make_concern: Callable[..., Concern], make_user: Callable[..., User]
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality="161")
    own = make_concern(municipality="161", responsible=consultant)
    holstebro = Municipality.objects.get(code=HOLSTEBRO).pk

    assert may_open_records(consultant, Records.CASES, municipality_ids=[own.municipality_id])
    assert not may_open_records(consultant, Records.CASES, municipality_ids=[holstebro])
    assert not may_open_records(consultant, Records.MEETINGS, municipality_ids=[holstebro])
    assert not may_open_records(consultant, Records.INTAKES, municipality_ids=[own.municipality_id, holstebro])


def test_a_deactivated_reader_opens_nothing(
    make_concern: Callable[..., Concern], make_user: Callable[..., User]
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)
    concern = make_concern(municipality=HOLSTEBRO, responsible=consultant)
    consultant.is_active = False

    assert not any(
        may_open_records(consultant, records, municipality_ids=[concern.municipality_id]) for records in Records
    )
