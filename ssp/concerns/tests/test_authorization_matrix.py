"""Who sees a citizen, from the outside: every role, with and without each relation, here and elsewhere.

Each case logs in through the HTTP client as one role and requests every page and API route that shows the
citizen. Allowed requests succeed and write exactly one audit event; refused ones are a 403/404 whose body
names neither the citizen nor the CPR number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole, User
from ssp.concerns.models import Concern
from ssp.privacy.door import request_emergency_access
from ssp.privacy.models import AuditEvent
from ssp.testing.concerns import open_agenda_window

ROLES = [
    StaffRole.SSP_CONSULTANT,
    StaffRole.POLICE_PREVENTION_OFFICER,
    StaffRole.SCHOOL_LEADER,
    StaffRole.SSP_TEACHER,
    StaffRole.CASEWORKER,
    StaffRole.MANAGER,
    StaffRole.MUNICIPAL_ADMIN,
    StaffRole.SYSTEM_ADMIN,
]
SCHOOL_ROLES = [StaffRole.SCHOOL_LEADER, StaffRole.SSP_TEACHER]
COMMON_RELATIONS = ["none", "team_member", "caseworker", "emergency", "agenda_participant"]
# Every relation that opens a concern also lists it in "Mine sager" (issue 9: the list is what the policy opens).
SEES = {"responsible", "team_member", "caseworker", "school_rep_in_context", "emergency", "agenda_participant"}

CASES = (
    [(role, relation) for role in ROLES for relation in COMMON_RELATIONS]
    + [(StaffRole.SSP_CONSULTANT, "responsible")]
    + [(role, relation) for role in SCHOOL_ROLES for relation in ("school_rep_in_context", "school_rep_no_context")]
)

READ_ROUTES: dict[str, Callable[[Concern], str]] = {
    "page:detail": lambda c: reverse("concerns:detail", args=[c.pk]),
    "page:citizen": lambda c: reverse("concerns:citizen", args=[c.citizen_id]),
    "page:export": lambda c: reverse("concerns:export", args=[c.pk]),
    "api:citizen": lambda c: f"/api/v1/citizens/{c.citizen_id}",
    "api:concern": lambda c: f"/api/v1/concerns/{c.pk}",
}
# List routes and how to tell whether the target is in the list.
LIST_ROUTES: dict[str, tuple[str, Callable[[Any, Concern], bool]]] = {
    "page:mine": ("/sager/", lambda r, c: c.citizen.full_name in r.content.decode()),
    "api:citizens": ("/api/v1/citizens", lambda r, c: c.citizen_id in {row["id"] for row in r.json()}),
    "api:concerns": ("/api/v1/concerns", lambda r, c: c.pk in {row["id"] for row in r.json()}),
}


@pytest.fixture
def with_relation(make_concern: Any, make_user: Any, make_school: Any, place_at_school: Any) -> Callable[..., Concern]:
    """A concern in ``municipality`` to which ``user`` has ``relation``."""

    def build(user: User, relation: str, municipality: str) -> Concern:
        if relation == "responsible":
            return make_concern(responsible=user, municipality=municipality)
        if relation == "team_member":
            return make_concern(team=[user], municipality=municipality)
        if relation == "caseworker":
            return make_concern(caseworker=user, municipality=municipality)
        if relation.startswith("school_rep"):
            school = make_school(municipality)
            place_at_school(user, school)
            return make_concern(
                school=school, school_context=relation == "school_rep_in_context", municipality=municipality
            )
        concern = make_concern(municipality=municipality)
        if relation == "emergency":
            request_emergency_access(concern.citizen, actor=user, reason="Akut henvendelse fra skolen", hours=24)
        elif relation == "agenda_participant":
            open_agenda_window(user, concern, source_ref="agenda_item:matrix")
        return concern

    return build


def _request(client: Any, url: str) -> tuple[Any, int]:
    before = AuditEvent.objects.count()
    response = client.get(url)
    return response, AuditEvent.objects.count() - before


@pytest.mark.parametrize("place", ["same", "other"])
@pytest.mark.parametrize(("role", "relation"), CASES)
def test_access_follows_relations_and_municipality(
    role: str, relation: str, place: str, make_user: Any, login: Any, with_relation: Any, make_concern: Any
) -> None:
    user = make_user(role=role, municipality="161" if place == "same" else "661")
    if place == "same":
        target = with_relation(user, relation, "161")
    else:
        # The relation holds in the user's own municipality; the citizen asked for lives in another.
        with_relation(user, relation, "661")
        target = make_concern(municipality="161")
    client = login(user)
    allowed = place == "same" and relation in SEES
    secrets = [target.citizen.last_name, target.citizen.cpr, target.citizen.cpr[:6]]

    for name, route in READ_ROUTES.items():
        response, audited = _request(client, route(target))
        body = response.content.decode()
        if allowed:
            assert response.status_code == 200, name
            assert audited == 1, name
        else:
            assert response.status_code in (403, 404), name
            assert not any(secret in body for secret in secrets), name

    for name, (url, listed) in LIST_ROUTES.items():
        response, audited = _request(client, url)
        assert response.status_code == 200, name
        assert audited == 1, name
        assert listed(response, target) == (allowed and place == "same"), name


WRITE_CASES = [
    ("responsible", 302),
    ("team_member", 302),
    ("caseworker", 302),
    ("school_rep_in_context", 302),
    ("emergency", 403),
    ("agenda_participant", 403),
    ("none", 404),
    ("school_rep_no_context", 404),
]


@pytest.mark.parametrize(("relation", "expected"), WRITE_CASES)
def test_adding_a_note_needs_a_working_relation(
    relation: str, expected: int, make_user: Any, login: Any, with_relation: Any
) -> None:
    role = StaffRole.SSP_TEACHER if relation.startswith("school_rep") else StaffRole.SSP_CONSULTANT
    user = make_user(role=role)
    concern = with_relation(user, relation, "161")
    client = login(user)
    before = AuditEvent.objects.count()

    page = client.post(reverse("concerns:add_note", args=[concern.pk]), {"text": "Opfølgning aftalt."})
    api = client.post(
        f"/api/v1/concerns/{concern.pk}/notes", {"text": "Opfølgning aftalt."}, content_type="application/json"
    )

    assert page.status_code == expected
    assert api.status_code == {302: 201}.get(expected, expected)
    assert concern.notes.count() == (2 if expected == 302 else 0)
    if expected == 302:
        assert AuditEvent.objects.count() - before == 2  # one per request
    else:
        assert concern.citizen.last_name not in api.content.decode() + page.content.decode()
