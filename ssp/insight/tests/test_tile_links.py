"""Click-through from a dashboard tile to the records behind it, per role, from the outside: the dashboard's HTML
links a tile to its records only for a reader ``ssp.privacy.figures.may_open_records`` admits; everyone else sees
the aggregate alone."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.concerns.models import Concern
from ssp.insight.providers import concerns_tiles
from ssp.insight.registry import Scope
from ssp.insight.tests.conftest import HOLSTEBRO
from ssp.privacy.figures import Records, may_open_records
from ssp.structure.models import Municipality

CASE_TILES = {"concerns", "actions", "deadlines", "programmes", "programme_outcomes"}
STAFF_TILES = {"meetings", "initiatives", "plans"}


def linked_tiles(client: Any, url: str) -> dict[str, str]:
    """Tile key → the href of its "records behind" link, for every tile that has one."""
    page = client.get(url).content.decode()
    sections = re.findall(r'aria-labelledby="tile-([\w-]+)">(.*?)</section>', page, flags=re.S)
    links = {}
    for key, body in sections:
        found = re.search(r'<a href="([^"]+)"[^>]*>Se det, tallet bygger på</a>', body)
        if found:
            links[key] = html.unescape(found.group(1))
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
    year = timezone.localdate().year
    assert links["concerns"] == f"{reverse('concerns:mine')}?opened_year={year}&municipality=holstebro"
    assert links["deadlines"] == reverse("casework:queue")
    assert links["intakes"] == reverse("intake:queue")
    assert links["meetings"] == reverse("meetings:municipality", args=["holstebro"])
    assert links["initiatives"] == reverse("plans:coverage", args=["holstebro"])
    assert links["plans"] == reverse("plans:action_plans", args=["holstebro"])


def tile_number(client: Any, url: str, key: str) -> str:
    body = client.get(url).content.decode()
    found = re.search(rf'id="tile-{key}">.*?<strong class="font-lead">([^<]+)</strong>', body, flags=re.S)
    assert found, f"no tile {key}"
    return found.group(1)


def listed_cases(client: Any, url: str) -> int:
    """The number of cases the concern list shows (its caption counts every page)."""
    found = re.search(r"<caption>(\d+) sag(?:er)?</caption>", client.get(url).content.decode())
    return int(found.group(1)) if found else 0


def test_the_concerns_figure_links_to_exactly_the_cases_it_counts(
    make_concern: Callable[..., Concern], make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)
    counted = [make_concern(municipality=HOLSTEBRO, responsible=consultant) for _ in range(6)]
    # Cases the same reader opens that the figure does not count: those opened last year.
    for _ in range(2):
        earlier = make_concern(municipality=HOLSTEBRO, responsible=consultant)
        Concern.objects.filter(pk=earlier.pk).update(opened_at=timezone.now() - timedelta(days=400))
    client = login(consultant)

    number = tile_number(client, dashboard, "concerns")
    link = linked_tiles(client, dashboard)["concerns"]

    assert number == str(len(counted))
    assert listed_cases(client, link) == len(counted)
    assert listed_cases(client, reverse("concerns:mine")) == len(counted) + 2

    colleague = login(make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO))
    assert tile_number(colleague, dashboard, "concerns") == number
    assert "concerns" not in linked_tiles(colleague, dashboard)


def test_the_district_concerns_figure_links_to_the_cases_of_the_districts_municipalities(
    make_user: Callable[..., User],
) -> None:
    district = Municipality.objects.get(code=HOLSTEBRO).police_district
    ids = tuple(district.municipalities.values_list("pk", flat=True))
    scope = Scope(name=district.name, municipality_ids=ids, district_id=district.pk, slug=district.slug)

    [tile] = concerns_tiles(scope, make_user(StaffRole.POLICE_PREVENTION_OFFICER, police_district=district))

    year = timezone.localdate().year
    assert tile.link == f"{reverse('concerns:mine')}?opened_year={year}&police_district={district.slug}"


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
