"""Click-through from a dashboard tile to the records behind it, per role, from the outside: the dashboard's HTML
links a tile to its records only for a reader ``ssp.privacy.figures.may_open_records`` admits; everyone else sees
the aggregate alone."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.casework.models import ActionKind, ActionStatus, CaseAction, Programme
from ssp.casework.programmes import ProgrammeKind
from ssp.citizens.models import Citizen
from ssp.concerns.models import Concern
from ssp.insight.models import SurveyWave
from ssp.insight.providers import concerns_tiles
from ssp.insight.registry import Scope
from ssp.insight.tests.conftest import HOLSTEBRO, pair_rows
from ssp.intake.models import Intake
from ssp.intake.report import PersonRole, ReportSource
from ssp.meetings.models import AgendaItem, ItemAttendance, Meeting, MeetingStatus
from ssp.plans.cycle import school_year_of
from ssp.plans.models import (
    ActionPlan,
    ActionPlanKind,
    ActionPlanStatus,
    Initiative,
    InitiativeDelivery,
    InitiativeStatus,
    PreventionForm,
    SchoolClass,
    TriangleLevel,
)
from ssp.privacy.figures import Records, may_open_records
from ssp.structure.models import Forum, ForumKind, Level, Municipality

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
    done = f"{reverse('casework:actions')}?status=done&due_year={year}&municipality=holstebro"
    assert links["actions"] == links["deadlines"] == done
    started = f"{reverse('casework:programme_list')}?started_year={year}&municipality=holstebro"
    assert links["programmes"] == started
    assert links["programme_outcomes"] == started.replace("?", "?kind=pre_entry&")
    assert links["intakes"] == f"{reverse('intake:intake_list')}?received_year={year}&municipality=holstebro"
    assert links["meetings"] == reverse("meetings:municipality_year", args=["holstebro", year])
    school_year = school_year_of(timezone.localdate())
    assert links["initiatives"] == f"{reverse('plans:coverage', args=['holstebro'])}?skoleaar={school_year}#gennemfoert"
    assert links["plans"] == f"{reverse('plans:action_plans', args=['holstebro'])}?aar={year}"


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
    assert set(links) == {"intakes", "plans", "initiatives"}
    year = timezone.localdate().year
    overview = reverse("plans:overview", args=[district.slug, year])
    assert links["plans"] == f"{overview}#handlingsplaner"
    assert links["initiatives"] == f"{overview}?skoleaar={school_year_of(timezone.localdate())}#gennemfoert"


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


def _held(client: Any, url: str) -> int:
    """The meetings held in the year by the year page's total ("I alt")."""
    found = re.search(r'<tfoot><tr><th scope="row">I alt</th><td>(\d+)</td>', client.get(url).content.decode())
    assert found, url
    return int(found.group(1))


def _meeting(forum: Forum, month: int, *, year: int, status: str = MeetingStatus.HELD) -> Meeting:
    starts = timezone.make_aware(datetime(year, month, 10, 9))
    return Meeting.objects.create(forum=forum, starts_at=starts, ends_at=starts + timedelta(hours=2), status=status)


def test_the_meetings_figure_links_to_the_year_page_that_counts_the_same_meetings(
    make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    """A municipality's meetings are its own forums' and the district forums' it is a member of (the Kredsråd,
    where its mayor sits): the status count, the attendance and the year page alike."""
    holstebro = Municipality.objects.get(code=HOLSTEBRO)
    district = holstebro.police_district
    year = timezone.localdate().year
    own = Forum.objects.create(
        kind=ForumKind.CASE_COORDINATION, name="Samordning Holstebro", municipality=holstebro, level=Level.OPERATIVE
    )
    council = Forum.objects.create(
        kind=ForumKind.DISTRICT_COUNCIL, name="Kredsrådet", police_district=district, level=Level.STRATEGIC
    )
    council.member_municipalities.set(district.municipalities.all())
    neighbour = Forum.objects.create(
        kind=ForumKind.CASE_COORDINATION,
        name="Samordning Herning",
        municipality=Municipality.objects.get(slug="herning"),
        level=Level.OPERATIVE,
    )
    held = [_meeting(own, month, year=year) for month in (1, 2, 3)] + [_meeting(council, 1, year=year)]
    _meeting(council, 2, year=year)
    _meeting(own, 4, year=year, status=MeetingStatus.PLANNED)
    _meeting(own, 5, year=year - 1)
    _meeting(neighbour, 1, year=year)
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)
    for meeting in (held[0], held[3]):
        item = AgendaItem.objects.create(meeting=meeting, number=1, title="Status")
        ItemAttendance.objects.create(item=item, user=consultant)
    client = login(consultant)

    body = client.get(dashboard).content.decode()
    link = linked_tiles(client, dashboard)["meetings"]

    assert tile_number(client, dashboard, "meetings") == "5"
    assert _held(client, link) == 5
    assert "2 fremmøder registreret på årets møder" in body


def _plan(municipality: Municipality, forum: Forum, year: int, kind: str, *, adopted: bool) -> ActionPlan:
    return ActionPlan.objects.create(
        municipality=municipality,
        year=year,
        kind=kind,
        title=f"{kind} {municipality.name} {year}",
        owner_forum=forum,
        status=ActionPlanStatus.ADOPTED if adopted else ActionPlanStatus.DRAFT,
        adopted_on=date(year, 1, 15) if adopted else None,
    )


def _listed_plans(client: Any, url: str) -> int:
    """The action plans a list links to (one link per row)."""
    prefix = reverse("plans:action_plan", args=[1]).removesuffix("1/")
    return len(re.findall(rf'href="{re.escape(prefix)}\d+/"', client.get(url).content.decode()))


def test_the_plans_figure_links_to_the_plans_of_the_year_in_the_municipality_and_in_the_district(
    make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    holstebro = Municipality.objects.get(code=HOLSTEBRO)
    herning = Municipality.objects.get(slug="herning")
    year = timezone.localdate().year
    forums = {
        m.pk: Forum.objects.create(
            kind=ForumKind.LOCAL_COUNCIL, name=f"Lokalråd {m}", municipality=m, level=Level.TACTICAL
        )
        for m in (holstebro, herning)
    }
    _plan(holstebro, forums[holstebro.pk], year, ActionPlanKind.SSP, adopted=True)
    _plan(holstebro, forums[holstebro.pk], year, ActionPlanKind.KPI, adopted=True)
    _plan(holstebro, forums[holstebro.pk], year, ActionPlanKind.COORDINATED, adopted=False)
    _plan(holstebro, forums[holstebro.pk], year - 1, ActionPlanKind.SSP, adopted=True)
    _plan(herning, forums[herning.pk], year, ActionPlanKind.SSP, adopted=True)
    client = login(make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO))

    assert tile_number(client, dashboard, "plans") == "2/3"
    assert _listed_plans(client, linked_tiles(client, dashboard)["plans"]) == 3
    assert _listed_plans(client, reverse("plans:action_plans", args=["holstebro"])) == 4

    district = holstebro.police_district
    officer = login(make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district))
    district_dashboard = reverse("insight:district", args=[district.slug])
    assert tile_number(officer, district_dashboard, "plans") == "3/4"
    assert _listed_plans(officer, linked_tiles(officer, district_dashboard)["plans"]) == 4


def _done_action(concern: Concern, due_on: date, *, status: str = ActionStatus.DONE) -> None:
    CaseAction.objects.create(
        concern=concern,
        kind=ActionKind.HOME_VISIT,
        status=status,
        owner=concern.responsible,
        due_on=due_on,
        done_on=due_on if status == ActionStatus.DONE else None,
    )


def _programme(concern: Concern, started_on: date, kind: str) -> None:
    Programme.objects.create(
        concern=concern,
        kind=kind,
        municipality=concern.municipality,
        coordinator=concern.responsible,
        plan="Plan",
        started_on=started_on,
    )


def _listed(client: Any, url: str) -> int:
    """The rows a case-work list shows (its caption counts every page)."""
    found = re.search(r"<caption>(\d+) (?:indsats(?:er)?|forløb)</caption>", client.get(url).content.decode())
    return int(found.group(1)) if found else 0


def test_the_case_work_figures_link_to_exactly_the_actions_and_programmes_they_count(
    make_concern: Callable[..., Concern], make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)
    concern = make_concern(municipality=HOLSTEBRO, responsible=consultant)
    year = timezone.localdate().year
    for month in range(1, 7):
        _done_action(concern, date(year, month, 10))
        _programme(concern, date(year, month, 10), ProgrammeKind.PRE_ENTRY)
        _programme(concern, date(year, month, 11), ProgrammeKind.EXIT)
    # What the same reader sees but the figures do not count: planned, last year's, another municipality's.
    _done_action(concern, date(year, 1, 10), status=ActionStatus.PLANNED)
    _done_action(concern, date(year - 1, 6, 10))
    _programme(concern, date(year - 1, 6, 10), ProgrammeKind.PRE_ENTRY)
    elsewhere = make_concern(municipality="657", responsible=make_user(StaffRole.SSP_CONSULTANT, municipality="657"))
    _done_action(elsewhere, date(year, 1, 10))
    _programme(elsewhere, date(year, 1, 10), ProgrammeKind.PRE_ENTRY)
    client = login(consultant)
    links = linked_tiles(client, dashboard)

    expected = {"actions": 6, "deadlines": 6, "programmes": 12, "programme_outcomes": 6}
    for key, count in expected.items():
        assert tile_number(client, dashboard, key) == str(count), key
        assert _listed(client, links[key]) == count, key
    assert _listed(client, reverse("casework:actions")) == 8
    assert _listed(client, reverse("casework:programme_list")) == 13

    colleague = login(make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO))
    assert not set(expected) & set(linked_tiles(colleague, dashboard))
    assert tile_number(colleague, dashboard, "actions") == "6"


def _intake(code: str, author: User, n: int, *, days_ago: int = 0) -> None:
    place = Municipality.objects.get(code=code)
    citizen = Citizen.objects.create(first_name=f"Barn{n}", last_name="Testesen", municipality=place)
    received = timezone.now() - timedelta(days=days_ago)
    Intake.objects.create(
        citizen=citizen,
        municipality=place,
        source=ReportSource.DAILY_REPORT,
        journal_number=f"4100-80150-{n:05d}-26",
        occurred_at=received,
        offence="Butikstyveri",
        role=PersonRole.CHARGED,
        created_by=author,
        created_at=received,
    )


def _listed_intakes(client: Any, url: str) -> int:
    """The intakes the intake list shows (its caption counts every page)."""
    found = re.search(r"<caption>(\d+) henvendelser?</caption>", client.get(url).content.decode())
    return int(found.group(1)) if found else 0


def test_the_intake_figure_links_to_exactly_the_intakes_it_counts_in_the_municipality_and_the_district(
    make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)
    for n in range(6):
        _intake(HOLSTEBRO, consultant, n)
    # What the figure does not count: last year's intakes; Herning's counts only on the district's dashboard.
    _intake(HOLSTEBRO, consultant, 10, days_ago=400)
    _intake(HOLSTEBRO, consultant, 11, days_ago=400)
    _intake("657", consultant, 12)
    client = login(consultant)

    assert tile_number(client, dashboard, "intakes") == "6"
    assert _listed_intakes(client, linked_tiles(client, dashboard)["intakes"]) == 6
    assert _listed_intakes(client, reverse("intake:intake_list")) == 8

    district = Municipality.objects.get(code=HOLSTEBRO).police_district
    officer = login(make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district))
    district_dashboard = reverse("insight:district", args=[district.slug])
    assert tile_number(officer, district_dashboard, "intakes") == "7"
    assert _listed_intakes(officer, linked_tiles(officer, district_dashboard)["intakes"]) == 7

    school = login(make_user(StaffRole.SCHOOL_LEADER, municipality=HOLSTEBRO))
    assert tile_number(school, dashboard, "intakes") == "6"
    assert "intakes" not in linked_tiles(school, dashboard)


def _delivered_total(client: Any, url: str) -> int:
    """The classes the coverage page (or the district overview) lists as given an initiative in the school year."""
    body = client.get(url).content.decode()
    found = re.search(
        r'id="gennemfoert".*?<tfoot><tr><th scope="row">I alt</th>(?:<td></td>)+<td>(\d+)</td>', body, re.S
    )
    return int(found.group(1)) if found else 0


def test_the_initiatives_figure_links_to_the_classes_it_counts_also_of_an_initiative_retired_since(
    make_organisation: Callable[..., Any], make_user: Callable[..., User], login: Any, dashboard: str
) -> None:
    holstebro = Municipality.objects.get(code=HOLSTEBRO)
    school = make_organisation("Sønderlandsskolen", municipality=HOLSTEBRO)
    school_year = school_year_of(timezone.localdate())
    classes = [
        SchoolClass.objects.create(school=school, school_year=school_year, grade=7, letter=letter) for letter in "abcd"
    ]
    last_year = SchoolClass.objects.create(school=school, school_year=school_year - 1, grade=7, letter="a")

    def initiative(title: str, status: str) -> Initiative:
        return Initiative.objects.create(
            municipality=holstebro,
            title=title,
            triangle_level=TriangleLevel.BUILDING,
            prevention_form=PreventionForm.GENERAL,
            grades=[7],
            status=status,
        )

    active = initiative("Kender du de andre?", InitiativeStatus.ACTIVE)
    retired = initiative("Alkoholundervisning", InitiativeStatus.RETIRED)
    given = [(active, c) for c in classes] + [(retired, c) for c in classes[:2]] + [(active, last_year)]
    for item, school_class in given:
        InitiativeDelivery.objects.create(
            initiative=item, school_class=school_class, delivered_on=timezone.localdate(), delivered_by="SSP"
        )
    client = login(make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO))

    assert tile_number(client, dashboard, "initiatives") == "6"
    assert _delivered_total(client, linked_tiles(client, dashboard)["initiatives"]) == 6


def test_the_district_initiatives_figure_links_to_its_municipalities_deliveries(
    make_organisation: Callable[..., Any], make_user: Callable[..., User], login: Any
) -> None:
    holstebro = Municipality.objects.get(code=HOLSTEBRO)
    district = holstebro.police_district
    neighbour = district.municipalities.exclude(pk=holstebro.pk).first()
    outside = Municipality.objects.exclude(police_district=district).first()
    assert neighbour is not None and outside is not None
    school_year = school_year_of(timezone.localdate())
    for municipality, classes in ((holstebro, 3), (neighbour, 2), (outside, 4)):
        school = make_organisation(f"Skolen i {municipality.name}", municipality=municipality.code)
        initiative = Initiative.objects.create(
            municipality=municipality,
            title="Kender du de andre?",
            triangle_level=TriangleLevel.BUILDING,
            prevention_form=PreventionForm.GENERAL,
            grades=[5],
            status=InitiativeStatus.ACTIVE,
        )
        for letter in "abcd"[:classes]:
            school_class = SchoolClass.objects.create(school=school, school_year=school_year, grade=5, letter=letter)
            InitiativeDelivery.objects.create(
                initiative=initiative, school_class=school_class, delivered_on=timezone.localdate(), delivered_by="SSP"
            )
    officer = make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district)
    client = login(officer)
    dashboard = reverse("insight:district", args=[district.slug])

    assert tile_number(client, dashboard, "initiatives") == "5"
    assert _delivered_total(client, linked_tiles(client, dashboard)["initiatives"]) == 5


def test_the_survey_figure_counts_the_waves_its_link_lists(
    import_wave: Callable[..., SurveyWave],
    schools: list[Any],
    make_organisation: Callable[..., Any],
    consultant: User,
    login: Any,
    dashboard: str,
) -> None:
    make_organisation("Sønderlandsskolen", municipality="657")
    rows = pair_rows("Sønderlandsskolen", 7, 40, 10, 25)
    for year in (2021, 2023, 2025):
        import_wave(rows, year=year)
    import_wave(rows, year=2025, code="657")  # Herning's wave: not Holstebro's
    client = login(consultant)

    link = linked_tiles(client, dashboard)["survey"]
    page, anchor = link.split("#")
    body = client.get(page).content.decode()
    listed = re.search(rf'id="{anchor}">.*?<ul class="nobullet-list">(.*?)</ul>', body, re.S)

    assert tile_number(client, dashboard, "survey") == "3"
    assert listed and len(re.findall(r"<li><a ", listed.group(1))) == 3
