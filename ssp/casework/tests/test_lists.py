"""The lists of actions and programmes across the cases a user sees: what a dashboard's case-work figures link to.
Their filters name no one, so they stand in the URL; the rows are those the privacy policy opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.casework.models import ActionKind, ActionStatus, CaseAction, Programme
from ssp.casework.programmes import ProgrammeKind
from ssp.concerns.models import Concern
from ssp.privacy.models import AuditEvent

# session, user, OTP device; the municipalities (with their police districts) of the filters' lists; count and page
# of rows (concern and citizen joined); the audit chain head and one multi-row insert of an event per listed row.
QUERIES = 8


def _done(concern: Concern, due_on: date, *, status: str = ActionStatus.DONE) -> CaseAction:
    return CaseAction.objects.create(
        concern=concern,
        kind=ActionKind.HOME_VISIT,
        status=status,
        owner=concern.responsible,
        due_on=due_on,
        done_on=due_on if status == ActionStatus.DONE else None,
    )


def _programme(concern: Concern, started_on: date, kind: str = ProgrammeKind.PRE_ENTRY) -> Programme:
    return Programme.objects.create(
        concern=concern,
        kind=kind,
        municipality=concern.municipality,
        coordinator=concern.responsible,
        plan="Plan",
        started_on=started_on,
    )


def _caption(body: str) -> str:
    start = body.index("<caption>") + len("<caption>")
    return body[start : body.index("</caption>", start)]


def test_the_action_list_filters_on_status_year_and_area_with_a_fixed_number_of_queries(
    make_concern: Callable[..., Concern],
    make_user: Callable[..., User],
    login: Any,
    django_assert_num_queries: Any,
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality="661")
    here = make_concern(municipality="661", responsible=consultant)
    year = timezone.localdate().year
    for _ in range(3):
        _done(here, date(year, 1, 10))
    _done(here, date(year, 1, 10), status=ActionStatus.PLANNED)
    _done(here, date(year - 1, 6, 1))
    _done(make_concern(municipality="661"), date(year, 1, 10))  # a colleague's case: no relation
    client = login(consultant)
    url = f"{reverse('casework:actions')}?status=done&due_year={year}&municipality=holstebro"

    client.get(url)
    with django_assert_num_queries(QUERIES):
        body = client.get(url).content.decode()
    assert _caption(body) == "3 indsatser"
    assert here.citizen.full_name in body
    _done(here, date(year, 2, 10))
    _done(here, date(year, 3, 10))
    _done(here, date(year, 4, 10))
    with django_assert_num_queries(QUERIES):
        body = client.get(url).content.decode()
    assert _caption(body) == "6 indsatser"
    assert AuditEvent.objects.filter(action="list", citizen_id=here.citizen_id, detail="casework:actions").exists()
    assert _caption(client.get(reverse("casework:actions")).content.decode()) == "8 indsatser"
    district = here.municipality.police_district.slug
    assert (
        _caption(client.get(url.replace("municipality=holstebro", f"police_district={district}")).content.decode())
        == "6 indsatser"
    )
    assert "Ingen indsatser" in client.get(url.replace("holstebro", "herning")).content.decode()


def test_the_programme_list_filters_on_kind_year_and_area_with_a_fixed_number_of_queries(
    make_concern: Callable[..., Concern],
    make_user: Callable[..., User],
    login: Any,
    django_assert_num_queries: Any,
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality="661")
    here = make_concern(municipality="661", responsible=consultant)
    year = timezone.localdate().year
    for _ in range(3):
        _programme(here, date(year, 1, 10))
    _programme(here, date(year, 1, 10), kind=ProgrammeKind.EXIT)
    _programme(here, date(year - 1, 6, 1))
    _programme(make_concern(municipality="661"), date(year, 1, 10))  # a colleague's case: no relation
    client = login(consultant)
    url = f"{reverse('casework:programme_list')}?kind=pre_entry&started_year={year}&municipality=holstebro"

    client.get(url)
    with django_assert_num_queries(QUERIES):
        body = client.get(url).content.decode()
    assert _caption(body) == "3 forløb"
    for _ in range(3):
        _programme(here, date(year, 2, 10))
    with django_assert_num_queries(QUERIES):
        body = client.get(url).content.decode()
    assert _caption(body) == "6 forløb"
    assert _caption(client.get(url.replace("kind=pre_entry&", "")).content.decode()) == "7 forløb"
    assert _caption(client.get(reverse("casework:programme_list")).content.decode()) == "8 forløb"


def test_a_reader_without_a_relation_lists_nothing(
    make_concern: Callable[..., Concern], make_user: Callable[..., User], login: Any
) -> None:
    concern = make_concern(municipality="661")
    year = timezone.localdate().year
    _done(concern, date(year, 1, 10))
    _programme(concern, date(year, 1, 10))
    client = login(make_user(StaffRole.SSP_CONSULTANT, municipality="661"))

    assert "Ingen indsatser" in client.get(reverse("casework:actions")).content.decode()
    assert "Ingen forløb" in client.get(reverse("casework:programme_list")).content.decode()
    assert concern.citizen.full_name not in client.get(reverse("casework:actions")).content.decode()
