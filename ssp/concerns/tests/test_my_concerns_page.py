from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.concerns.models import Concern, ConcernStatus, Track
from ssp.privacy.models import AuditEvent
from ssp.structure.models import Municipality, Organisation, OrganisationKind, Position

# session, user, OTP device; the municipalities (with their police districts) of the filter's lists; count and
# page of concerns (citizen and responsible joined); the audit chain head and one multi-row insert of an event per
# listed citizen; the session save (idle timeout) in its savepoint.
QUERIES = 11


def test_it_lists_concerns_where_the_user_is_responsible_on_the_team_or_caseworker(
    make_user: Any, make_concern: Any, login: Any
) -> None:
    me = make_user()
    mine = [
        make_concern(responsible=me),
        make_concern(team=[me]),
        make_concern(caseworker=me),
    ]
    other = make_concern()

    response = login(me).get(reverse("concerns:mine"))

    body = response.content.decode()
    assert response.status_code == 200
    for concern in mine:
        assert concern.citizen.full_name in body
    assert other.citizen.full_name not in body
    disclosed = AuditEvent.objects.filter(actor=me, action="list").values_list("citizen_id", "concern_id")
    assert sorted(disclosed) == sorted((c.citizen_id, c.pk) for c in mine)


def test_it_filters_on_status_and_track(make_user: Any, make_concern: Any, login: Any) -> None:
    me = make_user()
    ssp = make_concern(responsible=me)
    psp = make_concern(responsible=me, track=Track.PSP)

    body = login(me).post(reverse("concerns:mine"), {"track": Track.PSP, "status": ConcernStatus.OPEN}).content.decode()

    assert psp.citizen.full_name in body
    assert ssp.citizen.full_name not in body


def test_it_runs_a_fixed_number_of_queries(
    make_user: Any, make_concern: Any, login: Any, django_assert_num_queries: Any
) -> None:
    me = make_user()
    for _ in range(4):
        make_concern(responsible=me)
    client = login(me)

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("concerns:mine"))
    assert response.status_code == 200


def test_a_user_without_concerns_sees_an_empty_list(make_user: Any, login: Any, make_concern: Any) -> None:
    concern = make_concern()
    manager = make_user(role=StaffRole.MANAGER)
    body = login(manager).get(reverse("concerns:mine")).content.decode()
    assert concern.citizen.full_name not in body


def test_a_school_representative_sees_the_cases_they_can_open_and_only_those(
    make_user: Any, make_concern: Any, login: Any
) -> None:
    school, other_school = (
        Organisation.objects.create(
            name=name, kind=OrganisationKind.SCHOOL, municipality_id=make_user().municipality_id
        )
        for name in ("Vestervangskolen", "Skovvejens Skole")
    )
    teacher = make_user(role=StaffRole.SSP_TEACHER)
    Position.objects.create(user=teacher, organisation=school, title="SSP-lærer", starts_on="2020-01-01")
    own_pupil = make_concern(school=school, school_context=True)
    outside_school = make_concern(school=school, school_context=False)
    other_pupil = make_concern(school=other_school, school_context=True)

    body = login(teacher).get(reverse("concerns:mine")).content.decode()

    assert own_pupil.citizen.full_name in body
    assert outside_school.citizen.full_name not in body and other_pupil.citizen.full_name not in body
    assert login(teacher).get(reverse("concerns:detail", args=[own_pupil.pk])).status_code == 200


def test_it_searches_by_case_number_or_name_without_the_name_in_the_url(
    make_user: Any, make_concern: Any, login: Any
) -> None:
    me = make_user()
    anna = make_concern(responsible=me, first_name="Anna", last_name="Fiktivsen")
    bo = make_concern(responsible=me, first_name="Bo", last_name="Opdigtet")
    client = login(me)

    by_name = client.post(reverse("concerns:mine"), {"query": "anna fiktiv"}).content.decode()
    by_number = client.post(reverse("concerns:mine"), {"query": str(bo.pk)}).content.decode()

    assert anna.citizen.full_name in by_name and bo.citizen.full_name not in by_name
    assert bo.citizen.full_name in by_number and anna.citizen.full_name not in by_number
    assert f"<td>{bo.pk}</td>" in by_number
    assert 'method="post" id="concern-search"' in by_number


def test_a_link_filters_on_the_year_opened_and_the_municipality_or_police_district(
    make_user: Any, make_concern: Any, login: Any
) -> None:
    """A dashboard figure's click-through: the year and the area stand in the URL; they name no one."""
    holstebro = Municipality.objects.get(code="661")
    officer = make_user(
        role=StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=holstebro.police_district
    )
    here = make_concern(municipality="661", team=[officer])
    neighbour = make_concern(municipality="657", team=[officer])  # Herning, the same police district
    last_year = make_concern(municipality="661", team=[officer])
    Concern.objects.filter(pk=last_year.pk).update(opened_at=timezone.now() - timedelta(days=400))
    year = timezone.localdate().year
    client = login(officer)

    def listed(**filters: Any) -> set[str]:
        body = client.get(reverse("concerns:mine"), filters).content.decode()
        return {c.citizen.full_name for c in (here, neighbour, last_year) if c.citizen.full_name in body}

    assert listed(opened_year=year, municipality="holstebro") == {here.citizen.full_name}
    assert listed(opened_year=year, police_district=holstebro.police_district.slug) == {
        here.citizen.full_name,
        neighbour.citizen.full_name,
    }
    assert listed(municipality="holstebro") == {here.citizen.full_name, last_year.citizen.full_name}
    # A name never stands in a URL: the list ignores one there and keeps the filters that name no one.
    assert listed(query=here.citizen.first_name, municipality="herning") == {neighbour.citizen.full_name}
