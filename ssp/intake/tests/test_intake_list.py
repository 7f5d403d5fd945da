"""The list of intakes a dashboard's intake figure links to: filtered by year, source and area (filters that name
no one, so they stand in the URL), only the intakes of the reader's inbox, and each shown citizen disclosed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import count
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.intake.models import Intake
from ssp.intake.report import PersonRole, ReportSource
from ssp.privacy.models import AuditEvent
from ssp.structure.models import Municipality

# session, user, OTP device; the municipalities (with their police districts) of the filters' lists; count and page
# of intakes (citizen and municipality joined); the audit chain head and one multi-row insert of an event per row.
QUERIES = 8

_journal = count(1)


def _intake(
    code: str, author: User, *, source: str = ReportSource.DAILY_REPORT, days_ago: int = 0, name: str = "Emil"
) -> Intake:
    place = Municipality.objects.get(code=code)
    citizen = Citizen.objects.create(first_name=name, last_name="Testesen", municipality=place)
    return Intake.objects.create(
        citizen=citizen,
        municipality=place,
        source=source,
        journal_number=f"4100-80150-{next(_journal):05d}-26",
        occurred_at=timezone.now() - timedelta(days=days_ago),
        offence="Butikstyveri",
        role=PersonRole.CHARGED,
        created_by=author,
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def _caption(body: str) -> str:
    start = body.index("<caption>") + len("<caption>")
    return body[start : body.index("</caption>", start)]


def test_the_intake_list_filters_on_year_source_and_area_with_a_fixed_number_of_queries(
    make_user: Callable[..., User], login: Any, django_assert_num_queries: Any
) -> None:
    consultant = make_user(StaffRole.SSP_CONSULTANT, municipality="661")
    shown = [_intake("661", consultant, name=f"Barn{n}") for n in range(3)]
    _intake("661", consultant, source=ReportSource.NEC_LIST)
    _intake("661", consultant, days_ago=400)
    _intake("657", consultant, name="Naboen")  # Herning: not the consultant's inbox
    client = login(consultant)
    year = timezone.localdate().year
    url = f"{reverse('intake:intake_list')}?received_year={year}&source=daily_report&municipality=holstebro"

    client.get(url)
    with django_assert_num_queries(QUERIES):
        body = client.get(url).content.decode()
    assert _caption(body) == "3 henvendelser"
    shown += [_intake("661", consultant, name=f"Barn{n}") for n in range(3, 6)]
    with django_assert_num_queries(QUERIES):
        body = client.get(url).content.decode()
    assert _caption(body) == "6 henvendelser"
    assert "Naboen" not in body
    disclosed = set(
        AuditEvent.objects.filter(action="list", detail="intake:intake_list").values_list("citizen_id", flat=True)
    )
    assert {intake.citizen_id for intake in shown} <= disclosed
    assert _caption(client.get(reverse("intake:intake_list")).content.decode()) == "8 henvendelser"


def test_the_police_officer_lists_the_intakes_of_the_districts_municipalities(
    make_user: Callable[..., User], login: Any
) -> None:
    district = Municipality.objects.get(code="661").police_district
    author = make_user(StaffRole.SSP_CONSULTANT, municipality="661")
    _intake("661", author)
    _intake("657", author)
    _intake("101", author)  # København: another police district
    officer = make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district)

    body = login(officer).get(f"{reverse('intake:intake_list')}?police_district={district.slug}").content.decode()

    assert _caption(body) == "2 henvendelser"


def test_a_reader_outside_the_intake_sees_no_intake(make_user: Callable[..., User], login: Any) -> None:
    author = make_user(StaffRole.SSP_CONSULTANT, municipality="661")
    _intake("661", author, name="Skjult")

    body = login(make_user(StaffRole.SCHOOL_LEADER, municipality="661")).get(reverse("intake:intake_list"))

    assert "Skjult" not in body.content.decode()
    assert not AuditEvent.objects.filter(detail="intake:intake_list", citizen_id__isnull=False).exists()
