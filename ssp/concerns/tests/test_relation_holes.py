"""Issue 8, holes 2 and 6, tried from outside: log in as the role and try to reach the citizen.

- Hole 2: relations that may only read (agenda participant, school representative, emergency access) could set or
  overwrite a citizen's CPR number through "identificer borger".
- Hole 6: a teacher saw a 25-year-old's PSP case because it was once marked as raised in school. The school
  representative relation holds only on the child track (SSP), for a citizen of school age who is a pupil of the
  teacher's school.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.citizens.models import Citizen
from ssp.concerns.models import Track
from ssp.privacy.door import request_emergency_access
from ssp.testing.concerns import open_agenda_window

NEW_NUMBER = "0101101234"


def _years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=30)


@pytest.fixture
def reader_of(make_user: Any, make_school: Any, place_at_school: Any) -> Any:
    """A user who sees the concern's citizen through one read-only relation."""

    def make(relation: str, concern: Any) -> Any:
        if relation == "emergency":
            user = make_user(role=StaffRole.MANAGER)
            request_emergency_access(concern.citizen, actor=user, reason="Akut henvendelse")
        elif relation == "agenda_participant":
            user = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER, municipality=None)
            open_agenda_window(user, concern, source_ref="agenda_item:hole2", hours_before=5 / 60)
        else:
            user = make_user(role=StaffRole.SSP_TEACHER)
            place_at_school(user, concern.citizen.school)
        return user

    return make


@pytest.mark.parametrize("relation", ["emergency", "agenda_participant", "school_representative"])
@pytest.mark.parametrize("identified", [False, True])
def test_a_read_only_relation_cannot_set_or_overwrite_the_cpr_number(
    relation: str, identified: bool, make_concern: Any, make_school: Any, reader_of: Any, login: Any
) -> None:
    concern = make_concern(school=make_school(), school_context=True, with_cpr=identified, birth_date=_years_ago(12))
    reader = reader_of(relation, concern)
    before = Citizen.objects.values_list("cpr_ciphertext", "cpr_lookup").get(pk=concern.citizen_id)
    client = login(reader)
    # The reader does see the citizen, so the refusal is about the relation, not about visibility.
    assert client.get(reverse("concerns:citizen", args=[concern.citizen_id])).status_code == 200

    response = client.post(reverse("concerns:identify", args=[concern.citizen_id]), {"cpr": NEW_NUMBER})

    assert response.status_code == 403
    assert Citizen.objects.values_list("cpr_ciphertext", "cpr_lookup").get(pk=concern.citizen_id) == before


def test_the_responsible_consultant_still_identifies_the_citizen(make_concern: Any, login: Any) -> None:
    concern = make_concern(with_cpr=False)

    response = login(concern.responsible).post(
        reverse("concerns:identify", args=[concern.citizen_id]), {"cpr": NEW_NUMBER}
    )

    assert response.status_code == 302
    assert Citizen.objects.get(pk=concern.citizen_id).cpr == NEW_NUMBER


@pytest.mark.parametrize(
    ("track", "age", "sees"),
    [
        (Track.SSP, 12, True),
        (Track.PSP, 25, False),
        (Track.SSP_PLUS, 19, False),
        (Track.KSP, 16, False),
        (Track.SSP, 18, False),
    ],
)
def test_the_school_representative_sees_only_a_school_age_child_on_the_child_track(
    track: str,
    age: int,
    sees: bool,
    make_concern: Any,
    make_school: Any,
    make_user: Any,
    place_at_school: Any,
    login: Any,
) -> None:
    school = make_school()
    concern = make_concern(school=school, school_context=True, with_cpr=False, birth_date=_years_ago(age), track=track)
    teacher = make_user(role=StaffRole.SSP_TEACHER)
    place_at_school(teacher, school)
    client = login(teacher)

    concern_page = client.get(reverse("concerns:detail", args=[concern.pk]))
    citizen_page = client.get(reverse("concerns:citizen", args=[concern.citizen_id]))
    listed = {row["id"] for row in client.get("/api/v1/concerns").json()}

    assert (concern_page.status_code, citizen_page.status_code) == ((200, 200) if sees else (404, 404))
    assert (concern.pk in listed) is sees
