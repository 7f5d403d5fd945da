"""Hostile or mistaken input gets a clear 400/404/422 naming the field, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.accounts.services import issue_api_token

HUGE = str(2**64)


@pytest.fixture
def api(make_user: Any, client: Any) -> Any:
    user = make_user(role=StaffRole.SSP_CONSULTANT)
    headers = {"Authorization": f"Bearer {issue_api_token(user, actor=user, name='test')}"}

    def call(method: str, path: str, **kwargs: Any) -> Any:
        return getattr(client, method)(f"/api/v1{path}", headers=headers, **kwargs)

    return call


def _fields(response: Any) -> set[str]:
    return {str(error["loc"][-1]) for error in response.json()["detail"]}


def test_an_offset_beyond_the_database_is_a_422_naming_the_field(api: Any) -> None:
    response = api("get", "/concerns", data={"offset": HUGE})
    assert response.status_code == 422 and _fields(response) == {"offset"}


def test_a_page_beyond_the_last_possible_is_a_422(api: Any) -> None:
    response = api("get", "/organisations", data={"page": HUGE})
    assert response.status_code == 422 and _fields(response) == {"page"}


def test_a_huge_id_is_not_found(api: Any) -> None:
    assert api("get", f"/concerns/{HUGE}").status_code == 404


def test_a_birth_date_in_the_future_is_refused(api: Any) -> None:
    body = {
        "citizen": {"first_name": "Ida", "last_name": "Holm", "birth_date": "9999-12-31"},
        "source": "school",
        "severity": "low",
    }
    response = api("post", "/concerns", data=body, content_type="application/json")
    assert response.status_code == 422 and _fields(response) == {"birth_date"}


def test_a_nul_byte_in_a_text_is_refused(api: Any, make_concern: Any) -> None:
    response = api("post", "/citizens/search", data={"name": "Ida\x00"}, content_type="application/json")
    assert response.status_code == 422 and _fields(response) == {"name"}


def test_a_calendar_at_year_1_or_9999_is_refused(api: Any) -> None:
    response = api("get", "/meetings/calendar", data={"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 422 and _fields(response) == {"start", "end"}


@pytest.mark.parametrize("year", [0, 99999])
def test_a_forums_year_page_outside_the_planned_years_is_a_400(make_user: Any, login: Any, year: int) -> None:
    from ssp.structure.models import Forum

    forum = Forum.objects.filter(municipality__code="161").first()
    assert forum is not None
    response = login(make_user()).get(reverse("meetings:forum_year", args=[forum.pk, year]))
    assert response.status_code == 400 and "år skal ligge mellem 1900 og 2100" in response.content.decode()


def test_a_huge_id_in_a_page_url_is_a_404(make_user: Any, login: Any) -> None:
    assert login(make_user()).get(f"/moeder/moede/{HUGE}/").status_code == 404


def test_a_letter_where_the_access_log_expects_a_citizen_id_is_a_field_error(make_user: Any, login: Any) -> None:
    client = login(make_user(role=StaffRole.MUNICIPAL_ADMIN))
    for value in ("abc", HUGE):
        response = client.get(reverse("privacy:audit_log"), {"citizen": value})
        assert response.status_code == 400 and list(response.context["form"].errors) == ["citizen"]
